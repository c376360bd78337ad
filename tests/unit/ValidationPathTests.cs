using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using FsCheck;
using FsCheck.Xunit;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Infrastructure;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The one validation path for user numbers ([Dimension], [Number], Require), name matching, the bounded file
    /// reader and the expansion budget. Expected values are the inputs themselves or hand counts.
    /// </summary>
    public class ValidationPathTests
    {
        private static object Dimension(object value, bool allowZero = false) =>
            new DimensionAttribute { AllowZero = allowZero }.Transform(null, value);

        private static object Number(object value, bool allowZero = false, double max = Require.MaxDimension) =>
            new NumberAttribute { AllowZero = allowZero, Maximum = max }.Transform(null, value);

        [Theory]
        [InlineData("989,5")]       // 989.5 in a de-DE CSV; PowerShell's own conversion reads 9895
        [InlineData("1,024")]       // 1024 in en-US, 1.024 in de-DE
        [InlineData("1.234,5")]
        public void A_comma_is_ambiguous_and_refused_by_both_attributes(string text)
        {
            var e1 = Assert.Throws<ArgumentTransformationMetadataException>(() => Number(text));
            var e2 = Assert.Throws<ArgumentTransformationMetadataException>(() => Dimension(text));
            Assert.Contains("ambiguous", e1.Message);
            Assert.Contains("ambiguous", e2.Message);
        }

        [Theory]
        [InlineData("de-DE")]
        [InlineData("tr-TR")]
        [InlineData("az-Latn-AZ")]
        public void Strings_are_read_invariantly_whatever_the_culture(string culture)
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo(culture);
                Assert.Equal(989.5, Number("989.5"));
                Assert.Equal(1e9, Number("1e9"));
                Assert.Equal(4096L, Dimension(" 4096 "));
                Assert.Equal(4096L, Dimension("4.096e3"));   // a whole number in exponent form
            }
            finally { CultureInfo.CurrentCulture = saved; }
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(double.NegativeInfinity)]
        [InlineData(-1.0)]
        [InlineData(0.0)]
        [InlineData(9007199254740994.0)]   // 2^53 + 2, the next double past 2^53
        [InlineData(1e308)]
        public void Number_refuses_what_no_quantity_can_be(double value)
        {
            Assert.Throws<ArgumentTransformationMetadataException>(() => Number(value));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Number(value.ToString("R", CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void Number_takes_zero_and_a_maximum_where_the_parameter_says_so()
        {
            Assert.Equal(0.0, Number(0, allowZero: true));
            Assert.Equal(1.0, Number(1, max: 1));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Number(1.01, max: 1));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Number(true));     // not 1
            Assert.Throws<ArgumentTransformationMetadataException>(() => Number(new object[0]));
            Assert.Equal(new[] { 1.5, 2.0 }, (double[])Number(new object[] { "1.5", 2 }));
        }

        [Theory]
        [InlineData(0L)]
        [InlineData(-3L)]
        [InlineData(9007199254740993L)]   // 2^53 + 1
        [InlineData(long.MaxValue)]
        public void Dimension_refuses_outside_one_to_two_to_the_53(long value)
        {
            var e = Assert.Throws<ArgumentTransformationMetadataException>(() => Dimension(value));
            Assert.Contains("2^53", e.Message);
        }

        [Fact]
        public void Dimension_accepts_its_whole_range_and_zero_where_allowed()
        {
            Assert.Equal(1L, Dimension(1));
            Assert.Equal(Require.MaxDimension, Dimension(9007199254740992.0));
            Assert.Equal(0L, Dimension(0, allowZero: true));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Dimension(2.5));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Dimension(new long[0]));
            Assert.Throws<ArgumentTransformationMetadataException>(() => Dimension(true));
        }

        [Property(MaxTest = 500)]
        public bool Dimension_round_trips_every_value_in_range_as_number_and_invariant_text(PositiveInt p, NonNegativeInt shift)
        {
            // Values spread over 1 .. 2^53 (a generated mantissa shifted up to 53 bits).
            long value = Math.Max(1, Math.Min(Require.MaxDimension, (long)p.Get << (shift.Get % 54)));
            return (long)Dimension(value) == value
                && (long)Dimension(value.ToString(CultureInfo.InvariantCulture)) == value
                && (long)Dimension((double)value) == value;
        }

        [Fact]
        public void Require_messages_use_the_invariant_culture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                var e = Assert.Throws<FlopsArgumentException>(() => Require.PositiveNumber(-1.5, "StepTime"));
                Assert.Contains("-1.5", e.Reason);
                Assert.Throws<FlopsArgumentException>(() => Require.FiniteResult(double.PositiveInfinity, "Bytes"));
                Assert.Equal(0.0, Require.NonNegativeNumber(0, "Overhead"));
            }
            finally { CultureInfo.CurrentCulture = saved; }
        }

        [Theory]
        [InlineData("tr-TR")]
        [InlineData("az-Latn-AZ")]
        public void Names_match_ordinally_under_dotted_i_cultures(string culture)
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo(culture);
                // Under these cultures "i".ToUpper() is "İ", so culture-aware matching misses all three.
                Assert.True(NamePattern.Parse("VIT-B-16").IsMatch("vit-b-16"));
                Assert.True(NamePattern.Parse("mi300x").IsMatch("MI300X"));
                Assert.True(NamePattern.Parse("MIX*").IsMatch("mixtral-8x7b"));
                Assert.False(NamePattern.Parse("MIX*").IsMatch("llama-2-7b"));
            }
            finally { CultureInfo.CurrentCulture = saved; }
        }

        [Theory]
        [InlineData("h100[", NamePattern.InvalidWildcard)]
        [InlineData(null, NamePattern.EmptyName)]
        [InlineData("  ", NamePattern.EmptyName)]
        public void Bad_names_are_input_errors(string name, string id)
        {
            var e = Assert.Throws<InputException>(() => NamePattern.Parse(name));
            Assert.Equal(id, e.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        }

        [Fact]
        public void A_bracket_in_a_completion_is_literal()
        {
            Assert.Equal(new[] { "a[1]" }, NamePattern.Completions(new[] { "a[1]", "b" }, "a["));
        }

        [Fact]
        public void The_suggestion_is_bounded_for_huge_names()
        {
            string huge = new string('q', 2 * 1024 * 1024);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal("", Suggest.DidYouMean(huge, new[] { "name", huge }));
            Assert.Equal("", Suggest.DidYouMean(null, new[] { "name" }));
            Assert.True(watch.ElapsedMilliseconds < 1000);
            Assert.Equal(" Did you mean 'layers'?", Suggest.Closest("layer", new[] { "layers", "input" }));
        }

        [Fact]
        public void Bounded_reads_count_bytes_and_refuse_special_files()
        {
            if (!OperatingSystem.IsWindows())
            {
                var zero = Assert.Throws<ModelDefinitionException>(() => BoundedFile.Read("/dev/zero"));
                Assert.Equal("FileUnreadable", zero.ErrorId);
                Assert.Contains("device", zero.Reason);
            }
            string path = Path.Combine(Path.GetTempPath(), $"psflops-{Guid.NewGuid():N}.yaml");
            try
            {
                File.WriteAllBytes(path, new byte[BoundedFile.MaxBytes + 1]);
                Assert.Equal("FileTooLarge", Assert.Throws<ModelDefinitionException>(() => BoundedFile.Read(path)).ErrorId);
                File.WriteAllBytes(path, new byte[BoundedFile.MaxBytes]);
                Assert.Equal(BoundedFile.MaxBytes, BoundedFile.Read(path).Length);
            }
            finally { File.Delete(path); }
        }

        [Theory]
        [InlineData("utf-16")]     // little endian with a byte order mark, as PowerShell 5.1's Out-File writes
        [InlineData("utf-16BE")]
        public void Utf16_text_is_decoded(string encoding)
        {
            var text = "name: tiny\n";
            var enc = Encoding(encoding);
            byte[] withBom = Concat(enc.GetPreamble(), enc.GetBytes(text));
            Assert.Equal(text, BoundedFile.Decode(withBom, new SourceLocation("f", 1, 1)));
            Assert.Equal(text, BoundedFile.Decode(enc.GetBytes(text), new SourceLocation("f", 1, 1)));   // no mark: NUL pattern
        }

        private static System.Text.Encoding Encoding(string name) =>
            name == "utf-16" ? new System.Text.UnicodeEncoding(false, true) : new System.Text.UnicodeEncoding(true, true);

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var r = new byte[a.Length + b.Length];
            a.CopyTo(r, 0);
            b.CopyTo(r, a.Length);
            return r;
        }

        // Blocks calling the next one four times, twelve deep: 4^12 = 16.8 million relus from ~1 KB.
        internal static string CallBomb()
        {
            var yaml = new System.Text.StringBuilder("input: [4, 8]\nblocks:\n");
            for (int i = 0; i < 12; i++)
            {
                yaml.Append($"  b{i}:\n    layers:\n");
                for (int k = 0; k < 4; k++) yaml.Append($"      - b{i + 1}: {{}}\n");
            }
            return yaml.Append("  b12:\n    layers:\n      - relu: {}\nlayers:\n  - b0: {}\n").ToString();
        }

        [Fact]
        public void A_cancelled_token_stops_the_expansion()
        {
            using var source = new CancellationTokenSource();
            source.Cancel();
            Assert.Throws<OperationCanceledException>(() => ModelFileLoader.Parse(CallBomb(), "calls.yaml", source.Token));
        }

        [Fact]
        public void Every_built_in_graph_model_is_far_inside_the_budget()
        {
            // The budget must never refuse a real model: the built-in CNNs and ViTs load (expanding once) untouched.
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "module", "models"), "*.yaml"))
                Assert.NotNull(ModelFileLoader.Load(file));
        }

        [Fact]
        public void A_graph_model_refuses_sequence_length_zero()
        {
            var model = ModelFileLoader.Parse("input: [4, 8]\nlayers:\n  - relu: {}\n", "g.yaml");
            var e = Assert.Throws<FlopsArgumentException>(() => ModelCalculator.Cost(model, 0, 1, CountingOptions.Default));
            Assert.Equal("SequenceLength", e.ParamName);
        }
    }
}
