using System.Collections.Generic;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The layouts that fit, fastest first, and how much work the search did: <see cref="Considered"/> valid layouts
    /// enumerated, <see cref="Costed"/> of them timed (the rest were pruned by memory before costing).
    /// </summary>
    public sealed record LayoutSearchResult(IReadOnlyList<StepTimeEstimate> Layouts, long Considered, long Costed);
}
