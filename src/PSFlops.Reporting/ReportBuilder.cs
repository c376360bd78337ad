using System;
using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Collects piped objects, each assigned to the chart that draws it, and writes the HTML report or the one
    /// chart as SVG. Plain .NET types in and out: no OxyPlot type crosses this assembly's public surface.
    /// </summary>
    public sealed class ReportBuilder
    {
        public const string UnsupportedObject = "UnsupportedReportObject";
        public const string InvalidObject = "InvalidReportObject";

        private readonly List<(Chart Chart, List<ReportItem> Items)> _sections = new List<(Chart, List<ReportItem>)>();

        /// <summary>Adds an object; null when a chart takes it, otherwise the reason, with its error id.</summary>
        public string Add(ReportItem item, out string errorId)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            errorId = null;
            var chart = ChartCatalog.For(item);
            if (chart == null)
            {
                errorId = UnsupportedObject;
                return $"Export-FlopsReport draws no chart for an object of type '{item.TypeName}': it carries none of the property sets the charts read (such as TotalFlops, ForwardFlops, WeightBytes and TotalBytes, ArithmeticIntensity, StepSeconds; Get-Help Export-FlopsReport lists them).";
            }
            string invalid = chart.Validate(item);
            if (invalid != null)
            {
                errorId = InvalidObject;
                return $"The {chart.Id} chart cannot draw this object of type '{item.TypeName}': {invalid}.";
            }
            var section = _sections.FirstOrDefault(s => s.Chart == chart);
            if (section.Chart == null) _sections.Add(section = (chart, new List<ReportItem>()));
            section.Items.Add(item);
            return null;
        }

        /// <summary>Objects accepted so far.</summary>
        public int Count => _sections.Sum(s => s.Items.Count);

        /// <summary>The ids of the charts the accepted objects make, in the order their first object came.</summary>
        public IReadOnlyList<string> ChartIds => _sections.Select(s => s.Chart.Id).ToList();

        public string ToHtml(string title) =>
            HtmlReport.Write(title, _sections.Select(s => (s.Chart, (IReadOnlyList<ReportItem>)s.Items)));

        /// <summary>The one chart as a standalone SVG document; the report must hold exactly one chart.</summary>
        public string ToSvg(string title)
        {
            if (_sections.Count != 1) throw new InvalidOperationException($"An SVG file holds one chart; the objects make {_sections.Count}.");
            var (chart, items) = _sections[0];
            var model = chart.Build(items);
            if (!string.IsNullOrEmpty(title)) model.Title = title;
            return SvgRenderer.Document(model, chart.Height(items) + 30, model.Title ?? chart.Title);
        }
    }
}
