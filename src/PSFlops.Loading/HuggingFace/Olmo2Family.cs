using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Olmo2ForCausalLM: Llama with q_norm = RMSNorm(H d_h) and k_norm = RMSNorm(H_kv d_h) over all heads at once,
    /// and its two norms after attention and after the MLP instead of before (the same two norms' count).
    /// </summary>
    internal sealed class Olmo2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "olmo2" };

        public TransformerConfig Read(Fields f) => DecoderFields.Llama(f) with { QkNorm = QkNorm.Full };
    }
}
