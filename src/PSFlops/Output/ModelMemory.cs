using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>
    /// Memory per device (bytes, raw; the most-loaded device of the layout) for training or inference, with a verdict
    /// against a device (Get-ModelMemory). Properties are named like the planning parameters, so a row pipes into
    /// Get-ModelMemory, Get-TrainingEstimate, Get-ModelMfu and the other planners and binds every quantity they share.
    /// </summary>
    public sealed class ModelMemory
    {
        public string Model { get; set; }
        /// <summary>"Training" or "Inference".</summary>
        public string Mode { get; set; }
        /// <summary>Parameters counted (an integer).</summary>
        public long Parameters { get; set; }
        public long SequenceLength { get; set; }
        /// <summary>Micro-batch (training) or sequences served together (inference).</summary>
        public long BatchSize { get; set; }
        public long? GlobalBatchSize { get; set; }
        /// <summary>Encoder positions of an encoder-decoder (T5, BART, Whisper): -EncoderSequenceLength, else the model's own,
        /// else the sequence length; null for other models. Binds by name into the next cmdlet's -EncoderSequenceLength.</summary>
        public long? EncoderSequenceLength { get; set; }
        /// <summary>Pixels per side of each image the vision tower read; null for a model without one.</summary>
        public long? ImageSize { get; set; }
        /// <summary>Images per sequence; null for a model without a vision tower.</summary>
        public long? ImageCount { get; set; }
        public DataType DataType { get; set; }
        public DataType? KvCacheType { get; set; }
        public Optimizer? Optimizer { get; set; }
        public int ZeroStage { get; set; }
        /// <summary>TensorParallel x PipelineParallel x DataParallel x ContextParallel.</summary>
        public long DeviceCount { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        public long DataParallel { get; set; }
        public long ExpertParallel { get; set; }
        public long ContextParallel { get; set; }
        public long VirtualPipelineStages { get; set; }
        public bool SequenceParallel { get; set; }
        public Recompute Recompute { get; set; }
        /// <summary>Flash (true, the default) or eager attention; changes training activations only.</summary>
        public bool FlashAttention { get; set; }
        public double WeightBytes { get; set; }
        public double GradientBytes { get; set; }
        public double OptimizerBytes { get; set; }
        /// <summary>Stored activations on the most-loaded stage, the logits and softmax, and the recomputed layer's working set.</summary>
        public double ActivationBytes { get; set; }
        public double KvCacheBytes { get; set; }
        public double TotalBytes { get; set; }
        public string Hardware { get; set; }
        /// <summary>The device's memory in bytes as its runtime reports it (data/hardware.yaml memory_bytes).</summary>
        public double? DeviceMemoryBytes { get; set; }
        /// <summary>Share of the device's memory kept back for the framework (CUDA context, allocator fragmentation).</summary>
        public double? ReserveFraction { get; set; }
        /// <summary>DeviceMemoryBytes less the reserve: what the verdict compares TotalBytes with.</summary>
        public double? UsableBytes { get; set; }
        /// <summary>TotalBytes over DeviceMemoryBytes.</summary>
        public double? Fraction { get; set; }
        /// <summary>TotalBytes fits in DeviceMemoryBytes less the reserve.</summary>
        public bool? Fits { get; set; }
        /// <summary>Smallest power-of-two data-parallel size that fits, other sizes as given (training with ZeRO only).</summary>
        public long? MinDataParallel { get; set; }
        /// <summary>Smallest power-of-two tensor-parallel size dividing the heads that fits, other sizes as given.</summary>
        public long? MinTensorParallel { get; set; }
        /// <summary>Smallest power-of-two pipeline size (at most the layers) that fits, other sizes as given.</summary>
        public long? MinPipelineParallel { get; set; }
        /// <summary>Devices of <see cref="SmallestLayout"/>.</summary>
        public long? MinDeviceCount { get; set; }
        /// <summary>The fitting layout with fewest devices over TP and PP (and DP with ZeRO), e.g. "TP 8 x PP 2 x DP 1".</summary>
        public string SmallestLayout { get; set; }
    }
}
