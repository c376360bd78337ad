using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// GemmaForCausalLM: Llama's layout with Gemma's defaults: GeGLU (hidden_activation, gelu_pytorch_tanh when
    /// absent), head_dim of its own (256 in Gemma-7B, not D/H), the head tied to the embedding unless
    /// tie_word_embeddings is false, and the embedding scaled by sqrt(hidden_size).
    /// </summary>
    internal sealed class GemmaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gemma" };

        public TransformerConfig Read(Fields f) => Gemma(f);

        public static TransformerConfig Gemma(Fields f)
        {
            var c = DecoderFields.Llama(f, tiedByDefault: true);
            return c with { Ffn = DecoderFields.GatedKind(f, f.Has("hidden_activation") ? "hidden_activation" : "hidden_act", "gelu_pytorch_tanh"), EmbeddingScale = true };
        }

        /// <summary>Gemma-2 and Gemma-3: four norms per block, soft-capping where the config sets it, local/global layers.</summary>
        public static TransformerConfig LocalGlobal(Fields f, System.Func<long, AttentionPattern> fallback)
        {
            var c = Gemma(f) with
            {
                PostNorms = true,
                AttentionSoftCap = f.Double("attn_logit_softcapping").HasValue,
                FinalSoftCap = f.Double("final_logit_softcapping").HasValue,
            };
            return DecoderFields.Grouped(f, c, DecoderFields.LayerTypes(f, c.Layers, fallback, f.Long("sliding_window")));
        }
    }
}
