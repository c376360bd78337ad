namespace PSFlops.Engine
{
    /// <summary>
    /// Forward FLOPs of one layer, split by what does the work, so that a block or a model
    /// breakdown is a plain sum. Components that a layer does not have are zero. <c>StateSpace</c>: everything a
    /// state-space or linear-attention mixer does (its projections, convolution, scan and gates).
    /// </summary>
    public sealed record FlopBreakdown(
        double AttentionProjection = 0,
        double AttentionScore = 0,
        double AttentionSoftmax = 0,
        double AttentionValue = 0,
        double AttentionOutput = 0,
        double FeedForward = 0,
        double Norm = 0,
        double Activation = 0,
        double Other = 0,
        double StateSpace = 0)
    {
        public static readonly FlopBreakdown Zero = new FlopBreakdown();

        public double Total =>
            AttentionProjection + AttentionScore + AttentionSoftmax + AttentionValue + AttentionOutput
            + FeedForward + Norm + Activation + Other + StateSpace;

        /// <summary>The work Megatron's selective recomputation repeats: scores, softmax, scores x V.</summary>
        public double SelectiveRecompute => AttentionScore + AttentionSoftmax + AttentionValue;

        public static FlopBreakdown operator +(FlopBreakdown a, FlopBreakdown b) => new FlopBreakdown(
            a.AttentionProjection + b.AttentionProjection, a.AttentionScore + b.AttentionScore,
            a.AttentionSoftmax + b.AttentionSoftmax, a.AttentionValue + b.AttentionValue,
            a.AttentionOutput + b.AttentionOutput, a.FeedForward + b.FeedForward, a.Norm + b.Norm,
            a.Activation + b.Activation, a.Other + b.Other, a.StateSpace + b.StateSpace);

        public static FlopBreakdown operator *(FlopBreakdown a, double k) => new FlopBreakdown(
            a.AttentionProjection * k, a.AttentionScore * k, a.AttentionSoftmax * k, a.AttentionValue * k,
            a.AttentionOutput * k, a.FeedForward * k, a.Norm * k, a.Activation * k, a.Other * k, a.StateSpace * k);
    }

    /// <summary>
    /// The cost of one forward pass through one layer. FLOPs follow the counting convention they were
    /// computed under; <see cref="Macs"/> counts multiply-accumulates of matmuls and convolutions only.
    /// <see cref="ActiveParameters"/> differs from <see cref="Parameters"/> only for mixture-of-experts layers.
    /// </summary>
    public sealed record LayerCost(double Parameters, double ActiveParameters, double Macs, FlopBreakdown Breakdown)
    {
        public static readonly LayerCost Zero = new LayerCost(0, 0, 0, FlopBreakdown.Zero);

        public double Flops => Breakdown.Total;

        /// <summary>FLOPs per token of a pass over <paramref name="batch"/> sequences of <paramref name="sequence"/> tokens.</summary>
        public double FlopsPerToken(long sequence, long batch)
        {
            Require.Positive(sequence, "SequenceLength");
            Require.Positive(batch, "BatchSize");
            return Flops / ((double)sequence * batch);
        }

        public static LayerCost operator +(LayerCost a, LayerCost b) => new LayerCost(
            a.Parameters + b.Parameters, a.ActiveParameters + b.ActiveParameters, a.Macs + b.Macs,
            a.Breakdown + b.Breakdown);

        public static LayerCost operator *(LayerCost a, double k) =>
            new LayerCost(a.Parameters * k, a.ActiveParameters * k, a.Macs * k, a.Breakdown * k);
    }
}
