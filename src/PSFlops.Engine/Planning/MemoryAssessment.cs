namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// A memory job against one device: its bytes per device, the verdict, and the smallest layouts that fit, each changing
    /// one axis from the job's layout (null when none does; <see cref="MinDataParallel"/> only where data parallelism helps,
    /// training under ZeRO), and the layout with fewest devices changing TP, PP (and DP) together (null when none up to 2^20 fits).
    /// </summary>
    public sealed record MemoryAssessment(MemoryBreakdown Memory, FitVerdict Verdict, long? MinTensorParallel,
        long? MinPipelineParallel, long? MinDataParallel, ParallelLayout SmallestLayout);
}
