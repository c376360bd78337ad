namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// One optimizer step of a model on a layout: the time of each term (they add up to StepSeconds), throughput,
    /// utilisation and memory per device. Seconds are wall-clock for the whole step.
    /// </summary>
    public sealed record StepTimeEstimate
    {
        public TrainingStep Step { get; init; }
        public ParallelLayout Layout { get; init; }
        public long SequenceLength { get; init; }
        public double StepSeconds { get; init; }
        /// <summary>Matmuls and memory-bound work of every micro-batch on the slowest stage, recomputation included.</summary>
        public double ComputeSeconds { get; init; }
        public double TensorParallelCommSeconds { get; init; }
        public double PipelineBubbleSeconds { get; init; }
        public double PipelineCommSeconds { get; init; }
        public double DataParallelCommSeconds { get; init; }
        public double ExpertParallelCommSeconds { get; init; }
        public double ContextParallelCommSeconds { get; init; }
        public double OptimizerSeconds { get; init; }
        public double TokensPerSecond { get; init; }
        /// <summary>Model FLOPs per step (matmuls, full attention square, no recomputation: Korthikanti Eq. 7's convention).</summary>
        public double ModelFlopsPerStep { get; init; }
        /// <summary>Model FLOPs plus recomputation (Korthikanti Eq. 8's convention).</summary>
        public double HardwareFlopsPerStep { get; init; }
        public double TFlopsPerSecondPerDevice { get; init; }
        public double Mfu { get; init; }
        public double Hfu { get; init; }
        public MemoryBreakdown Memory { get; init; }
        public double MemoryBytesPerDevice { get; init; }
        public double DeviceMemoryBytes { get; init; }
        public bool Fits { get; init; }
        /// <summary>The fraction of the dense peak matmuls are costed at.</summary>
        public double Efficiency { get; init; }
        public string EfficiencySource { get; init; }
    }
}
