using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>A distinct layer with its cost for one occurrence.</summary>
    public sealed record LayerRowCost(LayerRow Row, LayerCost Cost)
    {
        public double TotalFlops => Cost.Flops * Row.Count;
    }

    /// <summary>Forward, backward, training and hardware FLOPs of a whole model at one batch and sequence length.</summary>
    public sealed record ModelCost(
        IReadOnlyList<LayerRowCost> Rows, long SequenceLength, long BatchSize, double Tokens, CountingOptions Options)
    {
        private LayerCost _total;

        /// <summary>The whole model's forward cost (every row times its count), summed once.</summary>
        public LayerCost Total => _total ??= Rows.Aggregate(LayerCost.Zero, (sum, r) => sum + r.Cost * r.Row.Count);

        /// <summary>
        /// The forward work that activation checkpointing runs again: the transformer layers (Megatron
        /// checkpoints each layer; embeddings and the LM head are not recomputed), or every layer of a graph model.
        /// </summary>
        public FlopBreakdown Recomputable => Rows
            .Where(r => r.Row.Block != TransformerExpander.EmbeddingsBlock && r.Row.Block != TransformerExpander.HeadBlock)
            .Aggregate(FlopBreakdown.Zero, (sum, r) => sum + r.Cost.Breakdown * r.Row.Count);

        /// <summary>Training FLOPs plus what the recomputation setting runs again.</summary>
        public double HardwareFlops(Recompute recompute) => Totals().HardwareFlops(recompute);

        /// <summary>The whole-model figures, without the per-layer rows.</summary>
        public ModelTotals Totals() => new ModelTotals(Total.Parameters, Total.ActiveParameters, Total.Macs, Total.Breakdown,
            Recomputable, SequenceLength, BatchSize, Tokens);

        public static ModelCost Compute(IReadOnlyList<LayerRow> rows, long sequenceLength, long batchSize, double tokens, CountingOptions options) =>
            new ModelCost(rows.Select(r => new LayerRowCost(r, r.Spec.Cost(options))).ToList(), sequenceLength, batchSize, tokens, options);
    }

    /// <summary>
    /// Whole-model figures for one workload. Every FLOP and MAC count is linear in the batch (each formula
    /// has B as a factor; the property tests check it), so a batch sweep scales one count instead of redoing it.
    /// </summary>
    public sealed record ModelTotals(double Parameters, double ActiveParameters, double Macs, FlopBreakdown Forward,
        FlopBreakdown Recomputable, long SequenceLength, long BatchSize, double Tokens)
    {
        public double ForwardFlops => Forward.Total;

        public double HardwareFlops(Recompute recompute) => Passes.Training(ForwardFlops) + Passes.Recomputed(Recomputable, recompute);

        /// <summary>The same model and sequence length at another batch size; only from a batch of 1, so the scaling is one exact multiply.</summary>
        public ModelTotals ForBatch(long batchSize)
        {
            Require.Positive(batchSize, "BatchSize");
            Require.That(BatchSize == 1, "BatchSize", "Totals scale to another batch only from a batch of 1.");
            return this with
            {
                Macs = Macs * batchSize, Forward = Forward * batchSize, Recomputable = Recomputable * batchSize,
                BatchSize = batchSize, Tokens = Tokens * batchSize,
            };
        }
    }

    /// <summary>
    /// Pass multipliers (conventions.md): backward = 2 x forward; training = 3 x forward; hardware FLOPs
    /// add what recomputation runs again.
    /// </summary>
    public static class Passes
    {
        public static double Backward(double forward) => 2 * forward;
        public static double Training(double forward) => 3 * forward;

        public static double Recomputed(FlopBreakdown forward, Recompute recompute) => recompute switch
        {
            Recompute.Full => forward.Total,
            Recompute.Selective => forward.SelectiveRecompute,
            _ => 0,
        };

        public static double Hardware(FlopBreakdown forward, Recompute recompute) =>
            Training(forward.Total) + Recomputed(forward, recompute);
    }
}
