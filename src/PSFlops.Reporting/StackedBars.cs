using System;
using System.Collections.Generic;
using System.Linq;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Horizontal bars, one category per object, each stacked from named segments; the first category is drawn
    /// at the top. A segment of 0 draws nothing, so every mark on the chart is a real quantity.
    /// </summary>
    internal sealed class StackedBars
    {
        private readonly List<string> _labels = new List<string>();
        private readonly Dictionary<string, BarSeries> _segments = new Dictionary<string, BarSeries>(StringComparer.Ordinal);
        private readonly List<BarSeries> _order = new List<BarSeries>();
        private readonly Func<double, string> _format;
        private readonly string _valueTitle;

        public StackedBars(string valueTitle, Func<double, string> format)
        {
            _valueTitle = valueTitle;
            _format = format;
        }

        private readonly List<string> _declared = new List<string>();

        public int Count => _labels.Count;

        /// <summary>The segments' order in the stack and the legend, for charts whose components have a natural order.</summary>
        public void Declare(IEnumerable<string> segments) => _declared.AddRange(segments);

        public int AddCategory(string label)
        {
            _labels.Add(label);
            return _labels.Count - 1;
        }

        public void Add(int category, string segment, double value, OxyColor? colour = null)
        {
            if (!(value > 0)) return;
            if (!_segments.TryGetValue(segment, out var series))
            {
                series = new BarSeries
                {
                    Title = segment, IsStacked = true, StrokeThickness = 0,
                    FillColor = colour ?? ChartStyle.Colour(_order.Count),
                };
                _segments.Add(segment, series);
                _order.Add(series);
            }
            series.Items.Add(new BarItem(value, category));
        }

        public PlotModel Build(string title, Action<PlotModel> extra = null)
        {
            var model = ChartStyle.Model(title);
            var categories = new CategoryAxis { Position = AxisPosition.Left, StartPosition = 1, EndPosition = 0, GapWidth = 0.35, IsTickCentered = false };
            categories.Labels.AddRange(_labels);
            model.Axes.Add(categories);
            model.Axes.Add(ChartStyle.ValueAxis(AxisPosition.Bottom, _valueTitle, _format));
            // Legend and stack in the order the segments were declared, not the order the first non-zero value came.
            foreach (var series in _order.OrderBy(s => _declared.IndexOf(s.Title) < 0 ? int.MaxValue : _declared.IndexOf(s.Title))) model.Series.Add(series);
            extra?.Invoke(model);
            return model;
        }

        /// <summary>Room for each bar, the axes and the legend.</summary>
        public static double Height(int categories, int segments) => Math.Max(110 + 26 * categories, 90 + 18 * segments);
    }
}
