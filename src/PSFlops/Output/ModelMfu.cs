using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>Model and hardware FLOPs utilisation of one training run (Get-ModelMfu).</summary>
    public sealed class ModelMfu
    {
        public string Model { get; set; }
        public string Hardware { get; set; }
        public DataType DataType { get; set; }
        public long DeviceCount { get; set; }
        public double TokensPerSecond { get; set; }
        public string Method { get; set; }
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
