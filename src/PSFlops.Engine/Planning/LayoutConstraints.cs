namespace PSFlops.Engine.Planning
{
    /// <summary>Axes a layout search keeps fixed; null leaves an axis free.</summary>
    public sealed record LayoutConstraints
    {
        public static readonly LayoutConstraints None = new LayoutConstraints();

        public long? TensorParallel { get; init; }
        public long? PipelineParallel { get; init; }
        public long? DataParallel { get; init; }
        public long? ExpertParallel { get; init; }
        public long? ContextParallel { get; init; }
        public long? VirtualPipelineStages { get; init; }
        public long? MicroBatchSize { get; init; }
        public int? ZeroStage { get; init; }
        public Recompute? Recompute { get; init; }
        public bool? SequenceParallel { get; init; }
    }
}
