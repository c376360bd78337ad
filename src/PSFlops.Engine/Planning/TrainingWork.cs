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
    public sealed record TrainingWork(double ModelFlopsPerToken, double HardwareFlopsPerToken, double Parameters, double ActiveParameters, long SequenceLength)
    {
        /// <summary>
        /// The work per token of one sequence of <paramref name="sequenceLength"/> tokens. The formula
        /// methods have no recomputation term, so their hardware figure equals their model figure.
        /// </summary>
        public static TrainingWork Of(ModelDefinition model, long sequenceLength, WorkMethod method, CountingOptions options, Recompute recompute)
        {
            var cost = ModelCalculator.Cost(model, sequenceLength, 1, options);
            var total = cost.Total;
            double perToken;
            switch (method)
            {
                case WorkMethod.SixN:
                    perToken = Planner.SixN(total.ActiveParameters);
                    break;
                case WorkMethod.PaLM:
                    var t = model.Transformer ?? throw new FlopsArgumentException("Method",
                        "-Method PaLM needs a transformer model (layers, heads, head dim); use Exact or SixN.");
                    perToken = Planner.Palm(total.ActiveParameters, t.Layers, t.Heads, t.ResolvedHeadDim, cost.SequenceLength);
                    break;
                default:
                    return new TrainingWork(Passes.Training(total.Flops) / cost.Tokens, cost.HardwareFlops(recompute) / cost.Tokens,
                        total.Parameters, total.ActiveParameters, cost.SequenceLength);
            }
            return new TrainingWork(perToken, perToken, total.Parameters, total.ActiveParameters, cost.SequenceLength);
        }
    }
}
