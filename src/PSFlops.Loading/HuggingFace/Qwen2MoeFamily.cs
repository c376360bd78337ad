using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Qwen2MoeForCausalLM: Qwen2 attention; layer i is sparse when it is not in mlp_only_layers and
    /// (i + 1) mod decoder_sparse_step = 0, with num_experts experts of moe_intermediate_size, a bias-free router,
    /// one shared expert of shared_expert_intermediate_size and its sigmoid gate (shared_expert_gate: D -> 1);
    /// other layers have a dense MLP of intermediate_size.
    /// </summary>
    internal sealed class Qwen2MoeFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen2_moe" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f) with { Bias = Qwen2Family.QkvBias };
            long shared = f.Long("shared_expert_intermediate_size") ?? 0;
            var moe = new MoEConfig(f.RequiredLong("num_experts"), f.RequiredLong("num_experts_per_tok"), shared > 0 ? 1 : 0,
                f.RequiredLong("moe_intermediate_size"))
            {
                SharedExpertFfnDim = shared > 0 ? shared : (long?)null, SharedExpertGate = shared > 0,
                Every = f.Long("decoder_sparse_step") ?? 1, DenseLayers = f.Longs("mlp_only_layers"),
            };
            DecoderFields.Refuse(f, "decoder_sparse_step", moe.Every <= 0, "must be a positive integer.");
            return Qwen2Family.Qwen(f, c with { MoE = moe });
        }
    }
}
