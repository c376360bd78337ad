using System;
using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The batch-1 cost of each step a sweep needs, counted once per (phase, length) and scaled to every batch: each
    /// FLOP formula has the batch as a factor (ModelTotals.ForBatch relies on the same; the property tests check it),
    /// and parameters do not depend on it. One instance per model and counting options; not shared across threads.
    /// </summary>
    public sealed class ServingCostCache
    {
        private const int Capacity = 4096;
        private readonly Dictionary<(InferencePhase, long), ModelCost> _units = new Dictionary<(InferencePhase, long), ModelCost>();

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
            if (_units.Count >= Capacity) _units.Clear();
            unit = ModelCost.Compute(StepRoofline.StepRows(Model, phase, length, 1),
                phase == InferencePhase.Decode ? 1 : length, 1, Options);
            _units[(phase, length)] = unit;
            return unit;
        }
    }
}
