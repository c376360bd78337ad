using System.Collections.Generic;
using System.Linq;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Get-ModelFlops objects: forward FLOPs against the sequence length or the batch size (whichever the
    /// objects sweep more), one line per model; axes turn logarithmic where the values span two decades.
    /// </summary>
    internal sealed class SweepChart : Chart
    {
        public override string Id => "sweep";
        public override string Title => "Model FLOPs against sequence length or batch size";
        public override IReadOnlyList<string> Signature { get; } = new[] { "ForwardFlops", "SequenceLength", "BatchSize" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "ForwardFlops", "SequenceLength", "BatchSize", "TrainingFlops" };
        protected override bool NeedsPositive => true;
        public override IReadOnlyList<string> Columns { get; } = new[]
        {
            "Model", "Parameters", "SequenceLength", "BatchSize", "Tokens", "ForwardFlops", "TrainingFlops", "HardwareFlops",
            "ForwardFlopsPerToken", "TrainingFlopsPerToken", "Recompute", "Convention",
        };

        public override string Caption(IReadOnlyList<ReportItem> items)
        {
            var (x, _) = Axes(items);
            bool logX = ChartStyle.SpansDecades(items.Select(i => i.Value(x)));
            bool logY = ChartStyle.SpansDecades(items.Select(i => i.Value("ForwardFlops")));
            string scale = logX && logY ? "Both axes are logarithmic." : logX ? "The horizontal axis is logarithmic." : logY ? "The vertical axis is logarithmic." : "";
            return Join($"Forward FLOPs of the whole model for one batch, one point per object, against {Words(x)}.", scale,
                "Training = 3 x forward (backward = 2 x forward); FLOPs = 2 x MACs for matmuls.", Stated(items, "Convention", "Convention"));
        }

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var (x, other) = Axes(items);
            var model = ChartStyle.Model(Title);
            var xs = items.Select(i => i.Value(x)).ToList();
            var ys = items.Select(i => i.Value("ForwardFlops")).ToList();
            model.Axes.Add(Axis(AxisPosition.Bottom, char.ToUpperInvariant(Words(x)[0]) + Words(x).Substring(1), Readable.Count, xs));
            model.Axes.Add(Axis(AxisPosition.Left, "Forward FLOPs per batch", Readable.Flops, ys));
            int colour = 0;
            foreach (var line in items.GroupBy(i => Varying(i, items, ("Model", ""), (other, other == "BatchSize" ? "B=" : "S="), ("Recompute", ""), ("Convention", ""))))
            {
                var series = new LineSeries
                {
                    Title = line.Key.Length > 0 ? line.Key : line.First().Text("Model") ?? "model",
                    Color = ChartStyle.Colour(colour), MarkerFill = ChartStyle.Colour(colour), MarkerType = MarkerType.Circle, MarkerSize = 4,
                    StrokeThickness = 2,
                };
                colour++;
                foreach (var item in line.OrderBy(i => i.Value(x))) series.Points.Add(new DataPoint(item.Value(x), item.Value("ForwardFlops")));
                model.Series.Add(series);
            }
            return model;
        }

        /// <summary>The property swept more (more distinct values) is the horizontal axis; the other tells lines apart.</summary>
        private static (string X, string Other) Axes(IReadOnlyList<ReportItem> items)
        {
            int sequences = items.Select(i => i.Value("SequenceLength")).Distinct().Count();
            int batches = items.Select(i => i.Value("BatchSize")).Distinct().Count();
            return batches > sequences ? ("BatchSize", "SequenceLength") : ("SequenceLength", "BatchSize");
        }

        private static string Words(string property) => property == "BatchSize" ? "batch size (sequences)" : "sequence length (tokens)";

        private static Axis Axis(AxisPosition position, string title, System.Func<double, string> format, List<double> values)
        {
            if (!ChartStyle.SpansDecades(values))
            {
                var linear = ChartStyle.ValueAxis(position, title, format);
                linear.MinimumPadding = 0.05;
                return linear;
            }
            return ChartStyle.LogAxis(position, title, format, values.Min() / 1.6, values.Max() * 1.6);
        }
    }
}
