using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>Whole-model prefill and decode work on one device; <see cref="Serving"/> puts it on a deployment.</summary>
    public static class Inference
    {
        /// <summary>KV cache bytes of the whole model: <see cref="KvCache.Bytes"/>, a sum over its rows (each layer's window; MLA's latent).</summary>
        public static double KvCacheBytes(TransformerConfig c, long context, long batch, double bytesPerValue) =>
            KvCache.Bytes(c, context, batch, bytesPerValue);

        /// <summary>
        /// Prefill of <paramref name="prompt"/> tokens, then one decode step for <paramref name="batch"/> sequences
        /// whose new token attends to <paramref name="context"/> cached positions. A decode step reads the weights it
        /// uses (<see cref="LayerSpec.StepBytes"/>): every matrix once, only the embedding rows its tokens index, for MoE the
        /// experts the batch picks in expectation; and the whole KV cache.
        /// </summary>
        public static InferenceCost Estimate(TransformerConfig c, long prompt, long context, long batch,
            double weightBytes, double kvBytes, CountingOptions options)
        {
            Require.Positive(prompt, "PromptLength");
            Require.Positive(context, "ContextLength");
            Require.Positive(batch, "BatchSize");
            var prefill = ModelCost.Compute(TransformerExpander.Expand(c, prompt, batch), prompt, batch, options).Total;
            var decodeRows = TransformerExpander.Expand(c, 1, batch, context);
            var decode = ModelCost.Compute(decodeRows, 1, batch, options).Total;
            // Serving.Traffic prices bytes per value through the data types (LayerTraffic.BytesPer); here the caller gives
            // bytes directly, so count weights at one byte per value and scale.
            var traffic = Serving.Traffic(decodeRows, new Precision(DataType.INT8, DataType.INT8));
            return new InferenceCost(prefill.Flops, decode.Flops, traffic.WeightBytes * weightBytes, KvCache.Bytes(c, context, batch, kvBytes));
        }
    }
}
