using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// GptOssForCausalLM: biases on q, k, v and o (attention_bias, default true), one learned sink per head, every
    /// FFN a mixture of num_local_experts gated experts of intermediate_size with biases (gate_up_proj_bias,
    /// down_proj_bias) and a router with a bias; sliding_window on alternate layers (layer_types, or layer 0 local,
    /// 1 global, ...). The clamped SwiGLU variant counts as SwiGLU.
    /// </summary>
    internal sealed class GptOssFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gpt_oss" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f);
            bool bias = f.Bool("attention_bias") ?? true;
            long topK = f.Long("num_experts_per_tok") ?? f.RequiredLong("experts_per_token");
            c = c with
            {
                Ffn = FfnKind.SwiGlu,
                Bias = new TransformerBias(bias, bias, bias, bias, false, false),
                AttentionSinks = true,
                MoE = new MoEConfig(f.RequiredLong("num_local_experts"), topK, 0, f.RequiredLong("intermediate_size"))
                    { RouterBias = true, ExpertBias = true },
            };
            return DecoderFields.Grouped(f, c, DecoderFields.LayerTypes(f, c.Layers,
                i => (i + 1) % 2 != 0 ? AttentionPattern.Sliding : AttentionPattern.Full, f.Long("sliding_window")));
        }
    }
}
