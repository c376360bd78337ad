using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>BertModel: an encoder (no mask), learned positions and token types, embedding LayerNorm, pooler, no LM head.</summary>
    internal sealed class BertFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "bert" };

        public TransformerConfig Read(Fields f) => new TransformerConfig
        {
            Layers = f.RequiredLong("num_hidden_layers"), ModelDim = f.RequiredLong("hidden_size"),
            Heads = f.RequiredLong("num_attention_heads"), FfnDim = f.RequiredLong("intermediate_size"),
            Ffn = FfnKind.Mlp, Activation = DecoderFields.PlainActivation(f, "hidden_act", "gelu"), Norm = NormKind.LayerNorm,
            Bias = TransformerBias.AllButHead, VocabSize = f.RequiredLong("vocab_size"), Positions = PositionKind.Learned,
            MaxSequenceLength = f.RequiredLong("max_position_embeddings"), Causal = false,
            TypeVocabSize = f.Long("type_vocab_size") ?? 2, EmbeddingNorm = true, FinalNorm = false, Pooler = true, LMHead = false,
            // BertConfig: attention_probs_dropout_prob 0.1 on the probabilities, hidden_dropout_prob 0.1 after each sub-layer.
            AttentionDropout = DecoderFields.Dropout(f, 0.1, "attention_probs_dropout_prob"),
            HiddenDropout = DecoderFields.Dropout(f, 0.1, "hidden_dropout_prob"),
        };
    }
}
