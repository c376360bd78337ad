using System;
using System.Collections.Generic;
using System.Globalization;

namespace PSFlops.Reporting
{
    /// <summary>
    /// A snapshot of one piped object: its type name and its properties as numbers or text. Charts read
    /// properties by name, so any object that carries a chart's property names is drawn, whatever its type
    /// (a record from a cmdlet, a CSV row, a PSCustomObject). Taken once: the user's object can change later
    /// without changing the report.
    /// </summary>
    public sealed class ReportItem
    {
        private readonly Dictionary<string, object> _values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        /// <param name="typeName">The object's type name, for messages and the table heading.</param>
        /// <param name="values">Property values: numbers (any primitive numeric type) or text; others are ignored.</param>
        public ReportItem(string typeName, IEnumerable<KeyValuePair<string, object>> values)
        {
            TypeName = typeName ?? "";
            foreach (var pair in values)
            {
                object value = Normalise(pair.Value);
                if (value == null || string.IsNullOrEmpty(pair.Key) || _values.ContainsKey(pair.Key)) continue;
                _values.Add(pair.Key, value);
            }
        }

        public string TypeName { get; }

        internal bool Has(string name) => _values.ContainsKey(name);

        /// <summary>The property as a number: a number, or text that parses with the invariant culture (CSV cells); null otherwise.</summary>
        internal double? Number(string name)
        {
            if (!_values.TryGetValue(name, out var value)) return null;
            if (value is double d) return d;
            return double.TryParse((string)value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null;
        }

        /// <summary>The property as a number that must be there and finite; 0 when absent.</summary>
        internal double Value(string name) => Number(name) is double d && !double.IsNaN(d) && !double.IsInfinity(d) ? d : 0;

        /// <summary>The property as text (numbers in the invariant culture); null when absent.</summary>
        internal string Text(string name)
        {
            if (!_values.TryGetValue(name, out var value)) return null;
            return value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : (string)value;
        }

        internal object Raw(string name) => _values.TryGetValue(name, out var value) ? value : null;

        private static object Normalise(object value)
        {
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case double d: return d;
                case float f: return (double)f;
                case decimal m: return (double)m;
                case bool b: return b ? "True" : "False";
                case Enum e: return e.ToString();
                case IConvertible c when IsInteger(c.GetTypeCode()): return c.ToDouble(CultureInfo.InvariantCulture);
                default: return null;
            }
        }

        private static bool IsInteger(TypeCode code) =>
            code == TypeCode.SByte || code == TypeCode.Byte || code == TypeCode.Int16 || code == TypeCode.UInt16 || code == TypeCode.Int32 ||
            code == TypeCode.UInt32 || code == TypeCode.Int64 || code == TypeCode.UInt64;
    }
}
