using System.Collections.Generic;

namespace PSFlops.Engine.Models
{
    /// <summary>Quantities that are plain sums over a model's rows, each row's layer kind owning its share.</summary>
    public static class ModelRows
    {
        /// <summary>
        /// Values the main model caches per sequence at a context length: each row's <see cref="Layers.LayerSpec.KvCacheValues(long)"/>
        /// times its count (keys and values over each layer's own window; the latent for multi-head latent attention).
        /// Rows beside the main model (multi-token prediction) are left out: decoding does not run them.
        /// </summary>
        public static double KvCacheValues(IEnumerable<LayerRow> rows, long context)
        {
            Require.Positive(context, "ContextLength");
            double values = 0;
            foreach (var row in rows)
                if (row.MainModel) values += row.Spec.KvCacheValues(context) * row.Count;
            return values;
        }

        /// <summary>The same on one tensor-parallel rank (<see cref="Layers.LayerSpec.KvCacheValues(long, long)"/>): KV heads split whole, latents replicated.</summary>
        public static double KvCacheValues(IEnumerable<LayerRow> rows, long context, long tensorParallel)
        {
            Require.Positive(context, "ContextLength");
            double values = 0;
            foreach (var row in rows)
                if (row.MainModel) values += row.Spec.KvCacheValues(context, tensorParallel) * row.Count;
            return values;
        }

        /// <summary>
        /// Values the main model keeps per sequence between decode steps that never grow with the context: each row's
        /// <see cref="Layers.LayerSpec.StateValues"/> times its count (a state-space layer's conv window and SSM state).
        /// Zero for attention-only models; the KV cache (<see cref="KvCacheValues(IEnumerable{LayerRow}, long)"/>) is
        /// the other part of what decoding keeps, and counts only attention rows.
        /// </summary>
        public static double StateValues(IEnumerable<LayerRow> rows)
        {
            double values = 0;
            foreach (var row in rows)
                if (row.MainModel) values += row.Spec.StateValues() * row.Count;
            return values;
        }

        /// <summary>
        /// What the model's layers keep for the backward pass: each checkpointed row's footprint times its count (the
        /// transformer layers; embeddings, the head and rows beside the main model are not part of it).
        /// </summary>
        public static Layers.ActivationFootprint ActivationBytes(IEnumerable<LayerRow> rows)
        {
            var sum = Layers.ActivationFootprint.Zero;
            foreach (var row in rows)
                if (row.MainModel && row.Checkpointed) sum += row.Spec.ActivationBytes() * row.Count;
            return sum;
        }

    }
}
