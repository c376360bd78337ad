using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// T5ForConditionalGeneration and MT5ForConditionalGeneration (transformers models/t5, models/mt5): one token table
    /// ("shared") for both stacks; num_layers encoder and num_decoder_layers (default num_layers) decoder blocks of
    /// T5LayerNorm (a weight-only RMSNorm), bias-free attention of num_heads heads of d_kv (inner width H d_kv, not
    /// d_model), and a bias-free FFN of d_ff: feed_forward_proj "relu"/"gelu" plain, "gated-gelu"/"gated-silu" gated
    /// (wi_0, wi_1, wo; T5 v1.1, mT5). The first layer of each stack holds the relative position bias
    /// (relative_attention_num_buckets x num_heads); each decoder block cross-attends to the encoder; both stacks end in
    /// a final norm; lm_head is untied when tie_word_embeddings is false (T5Config defaults to tied, MT5Config to untied).
    /// </summary>
    internal sealed class T5Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "t5", "mt5" };

        public TransformerConfig Read(Fields f)
        {
            string proj = f.String("feed_forward_proj") ?? "relu";
            bool gated = proj.StartsWith("gated-", System.StringComparison.Ordinal);
            string act = gated ? proj.Substring("gated-".Length) : proj;
            FfnKind kind = !gated ? FfnKind.Mlp
                : act.StartsWith("gelu", System.StringComparison.Ordinal) ? FfnKind.GeGlu
                : act == "silu" || act == "swish" ? FfnKind.SwiGlu
                : throw new ModelDefinitionException("UnsupportedConfigValue",
                    $"'feed_forward_proj' '{proj}' is not an FFN PSFlops can count (relu, gelu, gated-gelu, gated-silu).", f.Node("feed_forward_proj").Location);
            ActivationKind activation = act == "relu" ? ActivationKind.ReLU
                : act.StartsWith("gelu", System.StringComparison.Ordinal) ? ActivationKind.GELU
                : act == "silu" || act == "swish" ? ActivationKind.SiLU
                : throw new ModelDefinitionException("UnsupportedConfigValue",
                    $"'feed_forward_proj' '{proj}' is not an FFN PSFlops can count (relu, gelu, gated-gelu, gated-silu).", f.Node("feed_forward_proj").Location);

            long layers = f.RequiredLong("num_layers");
            bool dropout = DecoderFields.Dropout(f, 0.1, "dropout_rate");
            TransformerConfig Stack(long count, bool causal) => new TransformerConfig
            {
                Layers = count, ModelDim = f.RequiredLong("d_model"), Heads = f.RequiredLong("num_heads"), HeadDim = f.RequiredLong("d_kv"),
                FfnDim = f.RequiredLong("d_ff"), Ffn = kind, Activation = activation, Norm = NormKind.RMSNorm,
                Bias = TransformerBias.None, VocabSize = f.RequiredLong("vocab_size"), Positions = PositionKind.None,
                MaxSequenceLength = f.Long("n_positions") ?? 512, Causal = causal,
                RelativeAttentionBuckets = f.Long("relative_attention_num_buckets") ?? 32,
                // T5Config: dropout_rate 0.1, applied both to the attention weights (T5Attention) and after each sub-layer.
                AttentionDropout = dropout, HiddenDropout = dropout,
            };
            var encoder = Stack(layers, false) with { TokenEmbedding = false, LMHead = false };
            bool mt5 = f.String("model_type") == "mt5";
            return Stack(f.Long("num_decoder_layers") ?? layers, true) with
            {
                Encoder = encoder, TiedEmbeddings = f.Bool("tie_word_embeddings") ?? !mt5,
            };
        }
    }
}
