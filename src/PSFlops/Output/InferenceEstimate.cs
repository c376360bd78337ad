using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
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
