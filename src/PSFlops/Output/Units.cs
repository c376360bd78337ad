using System;
using System.Globalization;

namespace PSFlops.Output
{
    /// <summary>
    /// Readable units for the format views (PSFlops.Format.ps1xml). Properties stay raw numbers; only
    /// views call these, and they follow the current culture as other PowerShell views do.
    /// </summary>
    public static class Units
    {
        private static readonly string[] Prefixes = { "", "K", "M", "G", "T", "P", "E", "Z", "Y" };
        private static readonly string[] CountSuffixes = { "", "K", "M", "B", "T", "Q" };

        /// <summary>1.23e12 -> "1.23 TFLOPs".</summary>
        public static string Flops(double value) => Scaled(value, 1000, Prefixes, "FLOPs");

        /// <summary>A rate: 989.4e12 -> "989 TFLOP/s".</summary>
        public static string FlopsPerSecond(double value) => Scaled(value, 1000, Prefixes, "FLOP/s");

        /// <summary>Parameters and other counts: 7.24e9 -> "7.24 B".</summary>
        public static string Count(double value) => Scaled(value, 1000, CountSuffixes, "").TrimEnd();

        /// <summary>Bytes in decimal GB, as datasheets print device memory: 1.5e10 -> "15.0 GB".</summary>
        public static string Gigabytes(double bytes) => (bytes / 1e9).ToString(bytes >= 1e11 ? "0" : "0.0", CultureInfo.CurrentCulture) + " GB";

        /// <summary>Bytes in binary units: "15.0 GiB".</summary>
        public static string Bytes(double value) => Scaled(value, 1024, new[] { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" }, "B");

        /// <summary>A fraction as percent: 0.462 -> "46.2 %".</summary>
        public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.CurrentCulture) + " %";

        /// <summary>Seconds as the largest sensible unit: "3.4 days".</summary>
        public static string Duration(double seconds)
        {
            if (seconds < 1e-3) return (seconds * 1e6).ToString("0.##", CultureInfo.CurrentCulture) + " µs";
            if (seconds < 1) return (seconds * 1e3).ToString("0.##", CultureInfo.CurrentCulture) + " ms";
            if (seconds < 120) return seconds.ToString("0.##", CultureInfo.CurrentCulture) + " s";
            if (seconds < 7200) return (seconds / 60).ToString("0.#", CultureInfo.CurrentCulture) + " min";
            if (seconds < 172800) return (seconds / 3600).ToString("0.#", CultureInfo.CurrentCulture) + " h";
            return (seconds / 86400).ToString("0.#", CultureInfo.CurrentCulture) + " days";
        }

        private static string Scaled(double value, double step, string[] prefixes, string unit)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return "-";
            int i = 0;
            double v = Math.Abs(value);
            while (v >= step && i < prefixes.Length - 1) { v /= step; i++; }
            string digits = v >= 100 ? "0" : v >= 10 ? "0.#" : "0.##";
            return (Math.Sign(value) * v).ToString(digits, CultureInfo.CurrentCulture) + " " + prefixes[i] + unit;
        }
    }
}
