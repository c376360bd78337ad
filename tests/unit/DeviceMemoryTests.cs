using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Issue 13 item 9: device memory as the device reports it. Each memory_bytes in module/data/hardware.yaml is the
    /// runtime's MiB figure x 2^20; the MiB below are typed from the quoted tool output (source beside each), not read
    /// from the table, so a wrong digit in either place fails.
    /// </summary>
    public class DeviceMemoryTests
    {
        private static readonly string TablePath = Path.Combine(Repo.Root, "module", "data", "hardware.yaml");
        private static readonly IReadOnlyList<Hardware> Table = HardwareFileLoader.Load(TablePath);
        private const double MiB = 1024d * 1024d;

        /// <summary>Row, the MiB the runtime reports, and where that figure was read.</summary>
        public static TheoryData<string, long> RuntimeMiB => new TheoryData<string, long>
        {
            { "V100-SXM2-32GB", 32768 },   // nvidia-smi "308MiB / 32768MiB", driver 525 (Wan-Video/Wan2.1 #5)
            { "A100-SXM-40GB", 40960 },    // nvidia-smi total (modal-labs/modal-client PR #2797)
            { "A100-SXM-80GB", 81920 },    // nvidia-smi total (modal-labs/modal-client PR #2797)
            { "A100-PCIe-40GB", 40960 },   // nvidia-smi "40327MiB / 40960MiB" (vllm-project/vllm #2554)
            { "A100-PCIe-80GB", 81920 },   // nvtop total "80.000Gi" = 80 x 1024 MiB (vllm-project/vllm #4608)
            { "H100-SXM", 81559 },         // nvidia-smi "0MiB / 81559MiB" (NVIDIA/nccl #1264; modal PR #2797)
            { "H100-PCIe", 81559 },        // nvidia-smi "1MiB / 81559MiB" (Lambda SkyPilot tutorial, LandonTClipp/lambda-docs)
            { "H200", 143771 },            // nvidia-smi "124585MiB / 143771MiB" (sgl-project/sglang #3196)
            { "B200", 183359 },            // nvidia-smi "166593MiB / 183359MiB" (NVIDIA/TensorRT-LLM #10278)
            { "L4", 23034 },               // nvidia-smi total (modal PR #2797)
            { "L40S", 46068 },             // nvidia-smi total (modal PR #2797)
            { "T4", 15360 },               // nvidia-smi total (modal PR #2797)
            { "A10", 23028 },              // nvidia-smi total (modal PR #2797)
            { "RTX-4090", 24564 },         // nvidia-smi "23859MiB / 24564MiB" (vllm-project/vllm #7553)
            { "MI250X", 65520 },           // rocminfo pool 67,092,480 KiB = 65,520 MiB per MI250 GCD (ROCm/rocm_smi_lib #160)
            { "MI300X", 196592 },          // rocm-smi 206,141,652,992 B = 196,592 MiB (ROCm/legacy-rocm-build #4750)
            { "TPUv4", 32 * 1024 },        // documented "32 GiB" per chip (cloud.google.com/tpu/docs/v4)
            { "TPUv5e", 16 * 1024 },       // documented "16 GiB" per chip (docs.cloud.google.com/tpu/docs/v5e.md.txt)
            { "Gaudi2", 98304 },           // hl-smi "94963MiB / 98304MiB" (vdwarakn/scripts-and-utils gaudi/README.md)
        };

        /// <summary>Rows no runtime figure with a source was found for: they keep memory_gb x 10^9.</summary>
        private static readonly string[] OnFallback = { "V100-PCIe-32GB", "MI325X", "TPUv5p", "TPUv6e", "Gaudi3" };

        [Theory]
        [MemberData(nameof(RuntimeMiB))]
        public void Memory_bytes_is_the_runtime_MiB_times_2_to_the_20(string row, long mib)
        {
            Assert.Equal(mib * MiB, Table.Single(h => h.Name == row).MemoryBytes);
        }

        [Theory]
        [MemberData(nameof(RuntimeMiB))]
        public void The_row_comment_quotes_the_same_MiB_it_stores(string row, long mib)
        {
            // Each memory_bytes line reads "memory_bytes: <bytes>   # <MiB> MiB x 2^20 ...": the comment is the provenance
            // a reader checks, so it must agree with both the stored value and the figure typed above.
            var line = MemoryBytesLine(row);
            var m = Regex.Match(line, @"memory_bytes:\s*(\d+)\s*#\s*(\d+) MiB x 2\^20");
            Assert.True(m.Success, $"{row}: '{line}' does not quote its MiB figure.");
            Assert.Equal(mib, long.Parse(m.Groups[2].Value));
            Assert.Equal(mib * MiB, double.Parse(m.Groups[1].Value));
        }

        [Fact]
        public void Every_row_either_has_a_tested_runtime_figure_or_is_listed_on_the_fallback()
        {
            var tested = RuntimeMiB.Select(d => (string)d[0]).ToHashSet();
            foreach (var h in Table)
            {
                bool hasRuntimeFigure = h.MemoryBytes != h.MemoryGB * 1e9;
                if (hasRuntimeFigure) Assert.Contains(h.Name, tested);
                else Assert.Contains(h.Name, OnFallback);
            }
            Assert.All(OnFallback, name => Assert.Equal(Table.Single(h => h.Name == name).MemoryGB * 1e9, Table.Single(h => h.Name == name).MemoryBytes));
        }

        [Fact]
        public void Runtime_capacity_lies_between_the_printed_figure_read_as_GB_and_as_GiB()
        {
            // HBM and GDDR parts are built in binary sizes; the driver keeps a little back. So what the runtime reports
            // is at least the printed number in 10^9 bytes (the fallback) and at most the printed number in 2^30 bytes.
            // A misplaced digit in a row falls outside. (B200: printed 180, 183,359 MiB = 192.27e9, between 180e9 and
            // 180 x 2^30 = 193.27e9.)
            foreach (var h in Table.Where(h => h.MemoryBytes != h.MemoryGB * 1e9))
            {
                Assert.True(h.MemoryBytes > h.MemoryGB * 1e9, $"{h.Name}: {h.MemoryBytes} <= {h.MemoryGB} GB");
                Assert.True(h.MemoryBytes <= h.MemoryGB * 1024 * MiB, $"{h.Name}: {h.MemoryBytes} > {h.MemoryGB} GiB");
            }
        }

        [Fact]
        public void An_H200_verdict_uses_the_runtime_total_so_a_130_GB_footprint_fits()
        {
            // H200: 143,771 MiB x 2^20 = 150,754,820,096 B (sgl-project/sglang #3196); usable with the stated 10 %
            // reserve 135,679,338,086.4 B. A 130e9-byte footprint fits; against the printed 141e9 (usable 126.9e9) it
            // would not, so the verdict depends on the runtime figure.
            var h200 = Table.Single(h => h.Name == "H200");
            var v = MemoryFit.Verdict(130e9, h200);
            Assert.Equal(150_754_820_096d, v.DeviceMemoryBytes);
            Assert.Equal(0.1, v.ReserveFraction);
            Assert.Equal(150_754_820_096d * 0.9, v.UsableBytes);
            Assert.True(v.Fits);
            Assert.False(MemoryFit.Verdict(130e9, new Hardware { Name = "H200 as printed", MemoryGB = 141 }).Fits);
            // With no reserve the boundary is the runtime total itself: 145e9 (between 141e9 and 150.75e9) fits only on it.
            Assert.True(MemoryFit.Verdict(145e9, h200, 0).Fits);
            Assert.False(MemoryFit.Verdict(145e9, new Hardware { Name = "H200 as printed", MemoryGB = 141 }, 0).Fits);
            Assert.False(MemoryFit.Verdict(150_754_820_097d, h200, 0).Fits);
        }

        [Fact]
        public void The_default_reserve_is_the_documented_ten_percent()
        {
            // docs/memory.md "Verdict", about_PSFlops_Planning: Fits means TotalBytes <= DeviceMemoryBytes x (1 - 0.1).
            Assert.Equal(0.1, MemoryFit.DefaultReserveFraction);
            var mi300x = Table.Single(h => h.Name == "MI300X");
            double usable = 206_141_652_992d * 0.9;                  // 185,527,487,692.8
            Assert.True(MemoryFit.Verdict(185_527_487_692d, mi300x).Fits);
            Assert.False(MemoryFit.Verdict(185_527_487_693d, mi300x).Fits);
            Assert.Equal(usable, MemoryFit.Verdict(1, mi300x).UsableBytes);
        }

        private static string MemoryBytesLine(string row)
        {
            var lines = File.ReadAllLines(TablePath);
            int start = System.Array.FindIndex(lines, l => l.Trim() == "- name: " + row);
            Assert.True(start >= 0, $"row {row} not found");
            for (int i = start + 1; i < lines.Length && !lines[i].TrimStart().StartsWith("- name:"); i++)
                if (lines[i].TrimStart().StartsWith("memory_bytes:")) return lines[i].Trim();
            throw new Xunit.Sdk.XunitException($"row {row} has no memory_bytes line");
        }
    }
}
