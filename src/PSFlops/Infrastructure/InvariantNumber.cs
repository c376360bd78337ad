using System;
using System.Globalization;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// The one reading of a number a user gave: a .NET number as it is, a string parsed with the invariant
    /// culture. PowerShell's own string conversion accepts thousands separators, so '989,5' (989.5 in a
    /// de-DE CSV) would become 9895; a comma is refused as ambiguous instead of guessed.
    /// </summary>
    internal static class InvariantNumber
    {
        /// <summary>The input as a double, or an <see cref="ArgumentTransformationMetadataException"/> saying why not.</summary>
        public static double ToDouble(object value, string expected)
        {
            switch (value)
            {
                case double d: return d;
                case float f: return f;
                case long l: return l;
                case int i: return i;
                case short s: return s;
                case byte b: return b;
                case sbyte sb: return sb;
                case uint ui: return ui;
                case ulong ul: return ul;
                case ushort us: return us;
                case decimal m: return (double)m;
                case string text: return Parse(text, expected);
            }
            // Booleans, characters, enums, dates and objects are not numbers, whatever PowerShell would convert them to.
            throw Refuse(value, expected);
        }

        private static double Parse(string text, string expected)
        {
            string trimmed = text.Trim();
            if (trimmed.IndexOf(',') >= 0)
                throw new ArgumentTransformationMetadataException(Invariant(
                    $"'{text}' is ambiguous: a comma is a decimal point in some cultures and a thousands separator in others. Write numbers with '.' as the decimal point and no separators (for example 989.5); export CSV files with the invariant culture."));
            if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) return parsed;
            throw Refuse(text, expected);
        }

        public static ArgumentTransformationMetadataException Refuse(object value, string expected) =>
            new ArgumentTransformationMetadataException(Invariant($"'{Show(value)}' is not {expected}."));

        /// <summary>A value as a message shows it: numbers in the invariant culture, whatever the current one.</summary>
        public static string Show(object value) => value == null ? "$null" : Convert.ToString(value, CultureInfo.InvariantCulture);

        public static string Invariant(FormattableString text) => FormattableString.Invariant(text);
    }
}
