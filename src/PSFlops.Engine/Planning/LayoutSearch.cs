using System;
using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Every layout of a device count that is valid for the model and fits, costed by <see cref="StepTime"/>, fastest
    /// first. Valid: TP divides the heads and the devices, CP divides the sequence, PP at most the layers, EP divides
    /// the experts and DP x TP x CP, the micro-batches fill the global batch, interleaving meets Narayanan's conditions.
    /// Pruning before costing: memory per device (the Memory engine's, cheap) is checked before a layout is timed. Symmetry: a ZeRO-1 layout takes its ZeRO-2 twin's time
    /// (the same reduce-scatter and all-gather), so it is copied rather than costed.
    /// </summary>
    public static class LayoutSearch
    {
        private static readonly Recompute[] Recomputes = { Recompute.Full, Recompute.Selective, Recompute.None };

        public static LayoutSearchResult Find(StepTimeProfile model, long devices, long globalBatchSize, TrainingStep template,
            Hardware hardware, Interconnect links, LayoutConstraints constraints = null,
            double reserveFraction = MemoryFit.DefaultReserveFraction, int? first = null)
        {
            Require.Positive(devices, "DeviceCount");
            Require.Positive(globalBatchSize, "GlobalBatchSize");
            var c = constraints ?? LayoutConstraints.None;
            ParallelLayout.Single.CheckSequence(model.Transformer, model.SequenceLength);
            double usable = MemoryFit.Verdict(0, hardware, reserveFraction).UsableBytes;
            if (first is int n) Require.That(n >= 1, "First", $"First must be at least 1; got {n}.");
            var fitting = new Ranking(first);
            long considered = 0, costed = 0;
            var experts = model.Experts;
            var efficiency = StepTime.MatmulEfficiency(hardware);
            // Layer times by (TP, CP, micro-batch, SP, recompute): the same for every PP, DP, EP, ZeRO stage and interleaving.
            var layers = new Dictionary<(long, long, long, bool, Recompute), LayerStepTime>();

            foreach (long tp in Axis(c.TensorParallel, Divisors(devices).Where(t => model.Heads % t == 0)))
                foreach (long cp in Axis(c.ContextParallel, Divisors(devices / tp).Where(x => model.SequenceLength % x == 0)))
                    foreach (long pp in Axis(c.PipelineParallel, Divisors(devices / (tp * cp)).Where(p => p <= model.Layers)))
                    {
                        long dp = devices / (tp * cp * pp);
                        if (c.DataParallel != null && !c.DataParallel.Contains(dp)) continue;
                        if (globalBatchSize % dp != 0) continue;
                        var eps = experts == 0 ? new long[] { 1 } : Divisors(experts).Where(e => dp * tp * cp % e == 0);
                        foreach (long ep in Axis(c.ExpertParallel, eps))
                            foreach (long b in Axis(c.MicroBatchSize, Divisors(globalBatchSize / dp)))
                                foreach (bool sp in Axis(c.SequenceParallel, tp > 1 ? new[] { true, false } : new[] { false }))
                                {
                                    // ZeRO-1 and ZeRO-2 communicate the same bytes (reduce-scatter + all-gather), so a ZeRO-1
                                    // layout's time is its ZeRO-2 twin's: copied, not costed again (stage 2 comes first).
                                    var zeroTwo = new Dictionary<(Recompute, long), StepTimeEstimate>();
                                    foreach (int zero in Axis(c.ZeroStage, dp * cp > 1 ? new[] { 3, 2, 1, 0 } : new[] { 0 }))
                                    {
                                        long m = globalBatchSize / (b * dp);
                                        var vs = Interleavings(model.Layers, pp, m, c.VirtualPipelineStages).ToList();
                                        if (vs.Count == 0) continue;
                                        var layout = new ParallelLayout
                                        {
                                            TensorParallel = tp, PipelineParallel = pp, DataParallel = dp, ExpertParallel = ep,
                                            ContextParallel = cp, SequenceParallel = sp, ZeroStage = zero,
                                        };
                                        var baseStep = template with { Layout = layout, Workload = new Workload(model.SequenceLength, b, globalBatchSize) };
                                        foreach (var recompute in Axis(c.Recompute, Recomputes))
                                        {
                                            considered += vs.Count;
                                            var step = baseStep with { Recompute = recompute };
                                            // Interleaving keeps (1 + (p - 1)/(p v)) of the layers' activations on the first stage: least
                                            // without it (v = 1, first in the list), so a shape that does not fit at v = 1 fits at no v.
                                            LayerStepTime layer = null;
                                            foreach (long v in vs)
                                            {
                                                var s = step with { Layout = layout with { VirtualPipelineStages = v } };
                                                var memory = StepTime.MemoryPerDevice(model, s);
                                                if (memory.TotalBytes > usable)
                                                {
                                                    if (v == 1) break;
                                                    continue;
                                                }
                                                if (zero == 1 && zeroTwo.TryGetValue((recompute, v), out var twin))
                                                {
                                                    fitting.Add(twin with { Step = s, Layout = s.Layout, Memory = memory, MemoryBytesPerDevice = memory.TotalBytes });
                                                    continue;
                                                }
                                                costed++;
                                                layer ??= LayerTime(layers, model, s, hardware, links, efficiency.Fraction);
                                                var estimate = StepTime.Time(model, s, hardware, links, memory, true, StepTimeCalibration.Default, efficiency, layer);
                                                if (zero == 2) zeroTwo[(recompute, v)] = estimate;
                                                fitting.Add(estimate);
                                            }
                                        }
                                    }
                                }
                    }
            // Fastest first; between equally fast layouts (ZeRO-1 and its twin), the one needing less memory.
            return new LayoutSearchResult(fitting.Sorted(), considered, costed, fitting.Fitting);
        }

        /// <summary>
        /// The fitting layouts, fastest first (then least memory). With a limit it keeps only the best that many as it goes,
        /// so a search for the top few does not hold every fitting layout.
        /// </summary>
        private sealed class Ranking
        {
            private static readonly Comparison<StepTimeEstimate> Faster = (x, y) =>
                x.StepSeconds != y.StepSeconds ? x.StepSeconds.CompareTo(y.StepSeconds) : x.MemoryBytesPerDevice.CompareTo(y.MemoryBytesPerDevice);
            private static readonly IComparer<StepTimeEstimate> Order = Comparer<StepTimeEstimate>.Create(Faster);
            private readonly int? _limit;
            private readonly List<StepTimeEstimate> _kept = new List<StepTimeEstimate>();

            public Ranking(int? limit) => _limit = limit;

            public long Fitting { get; private set; }

            public void Add(StepTimeEstimate estimate)
            {
                Fitting++;
                if (!(_limit is int limit)) { _kept.Add(estimate); return; }
                if (_kept.Count == limit && Faster(estimate, _kept[limit - 1]) >= 0) return;
                int at = _kept.BinarySearch(estimate, Order);
                _kept.Insert(at < 0 ? ~at : at, estimate);
                if (_kept.Count > limit) _kept.RemoveAt(limit);
            }

            public IReadOnlyList<StepTimeEstimate> Sorted()
            {
                if (_limit == null) _kept.Sort(Faster);
                return _kept;
            }
        }

        private static LayerStepTime LayerTime(Dictionary<(long, long, long, bool, Recompute), LayerStepTime> cache, StepTimeProfile model,
            TrainingStep step, Hardware hardware, Interconnect links, double fraction)
        {
            var key = (step.Layout.TensorParallel, step.Layout.ContextParallel, step.MicroBatchSize, step.Layout.SequenceParallel, step.Recompute);
            if (!cache.TryGetValue(key, out var layer))
                cache[key] = layer = StepTime.Layer(model, step, hardware, links, StepTimeCalibration.Default, fraction);
            return layer;
        }

        /// <summary>Most chunks per stage searched: beyond it, chunks of a layer or two add sends and save almost no bubble.</summary>
        public const long MaxVirtualPipelineStages = 16;

        /// <summary>
        /// 1 (plain 1F1B) and, with the micro-batches a multiple of p, the v up to <see cref="MaxVirtualPipelineStages"/> with
        /// p v at most the layers that split the layers evenly, or are powers of two (uneven splits: a stage holds v chunks of
        /// ceil(L / (p v)) layers, as Llama 3's 126 layers on 16 stages need). Get-StepTime takes any v; the search tries these.
        /// </summary>
        private static IEnumerable<long> Interleavings(long layers, long pp, long microBatches, IReadOnlyCollection<long> allowed)
        {
            var all = new List<long> { 1 };
            if (pp > 1 && microBatches % pp == 0)
                for (long v = 2; v <= MaxVirtualPipelineStages && pp * v <= layers; v++)
                    if (layers % (pp * v) == 0 || (v & (v - 1)) == 0 || allowed != null) all.Add(v);
            return Axis(allowed, all);
        }

        private static IEnumerable<T> Axis<T>(IReadOnlyCollection<T> allowed, IEnumerable<T> values) =>
            allowed == null ? values : values.Where(allowed.Contains);

        /// <summary>The divisors of n in increasing order (n up to 2^53: trial division to sqrt n).</summary>
        public static IReadOnlyList<long> Divisors(long n)
        {
            var low = new List<long>();
            var high = new List<long>();
            for (long i = 1; i * i <= n; i++)
            {
                if (n % i != 0) continue;
                low.Add(i);
                if (i != n / i) high.Add(n / i);
            }
            high.Reverse();
            low.AddRange(high);
            return low;
        }
    }
}
