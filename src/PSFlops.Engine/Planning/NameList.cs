using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace PSFlops.Engine.Planning
{
    /// <summary>A read-only list of names whose text is the names joined, so Export-Csv writes "H100, H100-SXM5", not a type name.</summary>
    public sealed class NameList : ReadOnlyCollection<string>
    {
        public static readonly NameList Empty = new NameList(null);

        public NameList(IEnumerable<string> names) : base((names ?? Enumerable.Empty<string>()).ToList()) { }

        public override string ToString() => string.Join(", ", this);
    }
}
