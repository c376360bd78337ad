using System.Collections.Generic;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Turns a transformer configuration into its distinct layers for a batch and sequence length.
    /// The repeated block appears once with Count = layers, never expanded.
    /// </summary>
    public static class TransformerExpander
    {
        public const string EmbeddingsBlock = "embeddings";
        public const string LayerBlock = "layers";
        public const string HeadBlock = "head";

        public static IReadOnlyList<LayerRow> Expand(TransformerConfig c, long sequenceLength, long batchSize, long? kvLength = null)
        {
            Validate(c);
            Require.Positive(sequenceLength, "SequenceLength");
            Require.Positive(batchSize, "BatchSize");
            double tokens = (double)batchSize * sequenceLength;
            var rows = new List<LayerRow>
            {
                new LayerRow(EmbeddingsBlock, "token_embedding", 1, new EmbeddingSpec(c.VocabSize, c.ModelDim, tokens), Checkpointed: false),
            };
            if (c.Positions == PositionKind.Learned)
                rows.Add(new LayerRow(EmbeddingsBlock, "position_embedding", 1,
                    new PositionEmbeddingSpec(c.MaxSequenceLength ?? sequenceLength, c.ModelDim, tokens), Checkpointed: false));
            if (c.TypeVocabSize > 0)
                rows.Add(new LayerRow(EmbeddingsBlock, "token_type_embedding", 1,
                    new PositionEmbeddingSpec(c.TypeVocabSize, c.ModelDim, tokens, TokenTypes: true), Checkpointed: false));
            if (c.EmbeddingNorm)
                rows.Add(new LayerRow(EmbeddingsBlock, "embedding_norm", 1, new NormSpec(c.Norm, c.ModelDim, tokens), Checkpointed: false));

            foreach (var (name, spec) in Block(c, sequenceLength, batchSize, kvLength))
                rows.Add(new LayerRow(LayerBlock, name, c.Layers, spec));

            if (c.FinalNorm)
                rows.Add(new LayerRow(HeadBlock, "final_norm", 1, new NormSpec(c.Norm, c.ModelDim, tokens), Checkpointed: false));
            if (c.Pooler)
            {
                // BERT's pooler: dense + tanh on the first token of each sequence.
                rows.Add(new LayerRow(HeadBlock, "pooler", 1, new LinearSpec(c.ModelDim, c.ModelDim, true, batchSize), Checkpointed: false));
                rows.Add(new LayerRow(HeadBlock, "pooler_activation", 1, new ActivationSpec(ActivationKind.Tanh, (double)batchSize * c.ModelDim), Checkpointed: false));
            }
            if (c.LMHead)
                rows.Add(new LayerRow(HeadBlock, "lm_head", 1,
                    new LMHeadSpec(c.ModelDim, c.VocabSize, c.TiedEmbeddings, c.Bias.LMHead, tokens), Checkpointed: false));
            return rows;
        }

        /// <summary>
        /// One transformer block. Pre-norm and post-norm blocks count the same. A parallel block
        /// (GPT-J, PaLM) shares one norm between attention and FFN and adds both to the residual.
        /// </summary>
        /// <param name="kvLength">Keys each query can see: the context when decoding with a KV cache; defaults to the sequence length.</param>
        public static IReadOnlyList<(string Name, LayerSpec Spec)> Block(TransformerConfig c, long sequenceLength, long batchSize, long? kvLength = null)
        {
            double tokens = (double)batchSize * sequenceLength;
            var attention = AttentionSpec.Create(c.ModelDim, c.Heads, c.KvHeads, c.HeadDim, batchSize,
                sequenceLength, kvLength, c.Window, c.Causal, c.Bias.Attention) with { KvCached = kvLength.HasValue };
            LayerSpec ffn = c.MoE == null
                ? new FeedForwardSpec(c.ModelDim, c.FfnDim, c.Ffn, c.Activation, c.Bias.FeedForward, tokens)
                : new MoESpec(c.ModelDim, c.MoE.ExpertFfnDim, c.MoE.Experts, c.MoE.TopK, c.MoE.SharedExperts,
                    c.Ffn, c.Activation, c.Bias.FeedForward, tokens);
            string ffnName = c.MoE == null ? "feed_forward" : "moe";
            var norm = new NormSpec(c.Norm, c.ModelDim, tokens);
            var residual = new ResidualSpec(tokens * c.ModelDim);

            if (c.ParallelBlock)
                return new (string, LayerSpec)[]
                {
                    ("norm", norm), ("attention", attention), (ffnName, ffn),
                    ("attention_residual", residual), ("feed_forward_residual", residual),
                };
            return new (string, LayerSpec)[]
            {
                ("attention_norm", norm), ("attention", attention), ("attention_residual", residual),
                ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_residual", residual),
            };
        }

        private static void Validate(TransformerConfig c)
        {
            Require.Positive(c.Layers, "layers");
            Require.Positive(c.ModelDim, "model_dim");
            Require.Positive(c.Heads, "heads");
            Require.Positive(c.VocabSize, "vocab_size");
            if (c.MoE == null) Require.Positive(c.FfnDim, "ffn_dim");
        }
    }
}
