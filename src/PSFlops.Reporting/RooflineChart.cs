using System;
using System.Collections.Generic;
using System.Linq;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Get-InferenceEstimate objects on the roofline of their device: arithmetic intensity of a decode step
    /// against the FLOP/s it achieves, under the roof min(peak, bandwidth x intensity).
    /// </summary>
    internal sealed class RooflineChart : Chart
    {
        public override string Id => "roofline";
        public override string Title => "Decode steps on the roofline";
        public override IReadOnlyList<string> Signature { get; } = new[]
            { "ArithmeticIntensity", "DecodeFlopsPerStep", "BytesPerStep", "SecondsPerStep", "ComputeSecondsPerStep", "MemorySecondsPerStep" };
        protected override IReadOnlyList<string> Plotted => Signature;
        protected override bool NeedsPositive => true;
        public override IReadOnlyList<string> Columns { get; } = new[]
        {
            "Model", "Hardware", "DeviceCount", "DataType", "BatchSize", "PromptLength", "ContextLength", "DecodeFlopsPerStep", "BytesPerStep",
            "ArithmeticIntensity", "RidgeIntensity", "SecondsPerStep", "TokensPerSecond", "Bound",
        };

        public override string Caption(IReadOnlyList<ReportItem> items) =>
            "One point per estimate: a decode step's FLOPs per byte it moves (weights and KV cache) against the FLOP/s it achieves " +
            "(DecodeFlopsPerStep / SecondsPerStep). Each line is the roof the estimate used, min(peak, bandwidth x intensity) over DeviceCount devices, " +
            "read back from it (peak = FLOPs over compute time, bandwidth = FLOPs / intensity over memory time: the dense peak of the data type and the memory bandwidth); " +
            "points on the sloped part are memory-bound, and a point below its roof lost time elsewhere (communication). Both axes are logarithmic.";

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var model = ChartStyle.Model(Title);
            var roofs = items.GroupBy(Roof).OrderByDescending(r => r.Key.Peak).ToList();
            double peakMax = roofs.Max(r => r.Key.Peak);
            double xMin = Math.Min(items.Min(i => i.Value("ArithmeticIntensity")), roofs.Min(r => r.Key.Ridge)) / 4;
            double xMax = Math.Max(items.Max(i => i.Value("ArithmeticIntensity")), roofs.Max(r => r.Key.Ridge)) * 4;
            double yMin = Math.Min(items.Min(Achieved), roofs.Min(r => r.Key.Bandwidth * xMin)) / 2;
            model.Axes.Add(ChartStyle.LogAxis(AxisPosition.Bottom, "Arithmetic intensity (FLOPs per byte moved)", v => Readable.Number(v), xMin, xMax));
            model.Axes.Add(ChartStyle.LogAxis(AxisPosition.Left, "Achieved FLOP/s", Readable.FlopsPerSecond, yMin, peakMax * 2));
            int colour = 0;
            foreach (var roof in roofs)
            {
                // Points sit on a rising roof: labels go above and left of the top roof's points (empty sky) and
                // below and right of the lower roofs' points, so that no label lies across another roof.
                bool top = colour == 0;
                var c = ChartStyle.Colour(colour++);
                var line = new LineSeries { Title = roof.Key.Label, Color = c, StrokeThickness = 2 };
                line.Points.Add(new DataPoint(xMin, roof.Key.Bandwidth * xMin));
                line.Points.Add(new DataPoint(roof.Key.Ridge, roof.Key.Peak));
                line.Points.Add(new DataPoint(xMax, roof.Key.Peak));
                model.Series.Add(line);
                foreach (var item in roof)
                    model.Annotations.Add(new PointAnnotation
                    {
                        X = item.Value("ArithmeticIntensity"), Y = Achieved(item), Shape = MarkerType.Circle, Size = 5, Fill = c,
                        Stroke = OxyColors.White, StrokeThickness = 1, Text = PointLabel(item, items), TextColor = OxyColor.FromRgb(40, 40, 40),
                        TextHorizontalAlignment = top ? HorizontalAlignment.Right : HorizontalAlignment.Left,
                        TextVerticalAlignment = top ? VerticalAlignment.Bottom : VerticalAlignment.Top,
                    });
            }
            return model;
        }

        private static double Achieved(ReportItem item) => item.Value("DecodeFlopsPerStep") / item.Value("SecondsPerStep");

        /// <summary>
        /// The roof as the estimate used it: peak = FLOPs over compute time; bandwidth = the bytes the intensity
        /// implies (FLOPs / intensity) over memory time. Reading the bytes through the intensity keeps roof and points
        /// on one scale whether an object states its bytes per device or in all (a memory-bound point then lies on
        /// the slope by construction).
        /// </summary>
        private static RoofKey Roof(ReportItem item)
        {
            double flops = item.Value("DecodeFlopsPerStep");
            double peak = Round(flops / item.Value("ComputeSecondsPerStep"));
            double bandwidth = Round(flops / item.Value("ArithmeticIntensity") / item.Value("MemorySecondsPerStep"));
            double devices = item.Value("DeviceCount");
            string label = Join(item.Text("Hardware") ?? "device", devices > 1 ? "x" + Readable.Count(devices) : "", item.Text("DataType"));
            return new RoofKey(label, peak, bandwidth);
        }

        /// <summary>Four significant figures: estimates of one device agree to rounding, and share one roof.</summary>
        private static double Round(double v) => double.Parse(v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

        private static string PointLabel(ReportItem item, IReadOnlyList<ReportItem> all)
        {
            string label = Varying(item, all, ("Model", ""), ("BatchSize", "B="), ("ContextLength", "ctx "), ("PromptLength", "prompt "));
            return label.Length > 0 ? label : "B=" + item.Text("BatchSize");
        }

        private sealed class RoofKey : IEquatable<RoofKey>
        {
            public RoofKey(string label, double peak, double bandwidth) { Label = label; Peak = peak; Bandwidth = bandwidth; }
            public string Label { get; }
            public double Peak { get; }
            public double Bandwidth { get; }
            public double Ridge => Peak / Bandwidth;
            public bool Equals(RoofKey other) => other != null && Label == other.Label && Peak == other.Peak && Bandwidth == other.Bandwidth;
            public override bool Equals(object obj) => Equals(obj as RoofKey);
            public override int GetHashCode() => Label.GetHashCode() ^ Peak.GetHashCode() ^ Bandwidth.GetHashCode();
        }
    }
}
