using System;
using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The per-layer roofline of one prefill or decode step, as LLM-Viewer tabulates it (hahnyuan/LLM-Viewer,
    /// roofline_model.py: intensity = OPs / memory access; memory-bound below peak / bandwidth): each layer's
    /// FLOPs, its bytes (<see cref="LayerSpec.StepBytes"/> at the precision's sizes), and on a device max(FLOPs / peak, bytes / bandwidth).
    /// </summary>
    public static class StepRoofline
    {
        /// <summary>
        /// The layers one step runs. Decode: one new token per sequence against <paramref name="sequenceLength"/> cached
        /// positions. Prefill: the whole prompt, except that the LM head runs on each sequence's last token only (the
        /// only logits a server samples from; LLM-Viewer's lm_head counts the same batch x 1 rows).
        /// </summary>
        public static IReadOnlyList<LayerRow> StepRows(TransformerConfig c, InferencePhase phase, long sequenceLength, long batch)
        {
            if (phase == InferencePhase.Decode) return TransformerExpander.Expand(c, 1, batch, sequenceLength);
            return TransformerExpander.Expand(c, sequenceLength, batch)
                .Select(r => r.Spec is LMHeadSpec head ? r with { Spec = head with { Rows = batch } } : r).ToList();
        }

        /// <param name="sequenceLength">The prompt for a prefill; the cached positions (context) for a decode step.</param>
        /// <param name="hardware">Null for bytes and intensity only.</param>
        public static (ModelCost Cost, IReadOnlyList<LayerRooflineRow> Rows) Rows(TransformerConfig c, InferencePhase phase,
            long sequenceLength, long batch, Precision precision, CountingOptions options, Hardware hardware = null)
        {
            Require.That(c != null, "Model", "A per-layer roofline needs a transformer with a KV cache.");
            Require.Positive(sequenceLength, "SequenceLength");
            Require.Positive(batch, "BatchSize");
            bool decode = phase == InferencePhase.Decode;
            var rows = StepRows(c, phase, sequenceLength, batch);
            var cost = ModelCost.Compute(rows, decode ? 1 : sequenceLength, batch, options);
            double? peak = null, bandwidth = null;
            if (hardware != null)
            {
                peak = hardware.PeakFlopsPerSecond(precision.DataType)
                    ?? throw new FlopsArgumentException("DataType", $"{hardware.Name} has no {precision.DataType} peak in the table.");
                bandwidth = ServingChecks.Positive(hardware.MemoryBandwidthBytesPerSecond, "MemoryBandwidthGBps");
                ServingChecks.Positive(peak.Value, "PeakFlopsPerSecond");
            }
            var per = LayerTraffic.BytesPer(precision);
            var result = cost.Rows.Select(r =>
            {
                var bytes = r.Row.Spec.StepBytes(r.Cost.Parameters, per);
                if (peak == null) return new LayerRooflineRow(r, bytes, null, null);
                double compute = r.Cost.Flops / peak.Value, memory = bytes.TotalBytes / bandwidth.Value;
                return new LayerRooflineRow(r, bytes, Math.Max(compute, memory), memory > compute);
            }).ToList();
            return (cost, result);
        }
    }
}
