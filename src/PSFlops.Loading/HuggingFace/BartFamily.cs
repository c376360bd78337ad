using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// BartForConditionalGeneration (transformers models/bart): one token table ("shared") for both stacks, each with
    /// its learned positions of max_position_embeddings + 2 rows (BartLearnedPositionalEmbedding's offset) and
    /// layernorm_embedding; encoder_layers and decoder_layers post-norm blocks (the same count as pre-norm) with biases
    /// on every projection and FFN matrix, LayerNorms, activation_function; each decoder block cross-attends to the
    /// encoder; a final norm only when add_final_layer_norm (mBART); lm_head tied (final_logits_bias is a buffer).
    /// </summary>
    internal sealed class BartFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "bart" };

        public TransformerConfig Read(Fields f)
        {
            long positions = f.RequiredLong("max_position_embeddings");
            TransformerConfig Stack(string side, bool causal) => new TransformerConfig
            {
                Layers = f.RequiredLong(side + "_layers"), ModelDim = f.RequiredLong("d_model"),
                Heads = f.RequiredLong(side + "_attention_heads"), FfnDim = f.RequiredLong(side + "_ffn_dim"), Ffn = FfnKind.Mlp,
                Activation = DecoderFields.PlainActivation(f, "activation_function", "gelu"), Norm = NormKind.LayerNorm,
                Bias = TransformerBias.AllButHead, VocabSize = f.RequiredLong("vocab_size"), Positions = PositionKind.Learned,
                MaxSequenceLength = positions, PositionTableSize = positions + 2, Causal = causal, EmbeddingNorm = true,
                FinalNorm = f.Bool("add_final_layer_norm") ?? false, EmbeddingScale = f.Bool("scale_embedding") ?? false,
                // BartConfig: dropout 0.1 on the hidden states after attention and the FFN, attention_dropout 0.0 on the
                // probabilities (activation_dropout inside the FFN is not one of Korthikanti's masks and is not counted).
                AttentionDropout = DecoderFields.Dropout(f, 0.0, "attention_dropout"), HiddenDropout = DecoderFields.Dropout(f, 0.1, "dropout"),
            };
            return Stack("decoder", true) with
            {
                Encoder = Stack("encoder", false) with { TokenEmbedding = false, LMHead = false },
                TiedEmbeddings = f.Bool("tie_word_embeddings") ?? true,
            };
        }
    }
}
