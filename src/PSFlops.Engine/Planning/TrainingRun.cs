using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// A training run's wall clock, devices for a deadline, cost and energy (Get-TrainingEstimate's extension). Pure
    /// arithmetic; every input checked positive and finite.
    /// </summary>
    public static class TrainingRun
    {
        /// <summary>Seconds to train <paramref name="tokens"/> at one step of <paramref name="tokensPerStep"/> tokens every <paramref name="stepSeconds"/>.</summary>
        public static double WallClockSeconds(double tokens, double stepSeconds, double tokensPerStep)
        {
            Positive(tokens, "TrainingTokens");
            Positive(stepSeconds, "StepSeconds");
            Positive(tokensPerStep, "GlobalBatchSize");
            return tokens / tokensPerStep * stepSeconds;
        }

        /// <summary>
        /// Devices to finish <paramref name="deviceSeconds"/> of work in <paramref name="days"/>, at an assumed MFU (the work
        /// divides evenly): ceil(device-seconds / (days x 86,400)).
        /// </summary>
        public static long DevicesForDeadline(double deviceSeconds, double days)
        {
            Positive(deviceSeconds, "DeviceSeconds");
            Positive(days, "Days");
            return Count(Math.Ceiling(deviceSeconds / (days * 86400)));
        }

        /// <summary>
        /// Devices to finish <paramref name="tokens"/> in <paramref name="days"/> by adding data-parallel replicas of a layout
        /// whose model-parallel group (TP x PP x CP) holds <paramref name="replicaDevices"/> devices and which reaches
        /// <paramref name="tokensPerSecondPerDevice"/>: whole replicas, at the per-device throughput of the layout costed
        /// (more replicas at a fixed global batch would lower it; see docs/step-time.md).
        /// </summary>
        public static long DevicesForDeadline(double tokens, double days, double tokensPerSecondPerDevice, long replicaDevices)
        {
            Positive(tokens, "TrainingTokens");
            Positive(days, "Days");
            Positive(tokensPerSecondPerDevice, "TokensPerSecond");
            Require.Positive(replicaDevices, "DeviceCount");
            double devices = tokens / (days * 86400) / tokensPerSecondPerDevice;
            return Count(Math.Ceiling(devices / replicaDevices) * replicaDevices);
        }

        /// <summary>
        /// <see cref="Schedule(TrainingWork, TrainingPlan, double, long, long, double?, double, double, double?, double?, double?, double)"/>
        /// on a layout and workload: the layout's devices, its model-parallel group as the replica a deadline adds, and, for a
        /// predicted step, the step's tokens (global batch x sequence length; a step time without a global batch is refused).
        /// The schedule also carries tokens per second and the data-parallel size of the devices it settles on.
        /// </summary>
        public static TrainingSchedule Schedule(TrainingWork work, TrainingPlan compute, double peakFlopsPerSecond, ParallelLayout layout,
            Workload workload, double? stepSeconds, double mfu, double? days, double? pricePerDeviceHour, double? tdpWatts, double pue)
        {
            Require.That(layout != null && workload != null, "Layout", "A layout and a workload are required.");
            double tokensPerStep = 0;
            if (stepSeconds.HasValue)
            {
                Require.That(workload.GlobalBatchSize.HasValue, "GlobalBatchSize",
                    "-StepSeconds needs -GlobalBatchSize (the sequences of the step it times); a Get-StepTime object carries both.",
                    "StepSecondsNeedsGlobalBatchSize");
                tokensPerStep = workload.GlobalBatchSize.Value * (double)work.SequenceLength;
            }
            long replica = layout.ReplicaDeviceCount;
            var schedule = Schedule(work, compute, peakFlopsPerSecond, layout.DeviceCount, replica, stepSeconds, tokensPerStep, mfu, days,
                pricePerDeviceHour, tdpWatts, pue);
            return schedule with
            {
                TokensPerSecond = compute.Tokens / schedule.WallClockSeconds,
                DataParallel = days.HasValue && stepSeconds.HasValue ? schedule.DeviceCount / replica : layout.DataParallel,
            };
        }

        /// <summary>
        /// The schedule of <paramref name="compute"/> on devices of <paramref name="peakFlopsPerSecond"/>, timed either by a
        /// predicted step (<paramref name="stepSeconds"/> for <paramref name="tokensPerStep"/> tokens: MFU and HFU follow
        /// from it) or by an assumed <paramref name="mfu"/>. With <paramref name="days"/>, DeviceCount is the devices the
        /// deadline needs: whole data-parallel replicas of <paramref name="replicaDevices"/> at the costed per-device
        /// throughput for a predicted step, any count for an assumed MFU. Cost and energy when a price or a TDP is known.
        /// </summary>
        public static TrainingSchedule Schedule(TrainingWork work, TrainingPlan compute, double peakFlopsPerSecond, long devices,
            long replicaDevices, double? stepSeconds, double tokensPerStep, double mfu, double? days, double? pricePerDeviceHour,
            double? tdpWatts, double pue)
        {
            Positive(peakFlopsPerSecond, "PeakTFlopsPerSecond");
            Require.Positive(devices, "DeviceCount");
            double tokens = compute.Tokens, wallClock, achievedMfu, hfu;
            long deviceCount = devices;
            if (stepSeconds is double step)
            {
                wallClock = WallClockSeconds(tokens, step, tokensPerStep);
                if (days is double d)
                {
                    double perDevice = tokens / wallClock / deviceCount;
                    deviceCount = DevicesForDeadline(tokens, d, perDevice, replicaDevices);
                    wallClock = tokens / (perDevice * deviceCount);
                }
                achievedMfu = compute.Flops / (wallClock * deviceCount * peakFlopsPerSecond);
                hfu = compute.HardwareFlops / (wallClock * deviceCount * peakFlopsPerSecond);
            }
            else
            {
                var plan = Planner.Training(work, tokens, peakFlopsPerSecond, mfu, devices);
                if (days is double d) deviceCount = DevicesForDeadline(plan.DeviceSeconds, d);
                wallClock = plan.DeviceSeconds / deviceCount;
                achievedMfu = mfu;
                hfu = plan.Hfu;
            }
            double? cost = pricePerDeviceHour is double price ? Cost(wallClock * deviceCount / 3600, price) : (double?)null;
            double? energy = tdpWatts is double watts ? EnergyKWh(deviceCount, wallClock, watts, pue) : (double?)null;
            return new TrainingSchedule(deviceCount, wallClock, achievedMfu, hfu, cost, energy);
        }

        /// <summary>Device-hours times the price of one device-hour.</summary>
        public static double Cost(double deviceHours, double pricePerDeviceHour)
        {
            Positive(deviceHours, "DeviceHours");
            Positive(pricePerDeviceHour, "PricePerDeviceHour");
            return deviceHours * pricePerDeviceHour;
        }

        /// <summary>
        /// Energy in kWh: devices x TDP (W) x hours x PUE / 1000. The TDP is the most a device draws, so this is an upper
        /// bound for the accelerators alone; PUE scales it to the facility (1 counts the devices only).
        /// </summary>
        public static double EnergyKWh(long devices, double wallClockSeconds, double tdpWatts, double pue)
        {
            Require.Positive(devices, "DeviceCount");
            Positive(wallClockSeconds, "WallClockSeconds");
            Positive(tdpWatts, "TdpWatts");
            Require.That(pue >= 1 && !double.IsInfinity(pue), "Pue", $"Pue (power usage effectiveness) is at least 1; got {pue}.");
            return devices * tdpWatts * wallClockSeconds / 3600 * pue / 1000;
        }

        private static long Count(double devices)
        {
            Require.That(devices <= Require.MaxDimension, "Days", $"The deadline needs {devices:R} devices, beyond 2^53.");
            return Math.Max(1, (long)devices);
        }

        private static void Positive(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                throw new FlopsArgumentException(name, $"{name} must be a positive number; got {value}.");
        }
    }
}
