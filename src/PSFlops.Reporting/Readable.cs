using System;
using System.Globalization;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Readable units for chart axes and report tables, chosen from the property's name (…Flops, …Bytes,
    /// …Seconds, Mfu, …) so that a new type's properties read right without a table of types. The report is a
    /// file handed on, so it is written in the invariant culture (a decimal point) wherever it is made.
    /// </summary>
    internal static class Readable
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
        private static readonly string[] SiPrefixes = { "", "K", "M", "G", "T", "P", "E", "Z", "Y" };
        private static readonly string[] CountSuffixes = { "", "K", "M", "B", "T", "Q" };

        public static string Flops(double v) => Scaled(v, SiPrefixes, "FLOPs");
        public static string FlopsPerSecond(double v) => Scaled(v, SiPrefixes, "FLOP/s");
        public static string Count(double v) => Scaled(v, CountSuffixes, "").TrimEnd();
        /// <summary>Decimal GB, as datasheets state device memory.</summary>
        public static string Gigabytes(double bytes) => Number(bytes / 1e9) + " GB";
        public static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + " %";

        public static string Duration(double seconds)
        {
            if (seconds == 0) return "0 s";
            if (seconds < 1e-3) return Number(seconds * 1e6) + " µs";
            if (seconds < 1) return Number(seconds * 1e3) + " ms";
            if (seconds < 120) return Number(seconds) + " s";
            if (seconds < 7200) return Number(seconds / 60) + " min";
            if (seconds < 172800) return Number(seconds / 3600) + " h";
            return Number(seconds / 86400) + " days";
        }

        /// <summary>Three significant figures at most, no exponent below 10^15.</summary>
        public static string Number(double v)
        {
            double a = Math.Abs(v);
            string format = a >= 100 ? "0" : a >= 10 ? "0.#" : a >= 0.01 || a == 0 ? "0.##" : "0.###E+0";
            return v.ToString(a >= 1e15 ? "0.##E+0" : format, Invariant);
        }

        /// <summary>A property's value for a table cell: the unit follows the property's name.</summary>
        public static string Cell(string property, object raw)
        {
            if (!(raw is double v)) return raw as string ?? "";
            return Formatter(property)(v);
        }

        /// <summary>The formatter for a property by its name.</summary>
        public static Func<double, string> Formatter(string property)
        {
            string p = property ?? "";
            if (p == "Mfu" || p == "Hfu" || p.EndsWith("Share", StringComparison.Ordinal) || p.EndsWith("Fraction", StringComparison.Ordinal) ||
                p == "Efficiency") return Percent;
            if (p.IndexOf("TFlopsPerSecond", StringComparison.Ordinal) >= 0 || p.EndsWith("TFlops", StringComparison.Ordinal))
                return v => Number(v) + " TFLOP/s";
            if (p.EndsWith("FlopsPerSecond", StringComparison.Ordinal)) return FlopsPerSecond;
            if (p.EndsWith("Flops", StringComparison.Ordinal) || p.IndexOf("FlopsPer", StringComparison.Ordinal) >= 0) return Flops;
            if (p.EndsWith("Intensity", StringComparison.Ordinal)) return v => Number(v) + " FLOP/B";
            if (p.EndsWith("Bytes", StringComparison.Ordinal) || p.IndexOf("BytesPer", StringComparison.Ordinal) >= 0) return Gigabytes;
            if (p.EndsWith("Seconds", StringComparison.Ordinal) || p.IndexOf("SecondsPer", StringComparison.Ordinal) >= 0) return Duration;
            if (p.EndsWith("Days", StringComparison.Ordinal)) return v => Number(v) + " days";
            if (p.EndsWith("Hours", StringComparison.Ordinal)) return v => Count(v) + " h";
            if (p == "Parameters" || p == "ActiveParameters" || p == "Macs" || p.EndsWith("Tokens", StringComparison.Ordinal)) return Count;
            if (p.StartsWith("TokensPerSecond", StringComparison.Ordinal)) return v => Count(v) + "/s";
            return v => Math.Abs(v) < 1e15 && v == Math.Floor(v) ? v.ToString("0", Invariant) : Number(v);
        }

        private static string Scaled(double value, string[] prefixes, string unit)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return "-";
            int i = 0;
            // Six significant figures first: a log axis's 10^3 arrives as 999.9999..., which must read "1 K", not "1000".
            double v = double.Parse(Math.Abs(value).ToString("G6", Invariant), Invariant);
            while (v >= 1000 && i < prefixes.Length - 1) { v /= 1000; i++; }
            return (Math.Sign(value) * v).ToString(v >= 100 ? "0" : v >= 10 ? "0.#" : "0.##", Invariant) + " " + prefixes[i] + unit;
        }
    }
}
