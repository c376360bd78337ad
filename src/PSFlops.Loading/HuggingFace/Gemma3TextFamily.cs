using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Gemma3ForCausalLM (the text model, model_type gemma3_text): Gemma-2's block with RMSNorm(head_dim) on queries
    /// and keys; every sliding_window_pattern-th layer global (default 6: layers 5, 11, ... in Gemma3TextConfig), the
    /// others sliding; soft-capping only where the config sets it (its defaults leave it off).
    /// </summary>
    internal sealed class Gemma3TextFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gemma3_text" };

        public TransformerConfig Read(Fields f)
        {
            long pattern = f.Long("sliding_window_pattern") ?? 6;
            DecoderFields.Refuse(f, "sliding_window_pattern", pattern <= 0, "must be a positive integer.");
            return GemmaFamily.LocalGlobal(f, i => (i + 1) % pattern != 0 ? AttentionPattern.Sliding : AttentionPattern.Full)
                with { QkNorm = QkNorm.PerHead };
        }
    }
}
