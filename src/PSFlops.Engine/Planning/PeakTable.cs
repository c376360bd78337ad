using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Read-only peaks keyed like the hardware file (bf16_tflops ...), whose text is "key=value; ..." (invariant
    /// culture), so Export-Csv writes the figures rather than a type name.
    /// </summary>
    public sealed class PeakTable : ReadOnlyDictionary<string, double>
    {
        public static readonly PeakTable Empty = new PeakTable(null);

        public PeakTable(IEnumerable<KeyValuePair<string, double>> peaks)
            : base((peaks ?? Enumerable.Empty<KeyValuePair<string, double>>()).ToDictionary(p => p.Key, p => p.Value)) { }

        public override string ToString() =>
            string.Join("; ", this.Select(p => p.Key + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture)));
    }
}
