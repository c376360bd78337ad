using System.Collections.Generic;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The layouts that fit, fastest first (only the first N when the search was limited), and how much work the search
    /// did: <see cref="Considered"/> valid layouts enumerated, <see cref="Costed"/> of them timed (the rest were pruned by
    /// memory or copied from a ZeRO-2 twin), <see cref="Fitting"/> that fit.
    /// </summary>
    public sealed record LayoutSearchResult(IReadOnlyList<StepTimeEstimate> Layouts, long Considered, long Costed, long Fitting);
}
