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
    }
}
