using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// MixtralForCausalLM: Mistral's attention, every FFN a mixture of num_local_experts SwiGLU experts of
    /// intermediate_size with a bias-free router (block_sparse_moe.gate), num_experts_per_tok per token.
    /// </summary>
    internal sealed class MixtralFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mixtral" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f);
            return c with
            {
                Window = f.Long("sliding_window"),
                MoE = new MoEConfig(f.RequiredLong("num_local_experts"), f.RequiredLong("num_experts_per_tok"), 0, f.RequiredLong("intermediate_size")),
            };
        }
    }
}
