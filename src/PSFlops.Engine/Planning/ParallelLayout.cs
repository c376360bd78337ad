namespace PSFlops.Engine.Planning
{
    /// <summary>The pipeline schedules the step-time model knows (docs/step-time.md, "Pipeline").</summary>
    public enum PipelineSchedule
    {
        /// <summary>1F1B (PipeDream-Flush; GPipe has the same bubble): (p - 1) / m of the ideal time.</summary>
        OneForwardOneBackward,
        /// <summary>Interleaved 1F1B with v model chunks per device: (p - 1) / (v m), v times the point-to-point traffic.</summary>
        Interleaved,
    }

    /// <summary>
    /// How one training step is laid out over devices (Megatron's axes). Devices = TP x PP x DP x CP; EP divides
    /// DP x TP x CP. GlobalBatchSize sequences per optimizer step, in micro-batches of MicroBatchSize per data-parallel rank.
    /// </summary>
    public sealed record ParallelLayout
    {
        public long TensorParallel { get; init; } = 1;
        public long PipelineParallel { get; init; } = 1;
        public long DataParallel { get; init; } = 1;
        public long ExpertParallel { get; init; } = 1;
        public long ContextParallel { get; init; } = 1;
        /// <summary>Model chunks per pipeline stage (interleaving); 1 is plain 1F1B.</summary>
        public long VirtualPipelineStages { get; init; } = 1;
        public long MicroBatchSize { get; init; } = 1;
        public long GlobalBatchSize { get; init; } = 1;
        public bool SequenceParallel { get; init; }
        public Recompute Recompute { get; init; } = Recompute.None;
        public int ZeroStage { get; init; }
        public DataType DataType { get; init; } = DataType.BF16;
        public Optimizer Optimizer { get; init; } = Optimizer.Adam;
        /// <summary>Flash attention: no S x S tensors stored or moved, and causal attention skips the masked half.</summary>
        public bool FlashAttention { get; init; } = true;
        /// <summary>Overlap the data-parallel gradient reduction (and ZeRO-3 gathers) with the backward pass.</summary>
        public bool OverlapGradientReduction { get; init; }

        public long DeviceCount => TensorParallel * PipelineParallel * DataParallel * ContextParallel;

        /// <summary>Micro-batches each pipeline runs per step: m = B / (b d).</summary>
        public long MicroBatches => GlobalBatchSize / (MicroBatchSize * DataParallel);

        public PipelineSchedule Schedule => VirtualPipelineStages > 1 ? PipelineSchedule.Interleaved : PipelineSchedule.OneForwardOneBackward;
    }
}
