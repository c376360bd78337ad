using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace PSFlops.Engine
{
    /// <summary>
    /// The message of a <see cref="Require.That(bool, string, ref RequireMessage)"/> check, built only when the check fails:
    /// an interpolated string passed to it is formatted by this handler, which the compiler skips entirely when the
    /// condition holds. The checks run on every layout a search considers, and formatting their messages eagerly was most
    /// of that search's allocation (docs/benchmarks.md, "Require.That"). Numbers format with the invariant culture.
    /// </summary>
    [InterpolatedStringHandler]
    public struct RequireMessage
    {
        private readonly StringBuilder _text;

        public RequireMessage(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
        {
            shouldAppend = !condition;
            _text = condition ? null : new StringBuilder(literalLength + 16 * formattedCount);
        }

        public void AppendLiteral(string value) => _text.Append(value);

        public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

        public void AppendFormatted<T>(T value, string format) =>
            _text.Append(value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());

        public void AppendFormatted(string value) => _text.Append(value);

        public override string ToString() => _text?.ToString() ?? "";
    }
}
