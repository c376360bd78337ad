using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Qwen3MoeForCausalLM: Qwen3 attention (q/k norms); sparse layers as Qwen2-MoE places them (mlp_only_layers,
    /// decoder_sparse_step) with num_experts experts of moe_intermediate_size and no shared expert.
    /// </summary>
    internal sealed class Qwen3MoeFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen3_moe" };

        public TransformerConfig Read(Fields f)
        {
            var moe = new MoEConfig(f.RequiredLong("num_experts"), f.RequiredLong("num_experts_per_tok"), 0, f.RequiredLong("moe_intermediate_size"))
            {
                Every = f.Long("decoder_sparse_step") ?? 1, DenseLayers = f.Longs("mlp_only_layers"),
            };
            DecoderFields.Refuse(f, "decoder_sparse_step", moe.Every <= 0, "must be a positive integer.");
            return Qwen2Family.Qwen(f, DecoderFields.Llama(f) with { QkNorm = QkNorm.PerHead, MoE = moe });
        }
    }
}
