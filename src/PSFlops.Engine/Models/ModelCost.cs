using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>A distinct layer with its cost for one occurrence.</summary>
    public sealed record LayerRowCost(LayerRow Row, LayerCost Cost)
    {
        public double TotalFlops => Cost.Flops * Row.Count;

        /// <summary>FLOPs of <paramref name="count"/> occurrences of a layer of <paramref name="cost"/>.</summary>
        public static double TotalOf(LayerCost cost, long count) => cost.Flops * count;

        /// <summary>A part's share of a whole, 0 for a whole of no FLOPs (an identity layer alone, an empty model).</summary>
        public static double Share(double part, double whole) => whole > 0 ? part / whole : 0;
    }

    /// <summary>
    /// Forward, backward, training and hardware FLOPs of a whole model at one batch and sequence length.
    /// Built by <see cref="Compute"/>, which sums the rows once.
    /// </summary>
    /// <param name="Total">The whole model's forward cost: every row times its count.</param>
    /// <param name="Recomputable">The forward work full activation checkpointing runs again (<see cref="LayerRow.Checkpointed"/> rows).</param>
    /// <param name="Beside">Rows reported apart from the main model (<see cref="LayerRow.MainModel"/> false), summed:
    /// DeepSeek-V3's multi-token-prediction module.</param>
    public sealed record ModelCost(
        IReadOnlyList<LayerRowCost> Rows, LayerCost Total, FlopBreakdown Recomputable, long SequenceLength, long BatchSize,
        CountingOptions Options, LayerCost Beside = null)
    {
        public double Tokens => (double)BatchSize * SequenceLength;

        /// <summary>Training FLOPs plus what the recomputation setting runs again.</summary>
        public double HardwareFlops(Recompute recompute) => Passes.Hardware(Total.Flops, Recomputable, recompute);

        /// <summary>The whole-model figures, without the per-layer rows.</summary>
        public ModelTotals Totals() => new ModelTotals(Total.Parameters, Total.ActiveParameters, Total.Macs, Total.Breakdown,
            Recomputable, SequenceLength, BatchSize);

        public static ModelCost Compute(IReadOnlyList<LayerRow> rows, long sequenceLength, long batchSize, CountingOptions options)
        {
            var costed = new List<LayerRowCost>(rows.Count);
            LayerCost total = LayerCost.Zero, beside = LayerCost.Zero;
            var recomputable = FlopBreakdown.Zero;
            foreach (var row in rows)
            {
                var cost = row.Spec.Cost(options);
                costed.Add(new LayerRowCost(row, cost));
                var all = cost * row.Count;
                if (!row.MainModel) { beside += all; continue; }
                total += all;
                if (row.Checkpointed) recomputable += all.Breakdown;
            }
            return new ModelCost(costed, total, recomputable, sequenceLength, batchSize, options, beside);
        }
    }

    /// <summary>
    /// Whole-model figures for one workload. Every FLOP and MAC count is linear in the batch (each formula
    /// has B as a factor; the property tests check it), so a batch sweep scales one count instead of redoing it.
    /// </summary>
    public sealed record ModelTotals(double Parameters, double ActiveParameters, double Macs, FlopBreakdown Forward,
        FlopBreakdown Recomputable, long SequenceLength, long BatchSize)
    {
        public double Tokens => (double)BatchSize * SequenceLength;

        public double ForwardFlops => Forward.Total;

        public double HardwareFlops(Recompute recompute) => Passes.Hardware(ForwardFlops, Recomputable, recompute);

        public double BackwardFlops => Passes.Backward(ForwardFlops);
        public double TrainingFlops => Passes.Training(ForwardFlops);
        public double ForwardFlopsPerToken => ForwardFlops / Tokens;
        public double TrainingFlopsPerToken => TrainingFlops / Tokens;
        public double HardwareFlopsPerToken(Recompute recompute) => HardwareFlops(recompute) / Tokens;

        /// <summary>The same model and sequence length at another batch size; only from a batch of 1, so the scaling is one exact multiply.</summary>
        public ModelTotals ForBatch(long batchSize)
        {
            Require.Positive(batchSize, "BatchSize");
            Require.That(BatchSize == 1, "BatchSize", "Totals scale to another batch only from a batch of 1.");
            return this with
            {
                Macs = Macs * batchSize, Forward = Forward * batchSize, Recomputable = Recomputable * batchSize,
                BatchSize = batchSize,
            };
        }
    }

    /// <summary>
    /// Pass multipliers (docs/formulas.md, "Passes"): backward = 2 x forward; training = 3 x forward; hardware FLOPs
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

        /// <summary>Training FLOPs of <paramref name="forward"/> plus what the setting recomputes of <paramref name="recomputable"/>.</summary>
        public static double Hardware(double forward, FlopBreakdown recomputable, Recompute recompute) =>
            Training(forward) + Recomputed(recomputable, recompute);
    }
}
