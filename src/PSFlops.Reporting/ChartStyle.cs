using System;
using System.Collections.Generic;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace PSFlops.Reporting
{
    /// <summary>The look every chart shares: fonts, palette, axes, legend.</summary>
    internal static class ChartStyle
    {
        /// <summary>Tableau 10: distinguishable in print and by most colour-blind readers.</summary>
        public static readonly OxyColor[] Palette =
        {
            OxyColor.Parse("#4E79A7"), OxyColor.Parse("#F28E2B"), OxyColor.Parse("#E15759"), OxyColor.Parse("#76B7B2"),
            OxyColor.Parse("#59A14F"), OxyColor.Parse("#EDC948"), OxyColor.Parse("#B07AA1"), OxyColor.Parse("#FF9DA7"),
            OxyColor.Parse("#9C755F"), OxyColor.Parse("#BAB0AC"),
        };

        public static OxyColor Colour(int index) => Palette[index % Palette.Length];

        public static PlotModel Model(string title)
        {
            var model = new PlotModel
            {
                Title = title,
                TitleFontSize = 15,
                DefaultFont = "Arial",   // Liberation Sans / Helvetica where Arial is absent; OxyPlot measures text with these metrics
                DefaultFontSize = 12,
                Culture = System.Globalization.CultureInfo.InvariantCulture,
                PlotAreaBorderColor = OxyColor.FromRgb(160, 160, 160),
                Background = OxyColors.White,
                Padding = new OxyThickness(8, 8, 16, 8),
            };
            model.Legends.Add(new Legend
            {
                LegendPlacement = LegendPlacement.Outside,
                LegendPosition = LegendPosition.RightTop,
                LegendOrientation = LegendOrientation.Vertical,
                LegendBorderThickness = 0,
            });
            return model;
        }

        public static LinearAxis ValueAxis(AxisPosition position, string title, Func<double, string> format) => new LinearAxis
        {
            Position = position, Title = title, Minimum = 0, MaximumPadding = 0.06, LabelFormatter = format,
            MajorGridlineStyle = LineStyle.Dot, MajorGridlineColor = OxyColor.FromRgb(210, 210, 210), AxisTitleDistance = 6,
            IntervalLength = 110,   // room for labels with units ("1.5 TFLOPs") between ticks
        };

        public static LogarithmicAxis LogAxis(AxisPosition position, string title, Func<double, string> format, double minimum, double maximum) => new LogarithmicAxis
        {
            Position = position, Title = title, LabelFormatter = format, Minimum = minimum, Maximum = maximum,
            MajorGridlineStyle = LineStyle.Dot, MajorGridlineColor = OxyColor.FromRgb(210, 210, 210),
            MinorGridlineStyle = LineStyle.None, AxisTitleDistance = 6,
        };

        /// <summary>True when the largest value is 20 times the smallest or more: a linear axis would crush the small ones.</summary>
        public static bool SpansDecades(IEnumerable<double> values)
        {
            double min = double.MaxValue, max = 0;
            foreach (var v in values)
            {
                if (v <= 0) return false;   // a log axis cannot show 0
                min = Math.Min(min, v); max = Math.Max(max, v);
            }
            return max > 0 && min < double.MaxValue && max / min >= 20;
        }
    }
}
