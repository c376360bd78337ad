using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Binds a whole number to a long (or long[]) parameter and refuses fractions. PowerShell would
    /// otherwise round 2.5 to 2 silently; CSV input arrives as strings and is parsed invariantly
    /// (<see cref="InvariantNumber"/>: '1,024' is refused as ambiguous, not read as 1024 or 1.024).
    /// The range is checked here, at binding, for every cmdlet that carries the attribute: 1 to 2^53
    /// (<see cref="Require.MaxDimension"/>, every count exact in a double), or 0 to 2^53 with <see cref="AllowZero"/>;
    /// so a cmdlet cannot compute with -3 or 2^63 even where it forgets to call Require. An empty list is refused:
    /// it would otherwise compute nothing and say nothing. PowerShell names the parameter in the error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DimensionAttribute : ArgumentTransformationAttribute
    {
        private const string WholeNumber = "a whole number; dimensions are positive integers";

        /// <summary>
        /// A blank string means "not given", so the parameter keeps its default: for -SequenceLength and -BatchSize,
        /// which bind by property name from CSV rows where a blank cell means "the model's default".
        /// </summary>
        public bool BlankMeansDefault { get; set; }

        /// <summary>Accept 0 (no padding, no shared expert) as well as positive sizes.</summary>
        public bool AllowZero { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value == null) return null;
            if (BlankMeansDefault && value is string blank && blank.Trim().Length == 0) return null;
            if (value is string || !(value is IEnumerable enumerable)) return InRange(ToLong(value));
            var list = new List<long>();
            foreach (object item in enumerable) list.Add(InRange(ToLong(item is PSObject p ? p.BaseObject : item)));
            if (list.Count == 0)
                throw new ArgumentTransformationMetadataException("The list is empty; give at least one whole number.");
            return list.ToArray();
        }

        private long InRange(long value)
        {
            long least = AllowZero ? 0 : 1;
            if (value < least || value > Require.MaxDimension)
                throw new ArgumentTransformationMetadataException(InvariantNumber.Invariant(
                    $"{value} is out of range: {(AllowZero ? "sizes are 0" : "dimensions are 1")} to 2^53 ({Require.MaxDimension}), so that every count stays exact."));
            return value;
        }

        internal static long ToLong(object value)
        {
            switch (value)
            {
                case long l: return l;
                case int i: return i;
                case short s: return s;
                case byte b: return b;
                case sbyte sb: return sb;
                case ushort us: return us;
                case uint ui: return ui;
                case ulong ul when ul <= long.MaxValue: return (long)ul;
                case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue: return (long)m;
                case string text when long.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out long parsed):
                    return parsed;
            }
            double d = InvariantNumber.ToDouble(value, WholeNumber);
            // 9.2e18 keeps the cast inside long; anything past 2^53 is then refused by Require with the parameter's name.
            if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d || Math.Abs(d) > 9.2e18)
                throw InvariantNumber.Refuse(value, WholeNumber);
            return (long)d;
        }
    }
}
