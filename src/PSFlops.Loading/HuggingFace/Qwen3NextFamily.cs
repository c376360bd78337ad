using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Qwen3NextForCausalLM (transformers models/qwen3_next): a hybrid of Gated DeltaNet linear attention
    /// (Qwen3NextGatedDeltaNet: linear_num_key_heads x linear_key_head_dim, linear_num_value_heads x
    /// linear_value_head_dim, linear_conv_kernel_dim) and gated attention (Qwen3NextAttention: q_proj twice as wide for the
    /// output gate, q/k RMSNorm over head_dim) by layer_types (linear_attention, full_attention) or, without them, full
    /// attention on every full_attention_interval-th layer ((i + 1) mod interval = 0); Qwen2-MoE's sparse FFN (num_experts
    /// of moe_intermediate_size, one gated shared expert of shared_expert_intermediate_size, decoder_sparse_step,
    /// mlp_only_layers). Its multi-token-prediction weights (mtp_num_hidden_layers) are not built by transformers and
    /// are not counted.
    /// </summary>
    internal sealed class Qwen3NextFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen3_next" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f) with { QkNorm = QkNorm.PerHead, AttentionOutputGate = true };
            long shared = f.Long("shared_expert_intermediate_size") ?? 0;
            var moe = new MoEConfig(f.RequiredLong("num_experts"), f.RequiredLong("num_experts_per_tok"), shared > 0 ? 1 : 0,
                f.RequiredLong("moe_intermediate_size"))
            {
                SharedExpertFfnDim = shared > 0 ? shared : (long?)null, SharedExpertGate = shared > 0,
                Every = f.Long("decoder_sparse_step") ?? 1, DenseLayers = f.Longs("mlp_only_layers"),
            };
            DecoderFields.Refuse(f, "decoder_sparse_step", moe.Every <= 0, "must be a positive integer.");
            var ssm = new StateSpaceConfig(StateSpaceKind.GatedDeltaNet, 0, 0, f.Long("linear_conv_kernel_dim") ?? 4,
                Heads: f.RequiredLong("linear_num_value_heads"), HeadDim: f.RequiredLong("linear_value_head_dim"), ChunkSize: 64)
            {
                KeyHeads = f.RequiredLong("linear_num_key_heads"), KeyHeadDim = f.RequiredLong("linear_key_head_dim"),
            };
            return DecoderFields.Grouped(f, c with { MoE = moe, StateSpace = ssm }, null, Mixers(f, c.Layers));
        }

        private static System.Func<long, MixerKind> Mixers(Fields f, long layers)
        {
            var items = f.Items("layer_types");
            if (items.Count == 0)
            {
                long interval = f.Long("full_attention_interval") ?? 4;
                DecoderFields.Refuse(f, "full_attention_interval", interval <= 0, "must be a positive integer.");
                return i => (i + 1) % interval == 0 ? MixerKind.Attention : MixerKind.StateSpace;
            }
            if (items.Count != layers)
                throw new ModelDefinitionException("UnsupportedConfigValue",
                    $"'layer_types' lists {items.Count} layers; num_hidden_layers is {layers}.", f.Node("layer_types").Location);
            var perLayer = new List<MixerKind>();
            foreach (var item in items)
            {
                string text = Fields.ToText(item, "an entry of 'layer_types'");
                perLayer.Add(text == "full_attention" ? MixerKind.Attention
                    : text == "linear_attention" ? MixerKind.StateSpace
                    : throw new ModelDefinitionException("UnsupportedConfigValue",
                        $"Layer type '{text}' is not one Qwen3-Next builds (linear_attention, full_attention).", item.Location));
            }
            return i => perLayer[(int)i];
        }
    }
}
