namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// When a training run finishes on its devices and what it costs: the result of TrainingRun.Schedule.
    /// <paramref name="Cost"/> is null without a price, <paramref name="EnergyKWh"/> without the device's TDP.
    /// </summary>
    public sealed record TrainingSchedule(long DeviceCount, double WallClockSeconds, double Mfu, double Hfu, double? Cost, double? EnergyKWh)
    {
        /// <summary>Training tokens per second of wall clock on <see cref="DeviceCount"/> devices (set by the layout overload of Schedule).</summary>
        public double TokensPerSecond { get; init; }
        /// <summary>Data-parallel replicas of the layout's model-parallel group that make up <see cref="DeviceCount"/> (layout overload).</summary>
        public long DataParallel { get; init; }
        public double WallClockDays => WallClockSeconds / 86400;
        public double DeviceHours => WallClockSeconds * DeviceCount / 3600;
    }
}
