using System.Collections.Generic;
using System.Linq;
using OxyPlot;

namespace PSFlops.Reporting
{
    /// <summary>Measure-TransformerBlock objects: one bar per block, stacked by its FLOPs components, largest first.</summary>
    internal sealed class BlockBreakdownChart : Chart
    {
        private static readonly (string Property, string Label)[] Components =
        {
            ("AttentionProjectionFlops", "Q/K/V projections"), ("AttentionScoreFlops", "Scores QK^T"), ("AttentionSoftmaxFlops", "Softmax"),
            ("AttentionValueFlops", "Scores x V"), ("AttentionOutputFlops", "Output projection"), ("FeedForwardFlops", "Feed-forward"),
            ("NormFlops", "Norms"), ("ActivationFlops", "Activations"), ("OtherFlops", "Other (residuals, scaling)"),
        };

        public override string Id => "blocks";
        public override string Title => "Forward FLOPs of a transformer block, by component";
        public override IReadOnlyList<string> Signature { get; } = new[] { "Flops", "AttentionProjectionFlops", "FeedForwardFlops" };
        protected override IReadOnlyList<string> Plotted { get; } = new[] { "Flops" }.Concat(Components.Select(c => c.Property)).ToArray();
        public override IReadOnlyList<string> Columns { get; } = new[] { "Model", "SequenceLength", "BatchSize", "Parameters", "Flops", "FlopsPerToken" }
            .Concat(Components.Select(c => c.Property)).Concat(new[] { "Convention" }).ToArray();

        public override string Caption(IReadOnlyList<ReportItem> items) => Join(
            "One block's forward FLOPs stacked by component, largest block first.",
            "FLOPs = 2 x MACs for matmuls; attention scores over the full S x S_kv square unless the causal mask was asked for.",
            Stated(items, "Convention", "Convention"));

        public override double Height(IReadOnlyList<ReportItem> items) => StackedBars.Height(items.Count, Components.Length);

        public override IEnumerable<ReportItem> Ordered(IReadOnlyList<ReportItem> items) => items.OrderByDescending(i => i.Value("Flops"));

        public override PlotModel Build(IReadOnlyList<ReportItem> items)
        {
            var bars = new StackedBars("Forward FLOPs per block", Readable.Flops);
            bars.Declare(Components.Select(c => c.Label));
            foreach (var item in Ordered(items))
            {
                string label = Join(Varying(item, items, ("Model", ""), ("SequenceLength", "S="), ("BatchSize", "B="), ("Convention", "")));
                int category = bars.AddCategory(label.Length > 0 ? label : item.Text("Model") ?? "block");
                for (int c = 0; c < Components.Length; c++)
                    bars.Add(category, Components[c].Label, item.Value(Components[c].Property), ChartStyle.Colour(c));
            }
            return bars.Build(Title);
        }
    }
}
