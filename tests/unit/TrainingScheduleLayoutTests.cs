using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Get-TrainingEstimate's replica, step tokens, tokens/s and deadline DP, composed by the engine (TrainingRun.Schedule on a layout).</summary>
    public class TrainingScheduleLayoutTests
    {
        // 6e9 FLOPs per token x 1e9 tokens = 6e18 FLOPs, sequences of 1000 tokens, devices of 1e15 FLOP/s.
        private static readonly TrainingWork Work = new TrainingWork(6e9, 6e9, 1e9, 1000);
        // TP 2 x DP 5: 10 devices, replicas of 2.
        private static readonly ParallelLayout Layout = new ParallelLayout { TensorParallel = 2, DataParallel = 5 };

        [Fact]
        public void A_predicted_step_on_a_layout_by_hand()
        {
            var compute = Planner.TrainingCompute(Work, 1e9);
            // Global batch 1000 sequences x 1000 tokens = 1e6 tokens a step; a 2 s step: 1e9 / 1e6 x 2 = 2,000 s, 5e5 tokens/s.
            var s = TrainingRun.Schedule(Work, compute, 1e15, Layout, new Workload(1000, 1, 1000), 2, 0.4, null, null, null, 1);
            Assert.Equal(2000d, s.WallClockSeconds);
            Assert.Equal(5e5, s.TokensPerSecond);
            Assert.Equal(5L, s.DataParallel);
            // A 0.01-day deadline: 5e4 tokens/s per device, 1e9 / 864 / 5e4 = 23.15 devices, whole replicas of 2: 24, so DP 12,
            // 1e9 / 833.33 s = 1.2e6 tokens/s.
            var d = TrainingRun.Schedule(Work, compute, 1e15, Layout, new Workload(1000, 1, 1000), 2, 0.4, 0.01, null, null, 1);
            Assert.Equal((24L, 12L), (d.DeviceCount, d.DataParallel));
            Assert.Equal(1.2e6, d.TokensPerSecond, 6);
        }

        [Fact]
        public void A_step_time_without_a_global_batch_is_refused_with_its_id()
        {
            var compute = Planner.TrainingCompute(Work, 1e9);
            var e = Assert.Throws<FlopsArgumentException>(() =>
                TrainingRun.Schedule(Work, compute, 1e15, Layout, new Workload(1000), 2, 0.4, null, null, null, 1));
            Assert.Equal("StepSecondsNeedsGlobalBatchSize", e.ErrorId);
            // By MFU no step is needed: 6e18 / (0.5 x 1e15) = 12,000 device-seconds over 10 devices = 1,200 s; DP as given.
            var m = TrainingRun.Schedule(Work, compute, 1e15, Layout, new Workload(1000), null, 0.5, null, null, null, 1);
            Assert.Equal((1200d, 5L), (m.WallClockSeconds, m.DataParallel));
            Assert.Equal(1e9 / 1200, m.TokensPerSecond, 9);
        }
    }
}
