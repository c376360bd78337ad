using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>How the work per training token is counted.</summary>
    public enum WorkMethod
    {
        /// <summary>The engine's exact count: 3 x the forward pass of every layer (docs/formulas.md).</summary>
        Exact,
        /// <summary>6N (Kaplan et al. 2020), N the active parameters; attention left out.</summary>
        SixN,
        /// <summary>6N + 12 L H Q T (Chowdhery et al. 2022, Appendix B).</summary>
        PaLM,
    }

    /// <summary>Training FLOPs per token, without (model) and with (hardware) recomputation, and the parameters counted.</summary>
    public sealed record TrainingWork(double ModelFlopsPerToken, double HardwareFlopsPerToken, double Parameters, long SequenceLength)
    {
        /// <summary>
        /// The work per token of one sequence of <paramref name="sequenceLength"/> tokens. The formula
        /// methods have no recomputation term, so their hardware figure equals their model figure.
        /// </summary>
        public static TrainingWork Of(ModelDefinition model, long sequenceLength, WorkMethod method, CountingOptions options, Recompute recompute)
        {
            var cost = ModelCalculator.Cost(model, sequenceLength, 1, options);
            double active = cost.Total.ActiveParameters;
            var (perToken, hardwarePerToken) = method switch
            {
                WorkMethod.SixN => Same(Planner.SixN(active)),
                WorkMethod.PaLM => Same(Palm(model, active, cost.SequenceLength)),
                _ => (Passes.Training(cost.Total.Flops) / cost.Tokens, cost.HardwareFlops(recompute) / cost.Tokens),
            };
            return new TrainingWork(perToken, hardwarePerToken, cost.Total.Parameters, cost.SequenceLength);
        }

        private static (double, double) Same(double perToken) => (perToken, perToken);

        /// <summary>
        /// 6N + 12 L H Q T, with the attention term summed over the rows: PaLM's 12 H Q T per layer is 3 x (2 + 2) H Q T,
        /// the unmasked score and score x V matmuls per token, so each layer contributes 3 x its own (Matmul, no mask) score
        /// and value FLOPs per token: H Q T for a uniform model, d_qk and d_v for latent attention, the window's keys for a
        /// sliding layer.
        /// </summary>
        private static double Palm(ModelDefinition model, double activeParameters, long sequenceLength)
        {
            if (model.Transformer == null)
                throw new FlopsArgumentException("Method", "-Method PaLM needs a transformer model (layers, heads, head dim); use Exact or SixN.");
            var unmasked = ModelCalculator.Cost(model, sequenceLength, 1, new CountingOptions(Convention.Matmul));
            double attention = 0;
            foreach (var row in unmasked.Rows)
                if (row.Row.MainModel) attention += (row.Cost.Breakdown.AttentionScore + row.Cost.Breakdown.AttentionValue) * row.Row.Count;
            return Planner.SixN(activeParameters) + Passes.Training(attention) / unmasked.Tokens;
        }
    }
}
