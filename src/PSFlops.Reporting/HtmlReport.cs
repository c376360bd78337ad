using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;

namespace PSFlops.Reporting
{
    /// <summary>
    /// One self-contained HTML page: inline styles and inline SVG, no script, no external reference; a content
    /// security policy forbids the browser to load anything. Every piece of text is HTML-escaped.
    /// </summary>
    internal static class HtmlReport
    {
        private const string Style = @"
body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #222; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.summary, figcaption { color: #555; font-size: 13px; line-height: 1.45; }
nav a { margin-right: 12px; font-size: 13px; }
figure { margin: 0; }
svg { max-width: 100%; height: auto; display: block; }
.table { overflow-x: auto; margin-top: 8px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 3px 8px; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; font-weight: 600; }
td.text, th.text { text-align: left; }
";

        public static string Write(string title, IEnumerable<(Chart Chart, IReadOnlyList<ReportItem> Items)> sections)
        {
            var list = sections.ToList();
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<meta name=\"generator\" content=\"PSFlops Export-FlopsReport\">\n")
                .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
                .Append("<h1>").Append(E(title)).Append("</h1>\n")
                .Append("<p class=\"summary\">").Append(list.Sum(s => s.Items.Count)).Append(" objects in ").Append(list.Count)
                .Append(list.Count == 1 ? " chart" : " charts")
                .Append(". Tables round for reading; hover a cell for the raw value the object carries (invariant culture).</p>\n<nav>");
            foreach (var (chart, _) in list) html.Append("<a href=\"#").Append(chart.Id).Append("\">").Append(E(chart.Title)).Append("</a>");
            html.Append("</nav>\n");
            foreach (var (chart, items) in list)
            {
                html.Append("<section id=\"").Append(chart.Id).Append("\">\n<h2>").Append(E(chart.Title)).Append("</h2>\n<figure>\n");
                var model = chart.Build(items);
                model.Title = null;   // the heading above says it
                html.Append(SvgRenderer.Inline(model, chart.Height(items), chart.Id + "-", chart.Title)).Append('\n');
                html.Append("<figcaption>").Append(E(chart.Caption(items))).Append("</figcaption>\n</figure>\n");
                Table(html, chart, items);
                html.Append("</section>\n");
            }
            return html.Append("</body>\n</html>\n").ToString();
        }

        private static void Table(StringBuilder html, Chart chart, IReadOnlyList<ReportItem> items)
        {
            var columns = chart.Columns.Where(c => items.Any(i => i.Has(c))).ToList();
            var numeric = columns.ToDictionary(c => c, c => items.All(i => !i.Has(c) || i.Raw(c) is double));
            html.Append("<div class=\"table\"><table>\n<thead><tr>");
            foreach (var c in columns) html.Append(numeric[c] ? "<th>" : "<th class=\"text\">").Append(E(c)).Append("</th>");
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var item in chart.Ordered(items))
            {
                html.Append("<tr>");
                foreach (var c in columns)
                {
                    object raw = item.Raw(c);
                    if (raw is double) html.Append("<td title=\"").Append(E(item.Text(c))).Append("\">").Append(E(Readable.Cell(c, raw))).Append("</td>");
                    else html.Append(numeric[c] ? "<td>" : "<td class=\"text\">").Append(E(raw as string ?? "")).Append("</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table></div>\n");
        }

        private static string E(string text) => WebUtility.HtmlEncode(text ?? "");
    }
}
