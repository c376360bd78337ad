using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Renders a chart with OxyPlot's SvgExporter (pure managed; text measured by <see cref="TextMeasurer"/>), then makes the SVG fit to embed: ids made unique per chart (OxyPlot numbers its clip paths from 1 in every
    /// file, and a page with two charts would clip the second by the first's rectangles) and a title for readers.
    /// </summary>
    internal static class SvgRenderer
    {
        public const double Width = 920;
        private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

        public static XElement Render(PlotModel model, double height, string idPrefix, string accessibleName)
        {
            string text = SvgExporter.ExportToString(model, Width, height, true, new TextMeasurer(), false);
            var root = XDocument.Parse(text).Root;
            foreach (var element in root.DescendantsAndSelf())
            {
                var id = element.Attribute("id");
                if (id != null) id.Value = idPrefix + id.Value;
                var clip = element.Attribute("clip-path");
                if (clip != null) clip.Value = clip.Value.Replace("url(#", "url(#" + idPrefix);
            }
            root.SetAttributeValue("role", "img");
            root.SetAttributeValue("viewBox", string.Format(CultureInfo.InvariantCulture, "0 0 {0} {1}", Width, height));
            root.AddFirst(new XElement(Svg + "title", accessibleName));
            return root;
        }

        /// <summary>A standalone .svg file.</summary>
        public static string Document(PlotModel model, double height, string accessibleName)
        {
            var root = Render(model, height, "", accessibleName);
            return new XDeclaration("1.0", "utf-8", null) + "\n" + root.ToString(SaveOptions.DisableFormatting) + "\n";
        }

        /// <summary>The &lt;svg&gt; element for an HTML page.</summary>
        public static string Inline(PlotModel model, double height, string idPrefix, string accessibleName) =>
            Render(model, height, idPrefix, accessibleName).ToString(SaveOptions.DisableFormatting);

    }
}
