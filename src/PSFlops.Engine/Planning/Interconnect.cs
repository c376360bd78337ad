using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The links a collective runs over, one direction, in bytes per second: the scale-up domain (NVLink-class) and
    /// the network (scale-out) per device, with their per-step latencies. Built from a hardware row, with overrides.
    /// </summary>
    public sealed record Interconnect
    {
        /// <summary>Scale-up bandwidth per device, one direction, bytes/s (a datasheet's bidirectional figure / 2).</summary>
        public double ScaleUpBytesPerSecond { get; init; }
        public long ScaleUpDomain { get; init; } = 1;
        /// <summary>Network bandwidth per device, one direction, bytes/s.</summary>
        public double ScaleOutBytesPerSecond { get; init; }
        /// <summary>Scale-up bandwidth as datasheets print it: GB/s both directions (the inverse of <see cref="Of(Hardware, double?, long?, double?)"/>).</summary>
        public double ScaleUpGBps => ScaleUpBytesPerSecond * 2 / 1e9;
        /// <summary>Scale-out bandwidth as NICs are rated: Gb/s one direction.</summary>
        public double ScaleOutGbps => ScaleOutBytesPerSecond * 8 / 1e9;
        public double ScaleUpLatencySeconds { get; init; } = StepTimeConstants.ScaleUpLatencySeconds;
        public double ScaleOutLatencySeconds { get; init; } = StepTimeConstants.ScaleOutLatencySeconds;

        /// <summary>
        /// The interconnect of <paramref name="hardware"/>, any figure replaced by the override given (GB/s both
        /// directions for scale-up as datasheets print it, Gb/s one direction for scale-out). A figure neither the row
        /// nor an override supplies is an error naming the override parameter.
        /// </summary>
        public static Interconnect Of(Hardware hardware, double? scaleUpGBps = null, long? scaleUpDomain = null, double? scaleOutGbps = null)
        {
            double up = Need(scaleUpGBps ?? hardware.ScaleUpGBps, "ScaleUpGBps", hardware.Name);
            long domain = (long)Need(scaleUpDomain ?? hardware.ScaleUpDomain, "ScaleUpDomain", hardware.Name);
            Require.Positive(domain, "ScaleUpDomain");
            double? outGbps = scaleOutGbps ?? hardware.ScaleOutGbps;
            return new Interconnect
            {
                ScaleUpBytesPerSecond = up * 1e9 / 2,
                ScaleUpDomain = domain,
                // A table row without a network figure still plans layouts inside one domain; a collective that leaves
                // the domain then asks for -ScaleOutGbps (see Collectives.Seconds).
                ScaleOutBytesPerSecond = outGbps == null ? 0 : Positive(outGbps.Value, "ScaleOutGbps") * 1e9 / 8,
            };
        }

        /// <summary>The interconnect of <paramref name="hardware"/> with the planning cmdlets' overrides applied.</summary>
        public static Interconnect Of(Hardware hardware, InterconnectOverrides overrides)
        {
            (overrides ?? InterconnectOverrides.None).Validate();
            return Of(hardware, overrides?.ScaleUpGBps, overrides?.ScaleUpDomain, overrides?.ScaleOutGbps);
        }

        private static double Need(double? value, string name, string hardware)
        {
            if (value == null)
                throw new FlopsArgumentException(name,
                    $"{hardware} has no {name} in the hardware table; give -{name} to describe the cluster.", "NoInterconnect");
            return Positive(value.Value, name);
        }

        private static double Positive(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0 || value > Require.MaxDimension)
                throw new FlopsArgumentException(name, $"{name} must be a positive finite number; got {value}.");
            return value;
        }
    }
}
