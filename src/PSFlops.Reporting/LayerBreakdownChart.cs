using System.Collections.Generic;
using System.Linq;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>Get-LayerFlops rows: each row's TotalFlops (Flops x Count) as a bar, most expensive first, coloured by layer type.</summary>
    internal sealed class LayerBreakdownChart : Chart
    {
        /// <summary>More rows than this (a model with -Expand) fold into one "other rows" bar.</summary>
        internal const int MaxBars = 40;

        public override string Id => "layers";
        public override string Title => "Forward FLOPs per layer";
        public override IReadOnlyList<string> Signature { get; } = new[] { "Name", "Type", "TotalFlops" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "TotalFlops", "Flops", "Count" };
        public override IReadOnlyList<string> Columns { get; } = new[]
            { "Model", "Block", "Name", "Type", "Count", "Flops", "TotalFlops", "Share", "Parameters", "SequenceLength", "BatchSize", "Convention" };

        public override string Caption(IReadOnlyList<ReportItem> items) => Join(
            "Forward FLOPs of each layer row times the number of times it occurs (TotalFlops = Flops x Count), most expensive first, coloured by layer type.",
            items.Count > MaxBars ? $"The {items.Count - (MaxBars - 1)} cheapest rows are summed in the last bar." : "",
            "FLOPs = 2 x MACs for matmuls and convolutions; Full adds the elementwise work (norms, activations, softmax, residual adds), Matmul counts matmuls only.",
            Stated(items, "Convention", "Convention"));

        public override double Height(IReadOnlyList<ReportItem> items) =>
            StackedBars.Height(System.Math.Min(items.Count, MaxBars), items.Select(i => i.Text("Type")).Distinct().Count());

        public override IEnumerable<ReportItem> Ordered(IReadOnlyList<ReportItem> items) => items.OrderByDescending(i => i.Value("TotalFlops"));

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var sorted = Ordered(items).ToList();
            var bars = new StackedBars("Forward FLOPs (Flops x Count)", Readable.Flops);
            int shown = sorted.Count > MaxBars ? MaxBars - 1 : sorted.Count;
            foreach (var item in sorted.Take(shown))
                bars.Add(bars.AddCategory(Label(item, items)), item.Text("Type"), item.Value("TotalFlops"));
            if (shown < sorted.Count)
            {
                var rest = sorted.Skip(shown).ToList();
                bars.Add(bars.AddCategory($"{rest.Count} other rows"), "other rows", rest.Sum(i => i.Value("TotalFlops")), OxyColor.FromRgb(150, 150, 150));
            }
            return bars.Build(Title);
        }

        private static string Label(ReportItem item, IReadOnlyList<ReportItem> all)
        {
            string name = item.Text("Name");
            string block = item.Text("Block");
            string label = string.IsNullOrEmpty(block) || block == name ? name : block + "/" + name;
            double count = item.Value("Count");
            if (count > 1) label += " x" + Readable.Count(count);
            return Join(Varying(item, all, ("Model", ""), ("SequenceLength", "S="), ("BatchSize", "B=")), label);
        }
    }
}
