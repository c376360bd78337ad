using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Qwen2ForCausalLM: Llama with biases on q, k and v only. Sliding windows as Qwen2Config resolves them: with
    /// use_sliding_window, layers from max_window_layers on slide over sliding_window; layer_types overrides.
    /// </summary>
    internal sealed class Qwen2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen2" };

        public TransformerConfig Read(Fields f) => Qwen(f, DecoderFields.Llama(f) with { Bias = QkvBias });

        public static readonly TransformerBias QkvBias = new TransformerBias(true, true, true, false, false, false);

        /// <summary>The Qwen families' sliding-window layout and groups.</summary>
        public static TransformerConfig Qwen(Fields f, TransformerConfig c)
        {
            bool sliding = f.Bool("use_sliding_window") ?? false;
            long? window = sliding ? f.Long("sliding_window") : null;
            long maxWindowLayers = f.Long("max_window_layers") ?? c.Layers;
            System.Func<long, AttentionPattern> fallback = null;
            if (window.HasValue && maxWindowLayers < c.Layers)
                fallback = i => i >= maxWindowLayers ? AttentionPattern.Sliding : AttentionPattern.Full;
            return DecoderFields.Grouped(f, c, DecoderFields.LayerTypes(f, c.Layers, fallback, window ?? f.Long("sliding_window")));
        }
    }
}
