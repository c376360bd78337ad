using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Reporting
{
    /// <summary>
    /// Every chart kind, in the order an object is matched against them: the first whose signature the object
    /// carries draws it. Step times come before anything with an Mfu, inference estimates before memory (both
    /// carry WeightBytes), so each object lands on exactly one chart.
    /// </summary>
    internal static class ChartCatalog
    {
        public static readonly IReadOnlyList<Chart> All = new Chart[]
        {
            new LayoutRankingChart(), new RooflineChart(), new MemoryChart(), new BlockBreakdownChart(), new LayerBreakdownChart(),
            new SweepChart(), new UtilisationChart(), new TrainingChart(),
        };

        public static Chart For(ReportItem item) => All.FirstOrDefault(chart => chart.Signature.All(item.Has));
    }
}
