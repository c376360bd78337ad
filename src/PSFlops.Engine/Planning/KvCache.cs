using System;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The KV cache and the one rule for splitting it over devices, used by Get-ModelMemory -Inference,
    /// Get-InferenceEstimate and Find-ServingLayout alike (docs/inference.md, "KV cache").
    /// </summary>
    public static class KvCache
    {
        /// <summary>Cached positions: the context, or the window where a sliding window caps it.</summary>
        public static long CachedPositions(TransformerConfig c, long context) =>
            c.Window.HasValue ? Math.Min(context, c.Window.Value) : context;

        /// <summary>
        /// Whole-model bytes: 2 (K and V) x layers x kv heads x head dim x cached positions x batch x bytes.
        /// </summary>
        public static double Bytes(TransformerConfig c, long context, long batch, double bytesPerValue)
        {
            Require.Positive(context, "ContextLength");
            Require.Positive(batch, "BatchSize");
            return 2d * c.Layers * c.ResolvedKvHeads * c.ResolvedHeadDim * CachedPositions(c, context) * batch * bytesPerValue;
        }

        /// <summary>
        /// KV heads one tensor-parallel rank holds: ceil(H_kv / TP). Beyond H_kv ranks a KV head is replicated
        /// (Megatron and vLLM give every rank at least one), so the cache stops shrinking at TP = H_kv.
        /// llm-analysis counts the same: max(H_kv / tp, 1) heads per GPU (analysis.py, get_memory_kv_cache_per_layer).
        /// </summary>
        public static long HeadsPerDevice(long kvHeads, long tensorParallel)
        {
            Require.Positive(kvHeads, "KvHeads");
            Require.Positive(tensorParallel, "TensorParallel");
            return (kvHeads + tensorParallel - 1) / tensorParallel;
        }

        /// <summary>
        /// Layers one pipeline stage holds: ceil(L / PP), the busiest stage (the KV cache of a stage's layers
        /// lives on that stage's devices).
        /// </summary>
        public static long LayersPerStage(long layers, long pipelineParallel)
        {
            Require.Positive(layers, "layers");
            Require.Positive(pipelineParallel, "PipelineParallel");
            return (layers + pipelineParallel - 1) / pipelineParallel;
        }

        /// <summary>
        /// Bytes on one device of a TP x PP deployment: the whole cache x (ceil(H_kv/TP) / H_kv) x (ceil(L/PP) / L).
        /// Llama-2-70B (8 KV heads) on TP 16 keeps one KV head per device, 1/8 of the cache, not 1/16.
        /// </summary>
        public static double BytesPerDevice(TransformerConfig c, long context, long batch, double bytesPerValue,
            long tensorParallel, long pipelineParallel = 1) =>
            Bytes(c, context, batch, bytesPerValue) * DeviceShare(c, tensorParallel, pipelineParallel);

        /// <summary>The share of the whole cache (and of its traffic) one device holds: (ceil(H_kv/TP) / H_kv) x (ceil(L/PP) / L).</summary>
        public static double DeviceShare(TransformerConfig c, long tensorParallel, long pipelineParallel = 1) =>
            (double)HeadsPerDevice(c.ResolvedKvHeads, tensorParallel) / c.ResolvedKvHeads
            * LayersPerStage(c.Layers, pipelineParallel) / c.Layers;
    }
}
