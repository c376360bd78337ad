using System.Collections.Generic;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>Get-TrainingEstimate objects: wall-clock days of each training run.</summary>
    internal sealed class TrainingChart : Chart
    {
        public override string Id => "training";
        public override string Title => "Training time";
        public override IReadOnlyList<string> Signature { get; } = new[] { "WallClockDays", "DeviceHours", "TrainingFlops" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "WallClockDays", "DeviceHours", "TrainingFlops", "DeviceCount" };
        public override IReadOnlyList<string> Columns { get; } = new[]
            { "Model", "Parameters", "TrainingTokens", "TokenBudget", "Hardware", "DataType", "DeviceCount", "Mfu", "TrainingFlops", "HardwareFlops", "DeviceHours", "WallClockDays" };

        public override string Caption(IReadOnlyList<ReportItem> items) =>
            "Wall-clock days to train on the token budget: training FLOPs (3 x forward per token) over DeviceCount devices at the stated MFU of their dense peak.";

        public override double Height(IReadOnlyList<ReportItem> items) => StackedBars.Height(items.Count, 1);

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var bars = new StackedBars("Wall-clock days", v => Readable.Number(v));
            foreach (var item in items)
            {
                string label = Join(Varying(item, items, ("Model", ""), ("Hardware", ""), ("DeviceCount", "x"), ("TrainingTokens", "tokens "), ("Mfu", "MFU ")));
                bars.Add(bars.AddCategory(label.Length > 0 ? label : item.Text("Model") ?? "run"), "Wall-clock days", item.Value("WallClockDays"), ChartStyle.Colour(0));
            }
            return bars.Build(Title);
        }
    }
}
