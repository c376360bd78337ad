using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>Qwen3ForCausalLM: Llama (attention_bias off by default) with RMSNorm(head_dim) on queries and keys; Qwen2's windows.</summary>
    internal sealed class Qwen3Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen3" };

        public TransformerConfig Read(Fields f) => Qwen2Family.Qwen(f, DecoderFields.Llama(f) with { QkNorm = QkNorm.PerHead });
    }
}
