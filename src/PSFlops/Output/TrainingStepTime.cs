using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>
    /// One optimizer step of a model on a parallel layout, predicted from its work and communication (Get-StepTime,
    /// Find-ParallelLayout). The *Seconds terms add up to StepSeconds. Properties are named like the planning
    /// parameters, so the object pipes into Get-StepTime again or into Get-TrainingEstimate.
    /// </summary>
    public sealed class TrainingStepTime : IModelWorkload
    {
        /// <summary>The model's encoder length (see <see cref="IModelWorkload"/>); null for a model without an encoder.</summary>
        public long? EncoderSequenceLength { get; set; }
        /// <summary>Pixels per side of each image the vision tower read; null for a model without one.</summary>
        public long? ImageSize { get; set; }
        /// <summary>Images per sequence; null for a model without a vision tower.</summary>
        public long? ImageCount { get; set; }
        public string Model { get; set; }
        public string Hardware { get; set; }
        /// <summary>TensorParallel x PipelineParallel x DataParallel x ContextParallel.</summary>
        public long DeviceCount { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        public long DataParallel { get; set; }
        public long ExpertParallel { get; set; }
        public long ContextParallel { get; set; }
        public long VirtualPipelineStages { get; set; }
        public bool SequenceParallel { get; set; }
        public int ZeroStage { get; set; }
        /// <summary>OneForwardOneBackward (1F1B) or Interleaved (1F1B with VirtualPipelineStages chunks).</summary>
        public PipelineSchedule Schedule { get; set; }
        public long MicroBatchSize { get; set; }
        public long GlobalBatchSize { get; set; }
        /// <summary>Micro-batches each pipeline runs per step, GlobalBatchSize / (MicroBatchSize x DataParallel).</summary>
        public long MicroBatches { get; set; }
        public long SequenceLength { get; set; }
        public Recompute Recompute { get; set; }
        public DataType DataType { get; set; }
        public Optimizer Optimizer { get; set; }
        public bool FlashAttention { get; set; }
        public bool OverlapGradientReduction { get; set; }
        public double StepSeconds { get; set; }
        public double ComputeSeconds { get; set; }
        public double TensorParallelCommSeconds { get; set; }
        public double PipelineBubbleSeconds { get; set; }
        public double PipelineCommSeconds { get; set; }
        public double DataParallelCommSeconds { get; set; }
        public double ExpertParallelCommSeconds { get; set; }
        public double ContextParallelCommSeconds { get; set; }
        public double OptimizerSeconds { get; set; }
        public double TokensPerSecond { get; set; }
        public double ModelFlopsPerStep { get; set; }
        public double HardwareFlopsPerStep { get; set; }
        public double TFlopsPerSecondPerDevice { get; set; }
        public double Mfu { get; set; }
        public double Hfu { get; set; }
        public double WeightBytes { get; set; }
        public double GradientBytes { get; set; }
        public double OptimizerBytes { get; set; }
        public double ActivationBytes { get; set; }
        public double MemoryBytesPerDevice { get; set; }
        public double DeviceMemoryBytes { get; set; }
        public bool Fits { get; set; }
        /// <summary>The fraction of the dense peak matmuls are costed at.</summary>
        public double Efficiency { get; set; }
        public string EfficiencySource { get; set; }
        /// <summary>The interconnect the step was costed on (GB/s both directions, devices, Gb/s one direction).</summary>
        public double ScaleUpGBps { get; set; }
        public long ScaleUpDomain { get; set; }
        public double ScaleOutGbps { get; set; }

        internal static TrainingStepTime From(string model, Engine.Planning.Hardware hardware, Interconnect links, StepTimeEstimate e)
        {
            var l = e.Layout;
            var s = e.Step;
            return new TrainingStepTime
            {
                Model = model, Hardware = hardware.Name, DeviceCount = l.DeviceCount,
                TensorParallel = l.TensorParallel, PipelineParallel = l.PipelineParallel, DataParallel = l.DataParallel,
                ExpertParallel = l.ExpertParallel, ContextParallel = l.ContextParallel, VirtualPipelineStages = l.VirtualPipelineStages,
                SequenceParallel = l.SequenceParallel, ZeroStage = l.ZeroStage, Schedule = s.Schedule,
                MicroBatchSize = s.MicroBatchSize, GlobalBatchSize = s.GlobalBatchSize,
                MicroBatches = s.MicroBatches, SequenceLength = e.SequenceLength,
                Recompute = s.Recompute, DataType = s.DataType, Optimizer = s.Optimizer, FlashAttention = s.FlashAttention,
                OverlapGradientReduction = s.OverlapGradientReduction,
                StepSeconds = e.StepSeconds, ComputeSeconds = e.ComputeSeconds, TensorParallelCommSeconds = e.TensorParallelCommSeconds,
                PipelineBubbleSeconds = e.PipelineBubbleSeconds, PipelineCommSeconds = e.PipelineCommSeconds,
                DataParallelCommSeconds = e.DataParallelCommSeconds, ExpertParallelCommSeconds = e.ExpertParallelCommSeconds,
                ContextParallelCommSeconds = e.ContextParallelCommSeconds, OptimizerSeconds = e.OptimizerSeconds,
                TokensPerSecond = e.TokensPerSecond, ModelFlopsPerStep = e.ModelFlopsPerStep, HardwareFlopsPerStep = e.HardwareFlopsPerStep,
                TFlopsPerSecondPerDevice = e.TFlopsPerSecondPerDevice, Mfu = e.Mfu, Hfu = e.Hfu,
                WeightBytes = e.Memory.WeightBytes, GradientBytes = e.Memory.GradientBytes, OptimizerBytes = e.Memory.OptimizerBytes,
                ActivationBytes = e.Memory.ActivationBytes, MemoryBytesPerDevice = e.MemoryBytesPerDevice,
                DeviceMemoryBytes = e.DeviceMemoryBytes, Fits = e.Fits, Efficiency = e.Efficiency, EfficiencySource = e.EfficiencySource,
                ScaleUpGBps = links.ScaleUpGBps, ScaleUpDomain = links.ScaleUpDomain, ScaleOutGbps = links.ScaleOutGbps,
            };
        }
    }
}
