using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The bytes one prefill or decode step moves (<see cref="LayerSpec.StepBytes"/> summed over the main model's rows) as a
    /// function of the batch, built once from the step's batch-1 rows so that a sweep does not expand the model again at
    /// every batch. In every kind's formula the activation and KV-cache bytes have the rows (batch x tokens) as a factor,
    /// and the weight bytes do not depend on them, except for the kinds whose weight reads depend on which tokens come
    /// (<see cref="LayerSpec.TokenDependentRows"/>: a lookup reads the table rows its tokens index, an MoE layer
    /// the experts they pick); those rows' weight bytes are priced again at each batch. The figures are the direct sum's to the last
    /// bit while the counts stay integers below 2^53 (every term is then exact in any order), within rounding beyond.
    /// </summary>
    public sealed class StepTraffic
    {
        private readonly double _weights;
        private readonly LayerBytes _perSequence;
        private readonly (LayerSpec Spec, double Parameters, double Rows, long Count)[] _perBatch;
        private readonly BytesPerValue _per;

        /// <param name="unit">The step at batch 1 (<see cref="ServingCostCache.Unit"/>): its rows with their costs.</param>
        public StepTraffic(ModelCost unit, Precision precision)
        {
            _per = LayerTraffic.BytesPer(precision);
            var perSequence = LayerBytes.Zero;
            var perBatch = new List<(LayerSpec, double, double, long)>();
            foreach (var row in unit.Rows)
            {
                if (!row.Row.MainModel) continue;
                var bytes = row.Row.Spec.StepBytes(row.Cost.Parameters, _per);
                if (row.Row.Spec.TokenDependentRows() is double tokens)
                    perBatch.Add((row.Row.Spec, row.Cost.Parameters, tokens, row.Row.Count));
                else
                    _weights += bytes.WeightBytes * row.Row.Count;
                perSequence += new LayerBytes(0, bytes.ActivationBytes, bytes.KvCacheReadBytes, bytes.KvCacheWriteBytes) * row.Row.Count;
            }
            _perSequence = perSequence;
            _perBatch = perBatch.ToArray();
        }

        /// <summary>The step's bytes at <paramref name="batch"/> sequences.</summary>
        public LayerBytes At(long batch)
        {
            Require.Positive(batch, "BatchSize");
            double weights = _weights;
            foreach (var (spec, parameters, rows, count) in _perBatch)
                weights += spec.WeightBytesAt(parameters, _per, rows * batch) * count;
            return new LayerBytes(weights, _perSequence.ActivationBytes * batch,
                _perSequence.KvCacheReadBytes * batch, _perSequence.KvCacheWriteBytes * batch);
        }
    }
}
