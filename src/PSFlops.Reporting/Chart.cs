using System;
using System.Collections.Generic;
using System.Linq;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>
    /// One kind of chart: which objects it draws (those carrying all of <see cref="Signature"/>), what a drawable
    /// object needs, the plot, its caption of conventions and the columns of the table under it.
    /// </summary>
    internal abstract class Chart
    {
        /// <summary>Short stable name, used for section ids and in messages.</summary>
        public abstract string Id { get; }
        public abstract string Title { get; }

        /// <summary>An object that carries every one of these properties is drawn by this chart.</summary>
        public abstract IReadOnlyList<string> Signature { get; }

        /// <summary>Numbers the chart plots: each must be finite and not negative (positive where a log axis takes it).</summary>
        protected abstract IReadOnlyList<string> Plotted { get; }
        protected virtual bool NeedsPositive => false;

        /// <summary>Table columns, in order; those an object lacks are left out.</summary>
        public abstract IReadOnlyList<string> Columns { get; }

        public abstract string Caption(IReadOnlyList<ReportItem> items);
        public abstract PlotModel Build(IReadOnlyList<ReportItem> items);

        /// <summary>The objects in the order the chart draws them (and the table lists them).</summary>
        public virtual IEnumerable<ReportItem> Ordered(IReadOnlyList<ReportItem> items) => items;

        /// <summary>Null when the chart can draw the object; otherwise why not.</summary>
        public string Validate(ReportItem item)
        {
            foreach (var name in Plotted)
            {
                if (!item.Has(name)) continue;   // optional plotted properties may be absent; the signature ones are there
                var v = item.Number(name);
                if (v == null) return $"its {name} ('{item.Text(name)}') is not a number";
                if (double.IsNaN(v.Value) || double.IsInfinity(v.Value)) return $"its {name} is not finite";
                if (v.Value < 0) return $"its {name} ({Readable.Number(v.Value)}) is negative";
                if (NeedsPositive && v.Value == 0 && Signature.Contains(name)) return $"its {name} is 0, which a logarithmic axis cannot show";
            }
            return null;
        }

        /// <summary>The height in pixels that gives each bar or point room.</summary>
        public virtual double Height(IReadOnlyList<ReportItem> items) => 420;

        /// <summary>
        /// A label of the given properties whose values differ between the items (a sweep's varying axis, the
        /// models when there are several), so that labels say what tells the bars apart and no more.
        /// </summary>
        protected static string Varying(ReportItem item, IReadOnlyList<ReportItem> all, params (string Name, string Prefix)[] keys)
        {
            var parts = new List<string>();
            foreach (var (name, prefix) in keys)
            {
                if (all.Select(i => i.Text(name)).Distinct().Count() < 2) continue;
                string text = item.Text(name);
                if (text == null) continue;
                parts.Add(prefix + (item.Raw(name) is double d ? Readable.Formatter(name)(d) : text));
            }
            return string.Join(" ", parts);
        }

        /// <summary>"Convention: Full" when the objects say which convention they count in; "" otherwise.</summary>
        protected static string Stated(IReadOnlyList<ReportItem> items, string property, string label)
        {
            var values = items.Select(i => i.Text(property)).Where(t => !string.IsNullOrEmpty(t)).Distinct().ToList();
            return values.Count == 0 ? "" : $" {label}: {string.Join(", ", values)}.";
        }

        protected static string Join(params string[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }
}
