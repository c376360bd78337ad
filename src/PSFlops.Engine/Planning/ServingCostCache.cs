using System;
using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// What a sweep of serving estimates of one model shares, computed once and reused at every point it fits:
    /// <list type="bullet">
    /// <item>the batch-1 cost of each step per (phase, length), scaled to every batch: each FLOP formula has the batch as a
    /// factor (ModelTotals.ForBatch relies on the same; the property tests check it), and parameters do not depend on it;</item>
    /// <item>each step's bytes as a function of the batch (<see cref="StepTraffic"/>) per (phase, length, precision);</item>
    /// <item>the model's rows for the KV cache (they do not depend on the workload), and the cache per sequence, whole
    /// and on one device, per (context, bytes per value, TP, PP, CP): the batch only multiplies it.</item>
    /// </list>
    /// Every entry is a pure function of its key, so an estimate is the same with a shared cache or a fresh one.
    /// One instance per model and counting options; not shared across threads. Each table is bounded.
    /// </summary>
    public sealed class ServingCostCache
    {
        private const int Capacity = 4096;
        private readonly Dictionary<(InferencePhase, long), ModelCost> _units = new Dictionary<(InferencePhase, long), ModelCost>();
        private readonly Dictionary<(InferencePhase, long, Precision), StepTraffic> _traffic = new Dictionary<(InferencePhase, long, Precision), StepTraffic>();
        private readonly Dictionary<(long, double, long, long, long), KvSplit> _kv = new Dictionary<(long, double, long, long, long), KvSplit>();
        private IReadOnlyList<LayerRow> _cacheRows;
        private ParallelLayout _checkedLayout;
        private long _checkedSequence;

        public ServingCostCache(TransformerConfig model, CountingOptions options)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Options = options ?? CountingOptions.Default;
        }

        public TransformerConfig Model { get; }
        public CountingOptions Options { get; }

        /// <summary>The step at batch 1: its rows in StepRoofline.StepRows order, each with its cost.</summary>
        public ModelCost Unit(InferencePhase phase, long length)
        {
            if (_units.TryGetValue((phase, length), out var unit)) return unit;
            unit = ModelCost.Compute(StepRoofline.StepRows(Model, phase, length, 1), phase == InferencePhase.Decode ? 1 : length, 1, Options);
            return Store(_units, (phase, length), unit);
        }

        /// <summary>The bytes the step moves, as a function of the batch.</summary>
        public StepTraffic Traffic(InferencePhase phase, long length, Precision precision)
        {
            if (_traffic.TryGetValue((phase, length, precision), out var traffic)) return traffic;
            return Store(_traffic, (phase, length, precision), new StepTraffic(Unit(phase, length), precision));
        }

        /// <summary>
        /// The KV cache (with any state-space state) of one sequence on the most-loaded device of <paramref name="layout"/>
        /// (<see cref="KvCache.BytesPerDevice(TransformerConfig, long, long, double, ParallelLayout)"/>), and that figure's
        /// share of the whole sequence's cache (<see cref="KvCache.Bytes(TransformerConfig, long, long, double)"/>).
        /// </summary>
        public KvSplit KvPerSequence(long context, double bytesPerValue, ParallelLayout layout)
        {
            var key = (context, bytesPerValue, layout.TensorParallel, layout.PipelineParallel, layout.ContextParallel);
            if (_kv.TryGetValue(key, out var split)) return split;
            layout.Validate();
            Require.Positive(context, "SequenceLength");
            var rows = KvCache.RowsDependOnContext(Model) ? KvCache.Rows(Model, context) : (_cacheRows ??= KvCache.Rows(Model, context));
            double perDevice = KvCache.BytesPerDeviceOfRows(rows, Model, context, 1, bytesPerValue, layout);
            return Store(_kv, key, new KvSplit(perDevice, perDevice / KvCache.BytesOfRows(rows, context, 1, bytesPerValue)));
        }

        /// <summary>
        /// <see cref="ParallelLayout.CheckAgainst"/> the model, once per layout object (a layout is immutable, so one that
        /// passed passes again).
        /// </summary>
        internal void CheckLayout(ParallelLayout layout)
        {
            if (ReferenceEquals(layout, _checkedLayout)) return;
            layout.CheckAgainst(Model);
            _checkedLayout = layout;
        }

        /// <summary>
        /// <see cref="ParallelLayout.CheckSequence"/>, skipped for a sequence no longer than one that passed: without
        /// context parallelism (serving's layouts) the check is an upper bound on the length (a learned position table).
        /// </summary>
        internal void CheckSequence(ParallelLayout layout, long sequence)
        {
            bool bound = layout.ContextParallel == 1;
            if (bound && sequence <= _checkedSequence) return;
            layout.CheckSequence(Model, sequence);
            if (bound) _checkedSequence = sequence;
        }

        private static TValue Store<TKey, TValue>(Dictionary<TKey, TValue> table, TKey key, TValue value)
        {
            if (table.Count >= Capacity) table.Clear();
            table[key] = value;
            return value;
        }
    }
}
