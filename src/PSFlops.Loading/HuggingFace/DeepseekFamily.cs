using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// DeepseekV2/V3ForCausalLM (and Kimi-K2, which ships DeepseekV3's code): multi-head latent attention
    /// (q_lora_rank, kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim, v_head_dim; attention_bias on q_a, kv_a and
    /// o), the first first_k_dense_replace layers dense (intermediate_size), then MoE on layers i with
    /// i mod moe_layer_freq = 0: n_routed_experts experts of moe_intermediate_size, n_shared_experts shared ones of
    /// the same width (transformers builds one MLP n_shared_experts x as wide: the same count), a bias-free router
    /// weight (V3's e_score_correction_bias is a buffer, not a parameter). num_nextn_predict_layers MTP modules are
    /// reported apart (transformers does not build them).
    /// </summary>
    internal sealed class DeepseekFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "deepseek_v2", "deepseek_v3", "kimi_k2" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f);
            long freq = f.Long("moe_layer_freq") ?? 1;
            DecoderFields.Refuse(f, "moe_layer_freq", freq != 1, "PSFlops models MoE on every layer after first_k_dense_replace (moe_layer_freq 1); other frequencies are not modelled.");
            MoEConfig moe = null;
            if (f.Has("n_routed_experts"))
                moe = new MoEConfig(f.RequiredLong("n_routed_experts"), f.RequiredLong("num_experts_per_tok"),
                    f.Long("n_shared_experts") ?? 0, f.RequiredLong("moe_intermediate_size"))
                { FirstDenseLayers = f.Long("first_k_dense_replace") ?? 0 };
            var mla = new LatentAttentionConfig(f.Long("q_lora_rank"), f.RequiredLong("kv_lora_rank"), f.RequiredLong("qk_nope_head_dim"),
                f.RequiredLong("qk_rope_head_dim"), f.RequiredLong("v_head_dim"));
            return DecoderFields.Grouped(f, c with
            {
                LatentAttention = mla, KvHeads = null, HeadDim = mla.QkNopeHeadDim + mla.QkRopeHeadDim, MoE = moe,
                MtpLayers = f.Long("num_nextn_predict_layers") ?? 0,
            }, null);
        }
    }
}
