using System.Collections.Generic;

namespace PSFlops.Engine.Planning
{
    /// <summary>Numeric formats with a peak in the hardware table.</summary>
    public enum DataType { FP64, FP32, TF32, BF16, FP16, FP8, INT8, FP4, INT4 }

    /// <summary>
    /// One accelerator as PyTorch sees it (per package, or per die where a package holds two devices).
    /// Peaks are dense (never "with sparsity") in TFLOP/s (TOP/s for int8); null where the device has no
    /// such path or the vendor prints no figure. Memory: <see cref="MemoryBytes"/> as the device's runtime reports
    /// it, <see cref="MemoryGB"/> the vendor's printed figure; bandwidth in GB/s (10^9 bytes/s) as vendors print it.
    /// Collections are read-only, and Get-Hardware hands out copies, so a row a user holds cannot change the table.
    /// </summary>
    public sealed record Hardware
    {
        private readonly double? _memoryBytes;
        private readonly NameList _aliases = NameList.Empty;
        private readonly PeakTable _sparse = PeakTable.Empty;

        public string Name { get; init; }
        public IReadOnlyList<string> Aliases { get => _aliases; init => _aliases = new NameList(value); }
        public string Vendor { get; init; }
        public string Unit { get; init; } = "package";
        /// <summary>The capacity as the vendor prints it ("80 GB"; for HBM parts in fact GiB), kept for reference.</summary>
        public double MemoryGB { get; init; }
        /// <summary>
        /// Capacity in bytes as the runtime reports it (nvidia-smi's memory.total MiB x 2^20, rocm-smi's VRAM total;
        /// data/hardware.yaml gives each source; CUDA's own total is a little lower, within the verdict's reserve).
        /// A row without the figure falls back to MemoryGB x 10^9.
        /// </summary>
        public double MemoryBytes { get => _memoryBytes ?? MemoryGB * 1e9; init => _memoryBytes = value; }
        public double MemoryBandwidthGBps { get; init; }
        public double? Fp64TFlops { get; init; }
        public double? Fp32TFlops { get; init; }
        public double? Tf32TFlops { get; init; }
        public double? Bf16TFlops { get; init; }
        public double? Fp16TFlops { get; init; }
        public double? Fp8TFlops { get; init; }
        public double? Int8TOps { get; init; }
        public double? Fp4TFlops { get; init; }
        /// <summary>The vendor's "with sparsity" figures, keyed like the file (bf16_tflops ...), where printed.</summary>
        public IReadOnlyDictionary<string, double> Sparse { get => _sparse; init => _sparse = new PeakTable(value); }
        public double? TdpWatts { get; init; }
        /// <summary>Scale-up (NVLink-class) bandwidth per device as the datasheet states it, both directions together, GB/s (A100 600, H100 900); null where the table has no figure.</summary>
        public double? ScaleUpGBps { get; init; }
        /// <summary>Devices that share one scale-up domain (8 on DGX/HGX, 72 on GB200 NVL72); null where unknown.</summary>
        public long? ScaleUpDomain { get; init; }
        /// <summary>Network (scale-out) bandwidth per device, one direction, Gb/s (DGX A100 200, DGX H100 400); null where unknown.</summary>
        public double? ScaleOutGbps { get; init; }
        /// <summary>Measured achievable fraction of the dense BF16 peak for large matmuls ("MAMF"), 0..1; null where nobody has measured it.</summary>
        public double? MatmulAchievableFraction { get; init; }
        /// <summary>Where the interconnect figures and the matmul fraction come from.</summary>
        public string InterconnectSource { get; init; }
        public string Source { get; init; }
        public string Notes { get; init; }

        public double MemoryBandwidthBytesPerSecond => MemoryBandwidthGBps * 1e9;

        /// <summary>The name: what a CSV cell or a string conversion of a row shows.</summary>
        public override string ToString() => Name ?? "";

        /// <summary>Dense peak for a data type in FLOP/s, or null where the table has none. INT4 falls back to INT8 (weight-only quantisation computes at the activation type).</summary>
        public double? PeakFlopsPerSecond(DataType type)
        {
            double? tera = type switch
            {
                DataType.FP64 => Fp64TFlops,
                DataType.FP32 => Fp32TFlops,
                DataType.TF32 => Tf32TFlops,
                DataType.BF16 => Bf16TFlops,
                DataType.FP16 => Fp16TFlops,
                DataType.FP8 => Fp8TFlops,
                DataType.INT8 => Int8TOps,
                DataType.INT4 => Int8TOps,
                DataType.FP4 => Fp4TFlops,
                _ => null,
            };
            return tera * 1e12;
        }
    }
}
