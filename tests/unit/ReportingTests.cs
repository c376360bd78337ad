using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using PSFlops.Reporting;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>The report assembly without a runspace: units, matching objects to charts, validation, escaping.</summary>
    public class ReportingTests
    {
        private static ReportItem Item(params (string Name, object Value)[] values) =>
            new ReportItem("Test", values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

        private static ReportItem Layout(double step) => Item(("StepSeconds", step), ("ComputeSeconds", 1.0), ("PipelineBubbleSeconds", 0.5),
            ("TensorParallelCommSeconds", 0.25), ("DataParallelCommSeconds", 0.25), ("TensorParallel", 2L), ("PipelineParallel", 2L), ("DataParallel", 4L));

        [Theory]
        [InlineData("TotalFlops", 1.23e12, "1.23 TFLOPs")]
        [InlineData("WeightBytes", 8e10, "80 GB")]           // decimal GB: 80 x 10^9 bytes
        [InlineData("StepSeconds", 0.0123, "12.3 ms")]
        [InlineData("Mfu", 0.462, "46.2 %")]
        [InlineData("ArithmeticIntensity", 21.8, "21.8 FLOP/B")]
        [InlineData("Parameters", 8.03e9, "8.03 B")]
        [InlineData("SequenceLength", 8192.0, "8192")]
        [InlineData("PeakTFlopsPerSecondPerDevice", 989.5, "990 TFLOP/s")]   // three significant figures
        public void Units_follow_the_property_name(string property, double value, string expected) =>
            Assert.Equal(expected, Readable.Formatter(property)(value));

        [Fact]
        public void A_log_axis_tick_just_under_a_power_of_ten_reads_as_that_power() =>
            Assert.Equal("1 K", Readable.Count(999.99999999999));   // 10^3 as a log axis computes it

        [Theory]
        [InlineData(1.0, 19.0, false)]
        [InlineData(1.0, 20.0, true)]      // the help's "a factor of 20 or more"
        [InlineData(0.0, 1000.0, false)]   // a log axis cannot show 0
        public void An_axis_turns_logarithmic_at_a_factor_of_20(double min, double max, bool log) =>
            Assert.Equal(log, ChartStyle.SpansDecades(new[] { min, (min + max) / 2, max }));

        [Fact]
        public void Text_numbers_parse_in_the_invariant_culture_only()
        {
            var item = Item(("A", "1.5e3"), ("B", "1,5"), ("C", 7L));
            Assert.Equal(1500, item.Number("A"));
            Assert.Null(item.Number("B"));                           // a decimal comma is not a number here
            Assert.Equal(7, item.Number("C"));
        }

        [Fact]
        public void Each_object_lands_on_one_chart_by_its_properties()
        {
            Assert.Equal("layouts", ChartCatalog.For(Layout(2)).Id);
            // An inference estimate also carries WeightBytes and KvCacheBytes, but no TotalBytes: the roofline takes it.
            var inference = Item(("ArithmeticIntensity", 20.0), ("DecodeFlopsPerStep", 1e12), ("BytesPerStep", 5e10), ("SecondsPerStep", 0.015),
                ("ComputeSecondsPerStep", 0.001), ("MemorySecondsPerStep", 0.015), ("WeightBytes", 1.6e10), ("KvCacheBytes", 3e10));
            Assert.Equal("roofline", ChartCatalog.For(inference).Id);
            Assert.Equal("memory", ChartCatalog.For(Item(("WeightBytes", 1.0), ("TotalBytes", 2.0))).Id);
            Assert.Null(ChartCatalog.For(Item(("Name", "x"))));
        }

        [Fact]
        public void Bad_numbers_are_refused_with_the_property_named()
        {
            var builder = new ReportBuilder();
            var bad = Item(("StepSeconds", double.NaN), ("ComputeSeconds", 1.0), ("PipelineBubbleSeconds", 0.0),
                ("TensorParallelCommSeconds", 0.0), ("DataParallelCommSeconds", 0.0));
            Assert.Contains("StepSeconds is not finite", builder.Add(bad, out string id));
            Assert.Equal(ReportBuilder.InvalidObject, id);
            Assert.Null(builder.Add(Layout(2), out _));
            Assert.Equal(1, builder.Count);
        }

        [Fact]
        public void One_svg_holds_one_chart_with_a_bar_per_layout()
        {
            var builder = new ReportBuilder();
            foreach (var step in new[] { 2.0, 3.0, 2.5 }) builder.Add(Layout(step), out _);
            var svg = XDocument.Parse(builder.ToSvg("Three layouts"));
            XNamespace ns = "http://www.w3.org/2000/svg";
            var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
            Assert.Contains("Three layouts", texts);
            Assert.Equal(3, texts.Count(t => t == "TP2 PP2 DP4"));
            builder.Add(Item(("WeightBytes", 1.0), ("TotalBytes", 2.0)), out _);
            Assert.Throws<System.InvalidOperationException>(() => builder.ToSvg(null));
        }

        [Fact]
        public void Html_escapes_the_title_and_the_cells()
        {
            var builder = new ReportBuilder();
            builder.Add(Item(("WeightBytes", 1e9), ("TotalBytes", 2e9), ("Model", "<img src=x onerror=alert(1)>")), out _);
            string html = builder.ToHtml("A & <B>");
            Assert.Contains("<h1>A &amp; &lt;B&gt;</h1>", html);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        }
    }
}
