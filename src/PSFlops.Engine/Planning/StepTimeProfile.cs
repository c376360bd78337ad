using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// What the step-time model needs of a transformer, read once from its expanded rows for one sequence (a batch
    /// of 1; every FLOP count is linear in the batch). Timing FLOPs count matmuls only, and with flash attention a
    /// causal model's attention skips the masked half; the reported model FLOPs keep Korthikanti's convention (matmuls,
    /// the full S x S square).
    /// </summary>
    public sealed record StepTimeProfile
    {
        public string Model { get; init; }
        public TransformerConfig Transformer { get; init; }
        public long SequenceLength { get; init; }
        public long Layers { get; init; }
        public long Heads { get; init; }
        public long ModelDim { get; init; }
        /// <summary>Logits per token the LM head writes: the vocabulary, or 0 for a model without an LM head (an encoder's
        /// pooled head writes none), as Memory.LogitsBytes counts them.</summary>
        public long VocabSize { get; init; }
        /// <summary>Key/value width, KV heads x head dim (what context parallelism exchanges).</summary>
        public long KvWidth { get; init; }
        public long Experts { get; init; }
        public long TopK { get; init; }
        /// <summary>Layers whose feed-forward is a mixture of experts (their all-to-alls).</summary>
        public long MoELayers { get; init; }
        public double Parameters { get; init; }
        /// <summary>Parameters in routed experts (sharded by expert parallelism).</summary>
        public double ExpertParameters { get; init; }
        /// <summary>Forward matmul FLOPs of one sequence through the transformer layers, for timing.</summary>
        public double LayerFlops { get; init; }
        /// <summary>Of those, the attention core (scores and scores x V) that selective recomputation repeats.</summary>
        public double CoreFlops { get; init; }
        /// <summary>Forward matmul FLOPs of the layers outside the blocks (the LM head), for timing.</summary>
        public double HeadFlops { get; init; }
        /// <summary>Forward model FLOPs of one sequence in the reported convention, and what each recompute setting adds.</summary>
        public ModelCost Reported { get; init; }

        /// <param name="reported">How ModelFlopsPerStep and HardwareFlopsPerStep are counted; Matmul over the full square by default.</param>
        public static StepTimeProfile Of(ModelDefinition model, long sequenceLength, bool flashAttention, CountingOptions reported = null)
        {
            var c = model.Transformer ?? throw new FlopsArgumentException("Model",
                $"{model.Name} is a layer-graph model; the step-time model covers transformers.", "NotATransformer");
            Require.Positive(sequenceLength, "SequenceLength");
            var rows = ModelCalculator.Expand(model, sequenceLength, 1);
            var timing = ModelCost.Compute(rows, sequenceLength, 1, new CountingOptions(Convention.Matmul, flashAttention && c.Causal));
            var reportedCost = ModelCost.Compute(rows, sequenceLength, 1, reported ?? new CountingOptions(Convention.Matmul));
            var layerRows = timing.Rows.Where(r => r.Row.Block == TransformerExpander.LayerBlock).ToList();
            var headRows = timing.Rows.Where(r => r.Row.Block != TransformerExpander.LayerBlock).ToList();
            var moe = rows.Where(r => r.Spec is MoESpec).ToList();
            var firstMoE = moe.Select(r => (MoESpec)r.Spec).FirstOrDefault();
            return new StepTimeProfile
            {
                Model = model.Name, Transformer = c, SequenceLength = sequenceLength,
                Layers = c.Layers, Heads = c.Heads, ModelDim = c.ModelDim, VocabSize = c.LMHead ? c.VocabSize : 0,
                KvWidth = c.ResolvedKvHeads * c.ResolvedHeadDim,
                Experts = firstMoE?.Experts ?? 0, TopK = firstMoE?.TopK ?? 0, MoELayers = moe.Sum(r => r.Count),
                Parameters = reportedCost.Total.Parameters,
                ExpertParameters = moe.Sum(r => r.Count * ((MoESpec)r.Spec).Experts * ((MoESpec)r.Spec).ExpertParameters),
                LayerFlops = layerRows.Sum(r => r.TotalFlops),
                CoreFlops = layerRows.Sum(r => r.Cost.Breakdown.SelectiveRecompute * r.Row.Count),
                HeadFlops = headRows.Sum(r => r.TotalFlops),
                Reported = reportedCost,
            };
        }
    }
}
