using System;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>Prefill and decode of a transformer with a KV cache: FLOPs and bytes moved per step.</summary>
    public sealed record InferenceCost(double PrefillFlops, double DecodeFlopsPerStep, double WeightBytesPerStep, double KvCacheBytes)
    {
        public double BytesPerStep => WeightBytesPerStep + KvCacheBytes;
        public double ArithmeticIntensity => DecodeFlopsPerStep / BytesPerStep;
    }

    public static class Inference
    {
        /// <summary>KV cache bytes of the whole model: <see cref="KvCache.Bytes"/>, a sum over its rows (each layer's window; MLA's latent).</summary>
        public static double KvCacheBytes(TransformerConfig c, long context, long batch, double bytesPerValue) =>
            KvCache.Bytes(c, context, batch, bytesPerValue);

        /// <summary>
        /// Prefill of <paramref name="prompt"/> tokens, then one decode step for <paramref name="batch"/> sequences
        /// whose new token attends to <paramref name="context"/> cached positions. A decode step reads every
        /// weight once (for MoE only the experts the batch's tokens pick, in expectation) and the whole KV cache.
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

            // Every MoE row (only the layers that have experts) reads the experts its batch's tokens pick, in expectation.
            double parametersRead = decode.Parameters;
            foreach (var row in decodeRows)
                if (row.MainModel && row.Spec is MoESpec moe)
                    parametersRead -= row.Count * (moe.Experts - Planner.ExpectedExpertsTouched(moe.Experts, moe.TopK, batch)) * moe.ExpertParameters;
            return new InferenceCost(prefill.Flops, decode.Flops, parametersRead * weightBytes, KvCacheBytes(c, context, batch, kvBytes));
        }
    }
}
