using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Phi3ForCausalLM: fused qkv_proj (D -> (H + 2 H_kv) d_h) and gate_up_proj (D -> 2F), the same matrices as
    /// Llama's separate ones, so the same counts; sliding_window on every layer when set. partial_rotary_factor
    /// and rope scaling change no count.
    /// </summary>
    internal sealed class Phi3Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "phi3" };

        // Phi3Config: resid_pdrop 0.0 drops out attention's and the MLP's outputs (resid_attn_dropout, resid_mlp_dropout).
        public TransformerConfig Read(Fields f) => DecoderFields.Llama(f) with
        {
            Window = f.Long("sliding_window"), HiddenDropout = DecoderFields.Dropout(f, 0.0, "resid_pdrop"),
        };
    }
}
