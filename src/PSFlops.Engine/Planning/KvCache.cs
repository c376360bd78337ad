using System;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The one rule for the KV cache and how it splits over devices, used by Get-ModelMemory -Inference and
    /// Get-InferenceEstimate alike (issue 13 item 4).
    /// </summary>
    public static class KvCache
    {
        /// <summary>
        /// The whole cache: 2 (K and V) x layers x KV heads x head dim x cached positions x batch x bytes per value.
        /// A sliding window caps the cached positions at the window.
        /// </summary>
        public static double Bytes(TransformerConfig c, long context, long batch, double bytesPerValue)
        {
            Require.Positive(context, "SequenceLength");
            Require.Positive(batch, "BatchSize");
            return PerLayerPerHead(c, context, batch, bytesPerValue) * c.Layers * c.ResolvedKvHeads;
        }

        /// <summary>
        /// KV heads each tensor-parallel rank holds: H_kv / TP when TP divides them, and one (a replica) when TP exceeds
        /// H_kv, as Megatron-LM and vLLM replicate KV heads so every rank has the keys and values of its query heads.
        /// In general ceil(H_kv / TP).
        /// </summary>
        public static long KvHeadsPerDevice(TransformerConfig c, long tensorParallel)
        {
            Require.Positive(tensorParallel, "TensorParallel");
            long kv = c.ResolvedKvHeads;
            return (kv + tensorParallel - 1) / tensorParallel;
        }

        /// <summary>Layers the most-loaded pipeline stage holds: ceil(L / PP).</summary>
        public static long LayersPerStage(TransformerConfig c, long pipelineParallel)
        {
            Require.Positive(pipelineParallel, "PipelineParallel");
            return (c.Layers + pipelineParallel - 1) / pipelineParallel;
        }

        /// <summary>
        /// Cache bytes on the most-loaded device of a layout: its KV heads (replicated beyond H_kv, see
        /// <see cref="KvHeadsPerDevice"/>) of its pipeline stage's layers, its share of the context under context
        /// parallelism. Data parallelism replicates the whole deployment, so it leaves the figure unchanged.
        /// </summary>
        public static double BytesPerDevice(TransformerConfig c, long context, long batch, double bytesPerValue, ParallelLayout layout)
        {
            layout.Validate();
            long positions = (context + layout.ContextParallel - 1) / layout.ContextParallel;
            return PerLayerPerHead(c, positions, batch, bytesPerValue)
                * LayersPerStage(c, layout.PipelineParallel) * KvHeadsPerDevice(c, layout.TensorParallel);
        }

        private static double PerLayerPerHead(TransformerConfig c, long context, long batch, double bytesPerValue)
        {
            long cached = c.Window.HasValue ? Math.Min(context, c.Window.Value) : context;
            return 2d * c.ResolvedHeadDim * cached * batch * bytesPerValue;
        }
    }
}
