using System.Collections.Generic;
using System.Linq;
using OxyPlot;
using OxyPlot.Annotations;

namespace PSFlops.Reporting
{
    /// <summary>Get-ModelMemory objects: bytes per device stacked by what holds them, against each device's memory.</summary>
    internal sealed class MemoryChart : Chart
    {
        private static readonly (string Property, string Label)[] Components =
        {
            ("WeightBytes", "Weights"), ("GradientBytes", "Gradients"), ("OptimizerBytes", "Optimizer states"),
            ("ActivationBytes", "Activations"), ("KvCacheBytes", "KV cache"),
        };

        public override string Id => "memory";
        public override string Title => "Memory per device";
        public override IReadOnlyList<string> Signature { get; } = new[] { "WeightBytes", "TotalBytes" };
        protected override IReadOnlyList<string> Plotted { get; } = Components.Select(c => c.Property).Concat(new[] { "TotalBytes", "DeviceMemoryBytes", "UsableBytes", "ReserveFraction" }).ToArray();
        public override IReadOnlyList<string> Columns { get; } = new[]
            { "Model", "Mode", "SequenceLength", "BatchSize", "DataType", "ZeroStage", "DataParallel", "TensorParallel", "PipelineParallel", "Recompute" }
            .Concat(Components.Select(c => c.Property)).Concat(new[] { "TotalBytes", "Hardware", "DeviceMemoryBytes", "UsableBytes", "Fraction", "Fits" }).ToArray();

        public override string Caption(IReadOnlyList<ReportItem> items) => Join(
            "Bytes held on one device, stacked by what holds them, in decimal GB (10^9 bytes, as datasheets state device memory).",
            items.Any(i => i.Value("DeviceMemoryBytes") > 0)
                ? "A solid line is a device's memory; a dashed one what is left after the reserve kept for the framework, the line Fits is judged against." : "",
            "Training counts weights, gradients and optimizer states under the ZeRO stage and the layout, and activations at the micro-batch; inference counts weights and the KV cache.");

        /// <summary>The bytes Fits is judged against: UsableBytes where the object says, else the memory less the reserve.</summary>
        private static double Usable(ReportItem item) =>
            item.Value("UsableBytes") > 0 ? item.Value("UsableBytes") : item.Value("DeviceMemoryBytes") * (1 - item.Value("ReserveFraction"));

        public override double Height(IReadOnlyList<ReportItem> items) => StackedBars.Height(items.Count, Components.Length);

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var bars = new StackedBars("Bytes per device", Readable.Gigabytes);
            bars.Declare(Components.Select(c => c.Label));
            foreach (var item in items)
            {
                string label = Varying(item, items, ("Model", ""), ("Mode", ""), ("SequenceLength", "S="), ("BatchSize", "B="), ("DataType", ""),
                    ("ZeroStage", "ZeRO-"), ("DataParallel", "DP"), ("TensorParallel", "TP"), ("PipelineParallel", "PP"), ("Recompute", ""), ("Hardware", ""));
                int category = bars.AddCategory(label.Length > 0 ? label : item.Text("Model") ?? "model");
                for (int c = 0; c < Components.Length; c++)
                    bars.Add(category, Components[c].Label, item.Value(Components[c].Property), ChartStyle.Colour(c));
            }
            return bars.Build(Title, model =>
            {
                foreach (var device in items.Where(i => i.Value("DeviceMemoryBytes") > 0)
                             .GroupBy(i => (Capacity: i.Value("DeviceMemoryBytes"), Usable: Usable(i))))
                {
                    string names = string.Join(", ", device.Select(i => i.Text("Hardware") ?? "device").Distinct());
                    model.Annotations.Add(new LineAnnotation
                    {
                        Type = LineAnnotationType.Vertical, X = device.Key.Capacity, Color = OxyColor.FromRgb(60, 60, 60), StrokeThickness = 1.5,
                        LineStyle = LineStyle.Solid, Text = names + " " + Readable.Gigabytes(device.Key.Capacity), TextColor = OxyColor.FromRgb(60, 60, 60),
                        TextOrientation = AnnotationTextOrientation.Horizontal, TextLinePosition = 1, TextHorizontalAlignment = HorizontalAlignment.Left,
                        TextVerticalAlignment = VerticalAlignment.Top,
                    });
                    if (device.Key.Usable > 0 && device.Key.Usable < device.Key.Capacity)
                        model.Annotations.Add(new LineAnnotation
                        {
                            Type = LineAnnotationType.Vertical, X = device.Key.Usable, Color = OxyColor.FromRgb(60, 60, 60),
                            StrokeThickness = 1, LineStyle = LineStyle.Dash,
                        });
                }
            });
        }
    }
}
