using System;
using System.Globalization;
using System.Threading;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Require.That formats an interpolated message only when the check fails (docs/benchmarks.md, "Require.That").</summary>
    public class RequireMessageTests
    {
        private static long AllocatedBy(Action action, int times = 1000)
        {
            action();   // JIT and first-call work out of the count
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < times; i++) action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        [Fact]
        public void A_passing_check_formats_nothing()
        {
            double fraction = 0.25;
            long stage = 2;
            // An eager $"..." would allocate a string (about 100 bytes) on each of the 1000 calls.
            Assert.Equal(0, AllocatedBy(() => Require.That(stage <= 3, "ZeroStage", $"ZeroStage must be 0-3; got {stage} at {fraction}.")));
            Assert.Equal(0, AllocatedBy(() => Require.That(stage <= 3, "ZeroStage", $"ZeroStage must be 0-3; got {stage}.", "SomeId")));
            // The layout check every planner and the layout search run on each candidate.
            var layout = new ParallelLayout { TensorParallel = 8, PipelineParallel = 16, DataParallel = 128, ZeroStage = 1 };
            Assert.Equal(0, AllocatedBy(() => layout.Validate()));
        }

        [Fact]
        public void A_failing_check_formats_its_message_in_the_invariant_culture_with_its_id()
        {
            var saved = Thread.CurrentThread.CurrentCulture;
            try
            {
                Thread.CurrentThread.CurrentCulture = new CultureInfo("de-DE");   // a decimal comma
                double fraction = 1.5;
                var e = Assert.Throws<FlopsArgumentException>(() =>
                    Require.That(fraction < 1, "ReserveFraction", $"ReserveFraction must be in [0, 1); got {fraction} ({fraction:R}).", "Reserve"));
                Assert.Equal("ReserveFraction must be in [0, 1); got 1.5 (1.5).", e.Reason);
                Assert.Equal("Reserve", e.ErrorId);
                Assert.Equal("ReserveFraction", e.ParamName);
                var plain = Assert.Throws<FlopsArgumentException>(() => Require.That(false, "X", $"{"text"} and {7}"));
                Assert.Equal("text and 7", plain.Reason);
                Assert.Null(plain.ErrorId);
            }
            finally { Thread.CurrentThread.CurrentCulture = saved; }
        }
    }
}
