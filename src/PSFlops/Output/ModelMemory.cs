using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>Memory per device (bytes, raw) for training or inference, with a verdict against a device (Get-ModelMemory).</summary>
    public sealed class ModelMemory
    {
        public string Model { get; set; }
        /// <summary>"Training" or "Inference".</summary>
        public string Mode { get; set; }
        public double Parameters { get; set; }
        public long SequenceLength { get; set; }
        public long BatchSize { get; set; }
        public DataType DataType { get; set; }
        public Optimizer? Optimizer { get; set; }
        public int ZeroStage { get; set; }
        public long DataParallel { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        public Recompute Recompute { get; set; }
        public double WeightBytes { get; set; }
        public double GradientBytes { get; set; }
        public double OptimizerBytes { get; set; }
        public double ActivationBytes { get; set; }
        public double KvCacheBytes { get; set; }
        public double TotalBytes { get; set; }
        public string Hardware { get; set; }
        /// <summary>The device's memory in bytes (the datasheet's GB x 10^9).</summary>
        public double? DeviceMemoryBytes { get; set; }
        /// <summary>Share of the device's memory kept back for the framework (CUDA context, allocator fragmentation).</summary>
        public double? ReserveFraction { get; set; }
        /// <summary>TotalBytes over DeviceMemoryBytes.</summary>
        public double? Fraction { get; set; }
        /// <summary>TotalBytes fits in DeviceMemoryBytes less the reserve.</summary>
        public bool? Fits { get; set; }
        /// <summary>Smallest power-of-two data-parallel size that fits, other sizes as given (training with ZeRO only).</summary>
        public long? MinDataParallel { get; set; }
        /// <summary>Smallest power-of-two tensor-parallel size that fits, other sizes as given.</summary>
        public long? MinTensorParallel { get; set; }
    }
}
