using System.Collections.Generic;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Measures text for the SVG exporter with the PDF exporter's font metrics (Helvetica, whose widths Arial and
    /// Liberation Sans share), converted from points to pixels: the PDF context measures a 12-unit font in points
    /// (1/72 inch) while SVG and the browser draw it in pixels (1/96 inch), so unscaled it gives 3/4 of the room
    /// a label takes, and axis labels run off the chart and legend rows overlap. It only measures; it never draws.
    /// </summary>
    internal sealed class TextMeasurer : ClippingRenderContext
    {
        private const double PixelsPerPoint = 96.0 / 72.0;
        private readonly PdfRenderContext _pdf = new PdfRenderContext(100, 100, OxyColors.White);

        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight) =>
            _pdf.MeasureText(text, fontFamily, fontSize * PixelsPerPoint, fontWeight);

        public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin) { }

        public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin) { }

        public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotation,
            HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize) { }

        protected override void SetClip(OxyRect clippingRectangle) { }

        protected override void ResetClip() { }
    }
}
