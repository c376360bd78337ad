using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// What serving needs of a cluster beyond one device's peaks: the scale-up (NVLink-class) link and domain,
    /// the scale-out network, the latency of one collective, and the fraction of the matmul peak a large matmul
    /// achieves. <see cref="For"/> takes them from the hardware row; every field can be overridden.
    /// </summary>
    public sealed record ServingSystem
    {
        /// <summary>Per-device scale-up bandwidth as the datasheet states it, both directions together, GB/s (A100 600, H100 900).</summary>
        public double? ScaleUpGBps { get; init; }
        /// <summary>Devices per scale-up domain (8 on DGX/HGX).</summary>
        public long? ScaleUpDomain { get; init; }
        /// <summary>Per-device network bandwidth, one direction, Gb/s (DGX A100 200, DGX H100 400).</summary>
        public double? ScaleOutGbps { get; init; }
        /// <summary>
        /// The alpha of the alpha-beta model: seconds one collective or send costs before its bytes.
        /// 8 us: llm-analysis's intra_node_min_message_latency (gpu_configs/h100-sxm-80gb.json); Calculon uses 10 us.
        /// </summary>
        public double CollectiveLatencySeconds { get; init; } = DefaultCollectiveLatencySeconds;
        /// <summary>Fraction of the dense peak the step's matmuls achieve (0..1].</summary>
        public double Efficiency { get; init; } = 1;
        public string EfficiencySource { get; init; } = "peak (no efficiency given)";
        public string InterconnectSource { get; init; }

        public const double DefaultCollectiveLatencySeconds = 8e-6;

        /// <summary>
        /// The serving figures of a device, from its hardware row (the interconnect fields and the measured matmul
        /// fraction that Get-StepTime uses too, each with its source in hardware.yaml); every field can be overridden.
        /// A row without a matmul fraction is priced at its peak, and says so.
        /// </summary>
        public static ServingSystem For(Hardware hardware, InterconnectOverrides overrides = null)
        {
            var row = new ServingSystem
            {
                ScaleUpGBps = hardware?.ScaleUpGBps, ScaleUpDomain = hardware?.ScaleUpDomain, ScaleOutGbps = hardware?.ScaleOutGbps,
                Efficiency = hardware?.MatmulAchievableFraction ?? 1,
                EfficiencySource = hardware?.MatmulAchievableFraction is double
                    ? "the hardware row's measured matmul fraction: " + hardware.InterconnectSource
                    : "peak (the hardware row has no measured matmul fraction; give -Efficiency)",
                InterconnectSource = hardware?.InterconnectSource
                    ?? "none in the hardware row: give -ScaleUpGBps, -ScaleUpDomain, -ScaleOutGbps",
            };
            if (overrides == null || overrides.IsEmpty) return row;
            overrides.Validate();
            return row with
            {
                ScaleUpGBps = overrides.ScaleUpGBps ?? row.ScaleUpGBps,
                ScaleUpDomain = overrides.ScaleUpDomain ?? row.ScaleUpDomain,
                ScaleOutGbps = overrides.ScaleOutGbps ?? row.ScaleOutGbps,
                InterconnectSource = "overridden on the command line; otherwise " + row.InterconnectSource,
            };
        }

        /// <summary>Scale-up bytes per second one way (collectives are priced on egress: half the bidirectional figure).</summary>
        public double ScaleUpBytesPerSecond(string device) =>
            (ScaleUpGBps ?? throw new FlopsArgumentException("ScaleUpGBps",
                $"No scale-up bandwidth is known for {device}; give -ScaleUpGBps for a deployment on more than one device.")) * 1e9 / 2;

        public double ScaleOutBytesPerSecond(string device) =>
            (ScaleOutGbps ?? throw new FlopsArgumentException("ScaleOutGbps",
                $"No scale-out bandwidth is known for {device}; give -ScaleOutGbps for a group larger than its scale-up domain.")) * 1e9 / 8;

        public long Domain(string device) => ScaleUpDomain ?? throw new FlopsArgumentException("ScaleUpDomain",
            $"No scale-up domain size is known for {device}; give -ScaleUpDomain for a deployment on more than one device.");

        /// <summary>
        /// Ring all-reduce of <paramref name="bytes"/> over <paramref name="devices"/> ranks, alpha-beta:
        /// alpha + 2 (n - 1) / n x bytes / B, with B the one-way bandwidth of the slowest link in the ring; the bandwidth
        /// factor is the one training's collectives use (<see cref="Collectives.Factor"/>, nccl-tests doc/PERFORMANCE.md).
        /// Zero for one rank. Unlike <see cref="Collectives.Seconds"/>, one alpha per collective and no message-size ramp:
        /// docs/inference.md, "Communication", says why decode's kilobyte messages are not priced by training's ramp.
        /// </summary>
        public double AllReduceSeconds(double bytes, long devices, double bytesPerSecond) =>
            devices <= 1 ? 0 : CollectiveLatencySeconds + Collectives.Factor(CollectiveKind.AllReduce, devices) * bytes / bytesPerSecond;

        /// <summary>A point-to-point send: alpha + bytes / B (<see cref="Collectives.Factor"/> of a send is 1).</summary>
        public double SendSeconds(double bytes, double bytesPerSecond) =>
            CollectiveLatencySeconds + Collectives.Factor(CollectiveKind.PointToPoint, 2) * bytes / bytesPerSecond;

        public void Validate()
        {
            if (ScaleUpGBps.HasValue) ServingChecks.Positive(ScaleUpGBps.Value, "ScaleUpGBps");
            if (ScaleOutGbps.HasValue) ServingChecks.Positive(ScaleOutGbps.Value, "ScaleOutGbps");
            if (ScaleUpDomain.HasValue) Require.Positive(ScaleUpDomain.Value, "ScaleUpDomain");
            ServingChecks.Check(!double.IsNaN(CollectiveLatencySeconds) && !double.IsInfinity(CollectiveLatencySeconds) && CollectiveLatencySeconds >= 0,
                "CollectiveLatencySeconds", () => $"CollectiveLatencySeconds must be zero or a positive number; got {CollectiveLatencySeconds}.");
            ServingChecks.Check(Efficiency > 0 && Efficiency <= 1, "Efficiency", () => $"Efficiency must be in (0, 1]; got {Efficiency}.");
        }
    }
}
