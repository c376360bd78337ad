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
                WorkMethod.PaLM => Same(Palm(model.Transformer, active, cost.SequenceLength)),
                _ => (Passes.Training(cost.Total.Flops) / cost.Tokens, cost.HardwareFlops(recompute) / cost.Tokens),
            };
            return new TrainingWork(perToken, hardwarePerToken, cost.Total.Parameters, cost.SequenceLength);
        }

        private static (double, double) Same(double perToken) => (perToken, perToken);

        private static double Palm(TransformerConfig t, double activeParameters, long sequenceLength)
        {
            if (t == null)
                throw new FlopsArgumentException("Method", "-Method PaLM needs a transformer model (layers, heads, head dim); use Exact or SixN.");
            return Planner.Palm(activeParameters, t.Layers, t.Heads, t.ResolvedHeadDim, sequenceLength);
        }
    }
}
