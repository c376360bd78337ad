using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>Compute and time to train a model on a token budget (Get-TrainingEstimate).</summary>
    public sealed class TrainingEstimate
    {
        public string Model { get; set; }
        public double Parameters { get; set; }
        public double TrainingTokens { get; set; }
        /// <summary>"Given", or "Chinchilla" (20 tokens per parameter).</summary>
        public string TokenBudget { get; set; }
        public long SequenceLength { get; set; }
        public double TrainingFlopsPerToken { get; set; }
        public double TrainingFlops { get; set; }
        public double HardwareFlops { get; set; }
        public Recompute Recompute { get; set; }
        public string Hardware { get; set; }
        public DataType DataType { get; set; }
        public long DeviceCount { get; set; }
        public double Mfu { get; set; }
        /// <summary>Hardware FLOPs utilisation implied by the MFU and the recomputation.</summary>
        public double Hfu { get; set; }
        public double DeviceHours { get; set; }
        public double WallClockDays { get; set; }
        public double WallClockSeconds { get; set; }
    }

    /// <summary>Prefill and roofline-bound decode of a transformer on a device (Get-InferenceEstimate).</summary>
    public sealed class InferenceEstimate
    {
        public string Model { get; set; }
        public long BatchSize { get; set; }
        public long PromptLength { get; set; }
        public long ContextLength { get; set; }
        public DataType DataType { get; set; }
        public double PrefillFlops { get; set; }
        public double DecodeFlopsPerToken { get; set; }
        public double DecodeFlopsPerStep { get; set; }
        public double WeightBytes { get; set; }
        public double KvCacheBytes { get; set; }
        public double BytesPerStep { get; set; }
        /// <summary>Decode FLOPs per byte moved.</summary>
        public double ArithmeticIntensity { get; set; }
        /// <summary>The device's peak FLOP/s over its bandwidth: above it a step is compute-bound.</summary>
        public double RidgeIntensity { get; set; }
        public string Hardware { get; set; }
        public long DeviceCount { get; set; }
        public double ComputeSecondsPerStep { get; set; }
        public double MemorySecondsPerStep { get; set; }
        public double SecondsPerStep { get; set; }
        public double TokensPerSecond { get; set; }
        public double PrefillSeconds { get; set; }
        /// <summary>"Memory" or "Compute".</summary>
        public string Bound { get; set; }
    }
}
