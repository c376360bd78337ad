using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Wall clock from a step time, devices for a deadline, cost and energy, by hand.</summary>
    public class TrainingRunTests
    {
        [Fact]
        public void Days_from_a_step_time()
        {
            // 1e12 tokens at 2048 x 4096 = 8,388,608 tokens a step, 10 s a step: 1e12 / 8,388,608 x 10 = 1,192,092.9 s = 13.797 days.
            Assert.Equal(1_192_092.895508, TrainingRun.WallClockSeconds(1e12, 10, 2048 * 4096), 5);
        }

        [Fact]
        public void Devices_for_a_deadline()
        {
            // 1e9 device-seconds in 30 days (2,592,000 s): 385.8 -> 386 devices.
            Assert.Equal(386, TrainingRun.DevicesForDeadline(1e9, 30));
            // 1e12 tokens in 10 days at 1,000 tokens/s per device: 1e12 / 864,000 / 1000 = 1157.4 devices, in whole replicas
            // of 64 (TP 8 x PP 8): ceil(18.08) = 19 replicas = 1216 devices.
            Assert.Equal(1216, TrainingRun.DevicesForDeadline(1e12, 10, 1000, 64));
        }

        [Fact]
        public void Cost_and_energy()
        {
            // 1,000 device-hours at $2.50: $2,500. 64 devices x 700 W x 10 h x PUE 1.2 = 537.6 kWh.
            Assert.Equal(2500, TrainingRun.Cost(1000, 2.5), 9);
            Assert.Equal(537.6, TrainingRun.EnergyKWh(64, 36000, 700, 1.2), 9);
            Assert.Equal("Pue", Assert.Throws<FlopsArgumentException>(() => TrainingRun.EnergyKWh(1, 1, 700, 0.9)).ParamName);
            Assert.Throws<FlopsArgumentException>(() => TrainingRun.Cost(1, double.NaN));
        }

        [Fact]
        public void Schedule_by_assumed_mfu_and_by_predicted_step_by_hand()
        {
            // 6e9 FLOPs per token (no recomputation) x 1e9 tokens = 6e18 FLOPs on devices of 1e15 FLOP/s.
            var work = new TrainingWork(6e9, 6e9, 1e9, 1000);
            var compute = Planner.TrainingCompute(work, 1e9);
            // Assumed MFU 0.5 on 10 devices: 6e18 / 5e14 = 12,000 device-seconds, 1,200 s of wall clock.
            var byMfu = TrainingRun.Schedule(work, compute, 1e15, 10, 1, null, 0, 0.5, null, null, null, 1);
            Assert.Equal((10L, 1200d, 0.5), (byMfu.DeviceCount, byMfu.WallClockSeconds, byMfu.Mfu));
            Assert.Null(byMfu.Cost);
            Assert.Null(byMfu.EnergyKWh);
            // A 0.01-day deadline (864 s): ceil(12,000 / 864) = 14 devices, 12,000 / 14 s; at 2 per device-hour the
            // 12,000 device-seconds cost 12,000 / 3,600 x 2 = 6.667; at 700 W they use 12,000 x 700 / 3.6e6 = 2.333 kWh.
            var deadline = TrainingRun.Schedule(work, compute, 1e15, 10, 1, null, 0, 0.5, 0.01, 2, 700, 1);
            Assert.Equal(14L, deadline.DeviceCount);
            Assert.Equal(12000d / 14, deadline.WallClockSeconds, 9);
            Assert.Equal(12000d / 3600 * 2, deadline.Cost.Value, 9);
            Assert.Equal(12000d * 700 / 3.6e6, deadline.EnergyKWh.Value, 9);
            // A predicted 2 s step of 1e6 tokens: 1e9 / 1e6 x 2 = 2,000 s; MFU = 6e18 / (2,000 x 10 x 1e15) = 0.3.
            var byStep = TrainingRun.Schedule(work, compute, 1e15, 10, 2, 2, 1e6, 0.4, null, null, null, 1);
            Assert.Equal(2000d, byStep.WallClockSeconds);
            Assert.Equal(0.3, byStep.Mfu, 12);
            // The same step against a 0.01-day deadline: 1e6 / 2 s over 10 devices = 5e4 tokens/s per device;
            // 1e9 / 864 / 5e4 = 23.15 devices, in whole replicas of 2: 24 devices, 1e9 / (5e4 x 24) = 833.33 s.
            var stepDeadline = TrainingRun.Schedule(work, compute, 1e15, 10, 2, 2, 1e6, 0.4, 0.01, null, null, 1);
            Assert.Equal(24L, stepDeadline.DeviceCount);
            Assert.Equal(1e9 / (5e4 * 24), stepDeadline.WallClockSeconds, 9);
        }
    }
}
