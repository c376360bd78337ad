using System.Collections.Generic;
using System.Linq;
using OxyPlot;
using OxyPlot.Series;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Step-time objects (Get-StepTime, Find-ParallelLayout): layouts ranked fastest first, each bar stacked by
    /// where the step goes (compute, pipeline bubble, tensor-, data-, expert- and context-parallel communication),
    /// with the predicted step time marked.
    /// </summary>
    internal sealed class LayoutRankingChart : Chart
    {
        internal const int MaxBars = 30;

        private static readonly (string Property, string Label)[] Components =
        {
            ("ComputeSeconds", "Compute"), ("PipelineBubbleSeconds", "Pipeline bubble"), ("TensorParallelCommSeconds", "Tensor-parallel comm"),
            ("PipelineCommSeconds", "Pipeline comm"), ("DataParallelCommSeconds", "Data-parallel comm"), ("ExpertParallelCommSeconds", "Expert-parallel comm"),
            ("ContextParallelCommSeconds", "Context-parallel comm"), ("OptimizerSeconds", "Optimizer step"),
        };

        public override string Id => "layouts";
        public override string Title => "Parallel layouts ranked by step time";
        public override IReadOnlyList<string> Signature { get; } = new[]
            { "StepSeconds", "ComputeSeconds", "PipelineBubbleSeconds", "TensorParallelCommSeconds", "DataParallelCommSeconds" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "StepSeconds" }.Concat(Components.Select(c => c.Property)).ToArray();
        public override IReadOnlyList<string> Columns { get; } = new[]
        {
            "Model", "Hardware", "DeviceCount", "TensorParallel", "PipelineParallel", "DataParallel", "ExpertParallel", "ContextParallel",
            "VirtualPipelineStages", "MicroBatchSize", "GlobalBatchSize", "Recompute", "ZeroStage", "StepSeconds",
        }.Concat(Components.Select(c => c.Property)).Concat(new[] { "TokensPerSecond", "Mfu", "MemoryBytesPerDevice", "Fits" }).ToArray();

        public override string Caption(IReadOnlyList<ReportItem> items) => Join(
            "One bar per layout, fastest first, stacked by where one optimizer step's time goes (the terms the objects carry);",
            "the black mark is StepSeconds, at the end of the stack where the terms add up and short of it where communication overlaps compute.",
            items.Count > MaxBars ? $"The fastest {MaxBars} of {items.Count} layouts are drawn; the table lists all." : "",
            "TP, PP, DP, EP, CP: tensor, pipeline, data, expert and context parallel sizes; mb: micro-batch size.");

        public override double Height(IReadOnlyList<ReportItem> items) => StackedBars.Height(System.Math.Min(items.Count, MaxBars), Components.Length + 1);

        public override IEnumerable<ReportItem> Ordered(IReadOnlyList<ReportItem> items) => items.OrderBy(i => i.Value("StepSeconds"));

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var ranked = Ordered(items).Take(MaxBars).ToList();
            var bars = new StackedBars("Seconds per optimizer step", Readable.Duration);
            bars.Declare(Components.Select(c => c.Label));
            var step = new ScatterSeries
            {
                Title = "Step time", MarkerType = MarkerType.Diamond, MarkerSize = 5, MarkerFill = OxyColors.Black,
            };
            foreach (var item in ranked)
            {
                int category = bars.AddCategory(Label(item, items));
                for (int c = 0; c < Components.Length; c++)
                    bars.Add(category, Components[c].Label, item.Value(Components[c].Property), ChartStyle.Colour(c));
                step.Points.Add(new ScatterPoint(item.Value("StepSeconds"), category));
            }
            return bars.Build(Title, model => model.Series.Add(step));
        }

        private static string Label(ReportItem item, IReadOnlyList<ReportItem> all)
        {
            var parts = new List<string> { Varying(item, all, ("Model", ""), ("Hardware", "")) };
            foreach (var (property, prefix) in new[] { ("TensorParallel", "TP"), ("PipelineParallel", "PP"), ("DataParallel", "DP"), ("ExpertParallel", "EP"), ("ContextParallel", "CP"), ("VirtualPipelineStages", "v") })
            {
                double v = item.Value(property);
                bool always = property == "TensorParallel" || property == "PipelineParallel" || property == "DataParallel";
                if (item.Has(property) && (always || v > 1)) parts.Add(prefix + Readable.Count(v));
            }
            if (item.Has("MicroBatchSize")) parts.Add("mb" + Readable.Count(item.Value("MicroBatchSize")));
            parts.Add(Varying(item, all, ("Recompute", ""), ("ZeroStage", "ZeRO-")));
            return Join(parts.ToArray());
        }
    }
}
