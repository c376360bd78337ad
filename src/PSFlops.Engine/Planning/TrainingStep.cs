namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Everything one training step is run with besides the model and the hardware: the parallel layout, the workload
    /// (sequence length, micro-batch, global batch), recomputation, precision, optimizer, attention kernel, and whether
    /// the data-parallel reduction overlaps the backward pass.
    /// </summary>
    public sealed record TrainingStep
    {
        public ParallelLayout Layout { get; init; } = ParallelLayout.Single;
        public Workload Workload { get; init; }
        public Recompute Recompute { get; init; } = Recompute.None;
        public DataType DataType { get; init; } = DataType.BF16;
        public Optimizer Optimizer { get; init; } = Optimizer.Adam;
        /// <summary>Flash attention: no S x S tensors stored or moved, and causal attention skips the masked half.</summary>
        public bool FlashAttention { get; init; } = true;
        /// <summary>Overlap the data-parallel gradient reduction (and ZeRO-3 gathers) with the backward pass (Megatron's --overlap-grad-reduce).</summary>
        public bool OverlapGradientReduction { get; init; }

        public long MicroBatchSize => Workload.MicroBatchSize;
        public long GlobalBatchSize => Workload.GlobalBatchSize ?? Workload.MicroBatchSize * Layout.DataParallel;

        /// <summary>Micro-batches each pipeline runs per step: m = B / (b d).</summary>
        public long MicroBatches => Workload.MicroBatchesPerStep(Layout);

        public PipelineSchedule Schedule => Layout.VirtualPipelineStages > 1 ? PipelineSchedule.Interleaved : PipelineSchedule.OneForwardOneBackward;
    }
}
