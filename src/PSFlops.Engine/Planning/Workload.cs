namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// What one step processes: sequences of <see cref="SequenceLength"/> tokens, <see cref="MicroBatchSize"/> of them per
    /// device per forward pass (BatchSize on the counting cmdlets), and optionally <see cref="GlobalBatchSize"/> sequences
    /// per optimizer step across the data-parallel group.
    /// </summary>
    public sealed record Workload(long SequenceLength, long MicroBatchSize = 1, long? GlobalBatchSize = null)
    {
        public void Validate()
        {
            Require.Positive(SequenceLength, "SequenceLength");
            Require.Positive(MicroBatchSize, "MicroBatchSize");
            if (GlobalBatchSize is long global) Require.Positive(global, "GlobalBatchSize");
        }

        /// <summary>Whether the global batch (if any) splits into whole micro-batches over the layout's replicas.</summary>
        public bool SplitsOver(ParallelLayout layout) =>
            !(GlobalBatchSize is long global) || global % ((double)MicroBatchSize * layout.DataParallel) == 0;

        /// <summary>
        /// Micro-batches per optimizer step on each data-parallel replica: global / (micro x DP), which must be whole.
        /// Without a global batch, one micro-batch per replica.
        /// </summary>
        public long MicroBatchesPerStep(ParallelLayout layout)
        {
            Validate();
            if (!(GlobalBatchSize is long global)) return 1;
            double perReplica = (double)MicroBatchSize * layout.DataParallel;
            Require.That(global % perReplica == 0, "GlobalBatchSize",
                $"GlobalBatchSize ({global}) must be a multiple of MicroBatchSize x DataParallel ({perReplica:R}).", "GlobalBatchSizeLayout");
            return (long)(global / perReplica);
        }
    }
}
