using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The node budget's time bound, in the "Timing" collection so that it runs alone: in a full parallel run on 2 cores
    /// the wall clock also counts every other test (183 ms alone, 1,131 ms once among them).
    /// </summary>
    [Collection("Timing")]
    public class ExpansionBudgetTimingTests
    {
        [Fact]
        public void Expansion_is_refused_past_the_node_budget_within_a_second()
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(ValidationPathTests.CallBomb(), "calls.yaml"));
            Assert.Equal("ExpansionTooLarge", e.ErrorId);
            Assert.NotNull(e.Location);
            Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");

            // Three nested shape-changing repeats (each pass adds a class token): 10^9 passes.
            string repeats = "input: [4, 8]\nlayers:\n  - repeat: 1000\n    layers:\n      - repeat: 1000\n        layers:\n"
                + "          - repeat: 1000\n            layers:\n              - class_token: {}\n";
            Assert.Equal("ExpansionTooLarge", Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(repeats, "r.yaml")).ErrorId);
        }
    }
}
