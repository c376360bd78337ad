using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PSFlops.Engine.Layers
{
    /// <summary>An immutable list of sizes with value equality (spatial sizes, kernels, strides).</summary>
    public sealed class Dims : IEquatable<Dims>
    {
        private readonly long[] _values;

        public Dims(IEnumerable<long> values) { _values = values.ToArray(); }

        public static Dims Of(params long[] values) => new Dims(values);

        /// <summary>One value per spatial dimension: a single value is repeated, otherwise the counts must match.</summary>
        public static Dims Expand(IReadOnlyList<long> values, int rank, string name)
        {
            if (values == null || values.Count == 0)
                throw new FlopsArgumentException(name, $"{name} needs one value or {rank}.");
            if (values.Count == 1) return new Dims(Enumerable.Repeat(values[0], rank));
            if (values.Count != rank)
                throw new FlopsArgumentException(name, $"{name} needs one value or {rank} (one per spatial dimension); got {values.Count}.");
            return new Dims(values);
        }

        public int Rank => _values.Length;
        public long this[int i] => _values[i];
        public IReadOnlyList<long> Values => _values;

        /// <summary>The product as a double: exact below 2^53, never overflows.</summary>
        public double Product() => _values.Aggregate(1d, (p, v) => p * v);

        public bool Equals(Dims other) => other != null && _values.SequenceEqual(other._values);
        public override bool Equals(object obj) => Equals(obj as Dims);
        public override int GetHashCode() => _values.Aggregate(17, (h, v) => unchecked(h * 31 + v.GetHashCode()));
        public override string ToString() =>
            string.Join("x", _values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }
}
