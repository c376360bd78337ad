using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Gemma2ForCausalLM: Gemma with input, post-attention, pre- and post-feed-forward norms (four per block),
    /// attention and final logit soft-capping, and sliding_window on alternate layers (Gemma2Config's default
    /// layer_types: layer i slides when (i + 1) is odd, so layer 0 is local, layer 1 global).
    /// </summary>
    internal sealed class Gemma2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gemma2" };

        public TransformerConfig Read(Fields f) =>
            GemmaFamily.LocalGlobal(f, i => (i + 1) % 2 != 0 ? AttentionPattern.Sliding : AttentionPattern.Full);
    }
}
