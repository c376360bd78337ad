using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Binds a real number (double, double? or double[] parameter) through the one validation path: strings are
    /// read culture-invariantly (<see cref="InvariantNumber"/>), and the value must be finite, positive (or zero
    /// with <see cref="AllowZero"/>) and at most <see cref="Maximum"/> (2^53 unless said otherwise), so no
    /// later product overflows to Infinity. A parameter adopts it with one line: <c>[Number]</c>.
    /// An empty list is refused rather than silently computing nothing.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class NumberAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Accept 0 as well as positive values.</summary>
        public bool AllowZero { get; set; }

        /// <summary>The largest value accepted; 2^53 by default (the exact-integer range of a double).</summary>
        public double Maximum { get; set; } = Require.MaxDimension;

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value == null) return null;
            if (value is string || !(value is IEnumerable enumerable)) return Check(value);
            var list = new List<double>();
            foreach (object item in enumerable) list.Add(Check(item is PSObject p ? p.BaseObject : item));
            if (list.Count == 0)
                throw new ArgumentTransformationMetadataException("The list is empty; give at least one number.");
            return list.ToArray();
        }

        private double Check(object value)
        {
            string expected = AllowZero ? "a finite number of zero or more" : "a finite positive number";
            double d = InvariantNumber.ToDouble(value, expected);
            if (double.IsNaN(d) || double.IsInfinity(d) || d < 0 || (d == 0 && !AllowZero))
                throw InvariantNumber.Refuse(value, expected);
            if (d > Maximum)
                throw new ArgumentTransformationMetadataException(InvariantNumber.Invariant(
                    $"'{InvariantNumber.Show(value)}' is larger than {Maximum:R}, the largest value this parameter accepts."));
            return d;
        }
    }
}
