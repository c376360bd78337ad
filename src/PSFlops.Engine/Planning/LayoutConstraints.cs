using System.Collections.Generic;

namespace PSFlops.Engine.Planning
{
    /// <summary>The values a layout search may use on each axis; null leaves an axis free, one value fixes it.</summary>
    public sealed record LayoutConstraints
    {
        public static readonly LayoutConstraints None = new LayoutConstraints();

        public IReadOnlyCollection<long> TensorParallel { get; init; }
        public IReadOnlyCollection<long> PipelineParallel { get; init; }
        public IReadOnlyCollection<long> DataParallel { get; init; }
        public IReadOnlyCollection<long> ExpertParallel { get; init; }
        public IReadOnlyCollection<long> ContextParallel { get; init; }
        public IReadOnlyCollection<long> VirtualPipelineStages { get; init; }
        public IReadOnlyCollection<long> MicroBatchSize { get; init; }
        public IReadOnlyCollection<int> ZeroStage { get; init; }
        public IReadOnlyCollection<Recompute> Recompute { get; init; }
        public IReadOnlyCollection<bool> SequenceParallel { get; init; }
    }
}
