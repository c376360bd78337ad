namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// When a training run finishes on its devices and what it costs: the result of <see cref="TrainingRun.Schedule"/>.
    /// <paramref name="Cost"/> is null without a price, <paramref name="EnergyKWh"/> without the device's TDP.
    /// </summary>
    public sealed record TrainingSchedule(long DeviceCount, double WallClockSeconds, double Mfu, double Hfu, double? Cost, double? EnergyKWh)
    {
        public double WallClockDays => WallClockSeconds / 86400;
        public double DeviceHours => WallClockSeconds * DeviceCount / 3600;
    }
}
