using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// JambaForCausalLM (transformers models/jamba): an attention/Mamba hybrid with MoE on some layers. Layer i is an
    /// attention layer when i mod attn_layer_period = attn_layer_offset (Llama's bias-free GQA, no positional encoding),
    /// else a Mamba layer (JambaMambaMixer: mamba_expand x hidden_size channels, mamba_d_state, mamba_d_conv,
    /// mamba_dt_rank ("auto": ceil(hidden_size / 16)), mamba_proj_bias, mamba_conv_bias, and weighted RMSNorms on dt, B
    /// and C); its FFN is a mixture of num_experts SwiGLU experts of intermediate_size (bias-free router,
    /// num_experts_per_tok per token) when i mod expert_layer_period = expert_layer_offset, else a dense SwiGLU MLP.
    /// Every block: input_layernorm, mixer, residual, pre_ff_layernorm, FFN, residual; final_layernorm; lm_head untied
    /// unless tie_word_embeddings.
    /// </summary>
    internal sealed class JambaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "jamba" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f) with { Positions = PositionKind.None };
            long d = c.ModelDim;
            long attnPeriod = f.Long("attn_layer_period") ?? 8, attnOffset = f.Long("attn_layer_offset") ?? 4;
            long expertPeriod = f.Long("expert_layer_period") ?? 2, expertOffset = f.Long("expert_layer_offset") ?? 1;
            DecoderFields.Refuse(f, "attn_layer_period", attnPeriod <= 0, "must be a positive integer.");
            DecoderFields.Refuse(f, "attn_layer_offset", attnOffset < 0 || attnOffset >= attnPeriod, "must be at least 0 and below attn_layer_period.");
            DecoderFields.Refuse(f, "expert_layer_period", expertPeriod <= 0, "must be a positive integer.");
            DecoderFields.Refuse(f, "expert_layer_offset", expertOffset < 0 || expertOffset >= expertPeriod, "must be at least 0 and below expert_layer_period.");
            long dtRank = f.Node("mamba_dt_rank") is YScalar s && s.Value == "auto" ? (d + 15) / 16 : f.Long("mamba_dt_rank") ?? (d + 15) / 16;
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba, (f.Long("mamba_expand") ?? 2) * d, f.Long("mamba_d_state") ?? 16,
                f.Long("mamba_d_conv") ?? 4, dtRank, Bias: f.Bool("mamba_proj_bias") ?? false, ConvBias: f.Bool("mamba_conv_bias") ?? true)
            { InnerNorms = true };
            long experts = f.Long("num_experts") ?? 16;
            // num_experts 1 is a dense MLP on every layer (JambaConfig: "1 means no MoE").
            var moe = experts <= 1 ? null
                : new MoEConfig(experts, f.Long("num_experts_per_tok") ?? 2, 0, c.FfnDim) { Every = expertPeriod, EveryOffset = expertOffset };
            long? window = f.Long("sliding_window");
            System.Func<long, (AttentionPattern, long?)> attention = window.HasValue ? i => (AttentionPattern.Sliding, window) : (System.Func<long, (AttentionPattern, long?)>)null;
            return DecoderFields.Grouped(f, c with { StateSpace = ssm, MoE = moe }, attention,
                i => i % attnPeriod == attnOffset ? MixerKind.Attention : MixerKind.StateSpace);
        }
    }
}
