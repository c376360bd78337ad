using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Turns per-layer patterns (attention kind per layer, which layers are MoE) into block groups, as Megatron
    /// turns its layer patterns into counts: layers with the same settings form one group wherever they sit,
    /// so costs depend on the number of distinct blocks, never on the number of layers. Runs once, when a file
    /// is read; expansion and costing only see the groups.
    /// </summary>
    public static class BlockGroups
    {
        /// <summary>Per-layer patterns are read one layer at a time; a uniform model of any depth needs none.</summary>
        public const long MaxPatternLayers = 100_000;

        /// <summary>
        /// Groups for <paramref name="layers"/> layers whose attention is <paramref name="attentionOf"/>(layer) and whose
        /// FFN is MoE where <paramref name="moe"/> says so. A model whose layers are all alike is the single group named
        /// "layers", so uniform models keep their rows; otherwise each group is named by its layers and what sets it
        /// apart, e.g. "layers 0-2 dense", "layers 3-60 moe", "layers 0-44 every 2 sliding". A null
        /// <paramref name="attentionOf"/> is full attention everywhere.
        /// </summary>
        /// <param name="mixerOf">What mixes positions in each layer (attention/SSM hybrids such as Jamba); null: attention everywhere.</param>
        /// <param name="qkNormOf">Each layer's q/k norm where it differs from the model's (Llama-4's RoPE layers only), null
        /// for the model's; a null function: the model's everywhere. Groups that differ in their norm alone are told apart by "qk-norm".</param>
        public static IReadOnlyList<BlockGroup> Build(long layers, Func<long, (AttentionPattern Pattern, long? Span)> attentionOf, MoEConfig moe,
            Func<long, MixerKind> mixerOf = null, Func<long, Layers.QkNorm?> qkNormOf = null)
        {
            Require.Positive(layers, "layers");
            bool uniformMoE = moe == null || (moe.FirstDenseLayers == 0 && moe.Every == 1 && moe.EveryOffset == null && moe.DenseLayers.Count == 0);
            if (uniformMoE && attentionOf == null && mixerOf == null && qkNormOf == null)
                return new[] { new BlockGroup(TransformerExpander.LayerBlock, layers, AttentionPattern.Full, null, moe != null) };
            attentionOf ??= _ => (AttentionPattern.Full, null);
            mixerOf ??= _ => MixerKind.Attention;
            qkNormOf ??= _ => null;
            if (layers > MaxPatternLayers)
                throw new FlopsArgumentException("layers", $"A per-layer pattern is read layer by layer, for at most {MaxPatternLayers} layers; got {layers}.");

            var order = new List<(AttentionPattern Pattern, long? Span, bool MoE, MixerKind Mixer, Layers.QkNorm? QkNorm)>();
            var members = new Dictionary<(AttentionPattern, long?, bool, MixerKind, Layers.QkNorm?), List<long>>();
            for (long i = 0; i < layers; i++)
            {
                var mixer = mixerOf(i);
                // A state-space layer has no attention pattern: its span cannot set it apart.
                (AttentionPattern Pattern, long? Span) a = mixer == MixerKind.StateSpace ? (AttentionPattern.Full, null) : attentionOf(i);
                var key = (a.Pattern, a.Span, moe != null && moe.IsMoELayer(i), mixer, mixer == MixerKind.StateSpace ? null : qkNormOf(i));
                if (!members.TryGetValue(key, out var list)) { members[key] = list = new List<long>(); order.Add(key); }
                list.Add(i);
            }
            if (order.Count == 1)
                return new[] { new BlockGroup(TransformerExpander.LayerBlock, layers, order[0].Pattern, order[0].Span, order[0].MoE) { Mixer = order[0].Mixer, QkNorm = order[0].QkNorm } };

            bool mixedFfn = order.Select(k => k.MoE).Distinct().Count() > 1;
            bool mixedAttention = order.Select(k => k.Pattern).Distinct().Count() > 1;
            bool mixedSpans = order.Where(k => k.Pattern != AttentionPattern.Full).Select(k => k.Span).Distinct().Count() > 1;
            bool mixedMixers = order.Select(k => k.Mixer).Distinct().Count() > 1;
            bool mixedQkNorms = order.Select(k => k.QkNorm).Distinct().Count() > 1;
            // The q/k norm names a group only where nothing else sets it apart (Llama-4's normed layers are its chunked ones).
            bool nameQkNorms = mixedQkNorms && order.Select(k => (k.Pattern, k.Span, k.MoE, k.Mixer)).Distinct().Count() < order.Count;
            return order.Select(k =>
            {
                var parts = new List<string> { "layers " + Indexes(members[k]) };
                if (mixedMixers) parts.Add(k.Mixer == MixerKind.StateSpace ? "ssm" : k.Mixer == MixerKind.Attention ? "attention" : "attention+ssm");
                if (mixedAttention || mixedSpans)
                    parts.Add(k.Pattern.ToString().ToLowerInvariant()
                        + (mixedSpans && k.Span.HasValue ? " " + k.Span.Value.ToString(CultureInfo.InvariantCulture) : ""));
                if (nameQkNorms && k.QkNorm != Layers.QkNorm.None) parts.Add("qk-norm");
                if (mixedFfn) parts.Add(k.MoE ? "moe" : "dense");
                return new BlockGroup(string.Join(" ", parts), members[k].Count, k.Pattern, k.Span, k.MoE) { Mixer = k.Mixer, QkNorm = k.QkNorm };
            }).ToList();
        }

        /// <summary>"3-60", "0-44 every 2", or runs such as "0-1,5,9-10" (the first four, then "...").</summary>
        internal static string Indexes(IReadOnlyList<long> sorted)
        {
            string N(long v) => v.ToString(CultureInfo.InvariantCulture);
            if (sorted.Count == 1) return N(sorted[0]);
            long stride = sorted[1] - sorted[0];
            bool arithmetic = true;
            for (int i = 2; i < sorted.Count && arithmetic; i++) arithmetic = sorted[i] - sorted[i - 1] == stride;
            if (arithmetic)
                return N(sorted[0]) + "-" + N(sorted[sorted.Count - 1]) + (stride == 1 ? "" : " every " + N(stride));
            var runs = new List<string>();
            int start = 0;
            for (int i = 1; i <= sorted.Count; i++)
            {
                if (i < sorted.Count && sorted[i] == sorted[i - 1] + 1) continue;
                runs.Add(i - 1 == start ? N(sorted[start]) : N(sorted[start]) + "-" + N(sorted[i - 1]));
                start = i;
            }
            return runs.Count <= 4 ? string.Join(",", runs) : string.Join(",", runs.Take(4)) + ",...";
        }
    }
}
