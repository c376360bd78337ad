using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>Model and hardware FLOPs utilisation of one training run (Get-ModelMfu).</summary>
    public sealed class ModelMfu
    {
        public string Model { get; set; }
        public string Hardware { get; set; }
        public DataType DataType { get; set; }
        /// <summary>TensorParallel x PipelineParallel x DataParallel x ContextParallel.</summary>
        public long DeviceCount { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        public long DataParallel { get; set; }
        public long ContextParallel { get; set; }
        public long SequenceLength { get; set; }
        /// <summary>Sequences per step, where the throughput came from -StepTime.</summary>
        public long? GlobalBatchSize { get; set; }
        public double? StepTime { get; set; }
        public double TokensPerSecond { get; set; }
        public string Method { get; set; }
        public Convention Convention { get; set; }
        public bool CausalMask { get; set; }
        public Recompute Recompute { get; set; }
        /// <summary>Model FLOPs per training token (forward + backward, no recomputation).</summary>
        public double FlopsPerToken { get; set; }
        /// <summary>Hardware FLOPs per training token (recomputation included).</summary>
        public double HardwareFlopsPerToken { get; set; }
        public double AchievedTFlopsPerSecondPerDevice { get; set; }
        public double PeakTFlopsPerSecondPerDevice { get; set; }
        public double Mfu { get; set; }
        public double Hfu { get; set; }
    }
}
