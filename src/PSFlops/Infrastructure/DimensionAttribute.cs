using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Binds a whole number to a long (or long[]) parameter and refuses fractions. PowerShell would
    /// otherwise round 2.5 to 2 silently; CSV input arrives as strings and is parsed invariantly.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DimensionAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// A blank string means "not given", so the parameter keeps its default: for -SequenceLength and -BatchSize,
        /// which bind by property name from CSV rows where a blank cell means "the model's default".
        /// </summary>
        public bool BlankMeansDefault { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value == null) return null;
            if (BlankMeansDefault && value is string blank && blank.Trim().Length == 0) return null;
            if (value is string || !(value is IEnumerable enumerable)) return ToLong(value);
            var list = new List<long>();
            foreach (object item in enumerable) list.Add(ToLong(item is PSObject p ? p.BaseObject : item));
            return list.ToArray();
        }

        internal static long ToLong(object value)
        {
            switch (value)
            {
                case long l: return l;
                case int i: return i;
                case short s: return s;
                case byte b: return b;
                case uint ui: return ui;
                case ulong ul when ul <= long.MaxValue: return (long)ul;
                case double d: return FromDouble(d, value);
                case float f: return FromDouble(f, value);
                case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue: return (long)m;
                case string text:
                    if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed)) return parsed;
                    if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d2)) return FromDouble(d2, value);
                    break;
            }
            throw new ArgumentTransformationMetadataException(
                string.Format(CultureInfo.InvariantCulture, "'{0}' is not a whole number; dimensions are positive integers.", value));
        }

        private static long FromDouble(double d, object original)
        {
            if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d || Math.Abs(d) > 9.2e18)
                throw new ArgumentTransformationMetadataException(
                    string.Format(CultureInfo.InvariantCulture, "'{0}' is not a whole number; dimensions are positive integers.", original));
            return (long)d;
        }
    }
}
