using System;
using System.Collections.Generic;
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
        /// The whole cache: the sum over the model's rows of each layer kind's cached values (2 x KV heads x head dim x
        /// the positions that layer keeps: the context, or its window or chunk; kv_lora_rank + qk_rope_head_dim per
        /// position for multi-head latent attention) x batch x bytes per value. State-space layers cache no keys; what they
        /// keep between steps, a fixed conv window and SSM state (<see cref="ModelRows.StateValues"/>), is added here so
        /// that every path that sizes the cache sizes it too; it does not grow with the context.
        /// </summary>
        public static double Bytes(TransformerConfig c, long context, long batch, double bytesPerValue)
        {
            Require.Positive(context, "SequenceLength");
            Require.Positive(batch, "BatchSize");
            return BytesOfRows(Rows(c, context), context, batch, bytesPerValue);
        }

        /// <summary><see cref="Bytes(TransformerConfig, long, long, double)"/> over rows the caller expanded once (<see cref="Rows"/>).</summary>
        internal static double BytesOfRows(IReadOnlyList<LayerRow> rows, long context, long batch, double bytesPerValue) =>
            (ModelRows.KvCacheValues(rows, context) + ModelRows.StateValues(rows)) * batch * bytesPerValue;

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
        /// Cache bytes on the most-loaded device of a layout: each layer kind's values on one tensor-parallel rank (KV heads
        /// split whole and replicated beyond H_kv, see <see cref="KvHeadsPerDevice"/>; a latent cache replicated on every
        /// rank), its pipeline stage's share of the layers (ceil(L / PP) of L, layers of each kind taken as spread evenly
        /// over the stages), its share of the context under context parallelism. Data parallelism replicates the whole
        /// deployment, so it leaves the figure unchanged.
        /// </summary>
        public static double BytesPerDevice(TransformerConfig c, long context, long batch, double bytesPerValue, ParallelLayout layout)
        {
            layout.Validate();
            Require.Positive(batch, "BatchSize");
            return BytesPerDeviceOfRows(Rows(c, context), c, context, batch, bytesPerValue, layout);
        }

        /// <summary><see cref="BytesPerDevice(TransformerConfig, long, long, double, ParallelLayout)"/> over rows the caller expanded once.</summary>
        internal static double BytesPerDeviceOfRows(IReadOnlyList<LayerRow> rows, TransformerConfig c, long context, long batch,
            double bytesPerValue, ParallelLayout layout)
        {
            long positions = (context + layout.ContextParallel - 1) / layout.ContextParallel;
            // The state-space state splits with the mixer's inner channels over tensor parallelism (Megatron-LM's Mamba
            // layer is column-parallel over d_inner) and is whole whatever the context parallelism.
            double perRank = ModelRows.KvCacheValues(rows, positions, layout.TensorParallel) + ModelRows.StateValues(rows) / layout.TensorParallel;
            return perRank * LayersPerStage(c, layout.PipelineParallel) / c.Layers * batch * bytesPerValue;
        }

        /// <summary>
        /// The model's rows for a cache of <paramref name="context"/> positions. Their cache values do not depend on the
        /// workload they are built for, but for one thing: an encoder-decoder that names no encoder length caches
        /// cross-attention keys for the prompt its encoder read, <paramref name="context"/> positions (as
        /// <see cref="TransformerExpander.Expand"/> assumes at a decode step).
        /// </summary>
        internal static IReadOnlyList<LayerRow> Rows(TransformerConfig c, long context) =>
            TransformerExpander.Expand(c, 1, 1, encoderLength: RowsDependOnContext(c) ? context : (long?)null);

        /// <summary>Whether <see cref="Rows"/> differ with the context: an encoder-decoder without its own encoder length.</summary>
        internal static bool RowsDependOnContext(TransformerConfig c) => c.Encoder != null && c.EncoderSequenceLength == null;
    }
}
