namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// One transformer layer, one micro-batch, on one device: forward and backward seconds (recomputation is part of
    /// the backward, as Korthikanti Table 4 times it), and the same time split by what it waits on.
    /// </summary>
    public sealed record LayerStepTime(double ForwardSeconds, double BackwardSeconds, double ComputeSeconds,
        double TensorParallelSeconds, double ContextParallelSeconds);
}
