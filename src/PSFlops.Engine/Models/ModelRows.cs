using System.Collections.Generic;

namespace PSFlops.Engine.Models
{
    /// <summary>Quantities that are plain sums over a model's rows, each row's layer kind owning its share.</summary>
    public static class ModelRows
    {
        /// <summary>
        /// Values the main model caches per sequence at a context length: each row's <see cref="Layers.LayerSpec.KvCacheValues"/>
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
    }
}
