namespace PSFlops.Engine.Planning
{
    /// <summary>The collectives a training step runs (NCCL's names).</summary>
    public enum CollectiveKind { AllReduce, ReduceScatter, AllGather, AllToAll, PointToPoint }
}
