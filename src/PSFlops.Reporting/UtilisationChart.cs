using System.Collections.Generic;
using System.Linq;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>Get-ModelMfu objects: achieved TFLOP/s per device against the device's dense peak.</summary>
    internal sealed class UtilisationChart : Chart
    {
        public override string Id => "utilisation";
        public override string Title => "FLOPs utilisation per device";
        public override IReadOnlyList<string> Signature { get; } = new[] { "Mfu", "AchievedTFlopsPerSecondPerDevice", "PeakTFlopsPerSecondPerDevice" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "Mfu", "Hfu", "AchievedTFlopsPerSecondPerDevice", "PeakTFlopsPerSecondPerDevice" };
        public override IReadOnlyList<string> Columns { get; } = new[]
            { "Model", "Hardware", "DataType", "DeviceCount", "Method", "TokensPerSecond", "FlopsPerToken", "AchievedTFlopsPerSecondPerDevice", "PeakTFlopsPerSecondPerDevice", "Mfu", "Hfu" };

        public override string Caption(IReadOnlyList<ReportItem> items) =>
            "Per device: model FLOP/s achieved (MFU x peak, no recomputation), the extra work recomputation adds (HFU - MFU), " +
            "and the rest of the dense datasheet peak of the data type (never the sparsity figure).";

        public override double Height(IReadOnlyList<ReportItem> items) => StackedBars.Height(items.Count, 3);

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var bars = new StackedBars("TFLOP/s per device", v => Readable.Number(v));
            foreach (var item in items)
            {
                double peak = item.Value("PeakTFlopsPerSecondPerDevice"), mfu = item.Value("Mfu");
                double hfu = System.Math.Max(mfu, item.Has("Hfu") ? item.Value("Hfu") : mfu);
                string label = Join(Varying(item, items, ("Model", ""), ("Hardware", ""), ("DeviceCount", "x"), ("DataType", ""), ("Method", "")),
                    "MFU " + Readable.Percent(mfu));
                int category = bars.AddCategory(label);
                bars.Add(category, "Model FLOP/s (MFU)", mfu * peak, ChartStyle.Colour(0));
                bars.Add(category, "Recomputation (HFU - MFU)", (hfu - mfu) * peak, ChartStyle.Colour(3));
                bars.Add(category, "Unused peak", System.Math.Max(0, 1 - hfu) * peak, OxyColor.FromRgb(220, 220, 220));
            }
            return bars.Build(Title);
        }
    }
}
