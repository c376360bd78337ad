using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Interconnect and matmul-efficiency figures for the devices whose hardware rows do not carry them yet
    /// (issue 17 adds them to hardware.yaml; then <see cref="ServingSystem.For"/> reads the row instead).
    /// Sources: /work/shared/reference/step-time.md, "Interconnect figures" and the MAMF table.
    /// </summary>
    internal static class ServingDefaults
    {
        // NVIDIA HGX A100 blog (NVLink 3, 600 GB/s per GPU both directions; 8 GPUs per NVSwitch domain);
        // DGX A100 eight 200 Gb/s HDR HCAs (Korthikanti et al. 2022 §6). MAMF 267.9 / 312 = 0.859 (stas00/ml-engineering).
        private const string A100 = "A100 SXM: NVLink 3 600 GB/s both directions, 8 per domain (NVIDIA HGX A100 blog); 200 Gb/s HDR per GPU (DGX A100); matmul 0.859 of peak (stas00/ml-engineering MAMF, one measurer)";
        // nvidia.com Hopper architecture page (NVLink 4, 900 GB/s); DGX H100/H200 ConnectX-7 400 Gb/s (DGX BasePOD RA).
        // MAMF 792.1 / 989.5 = 0.801 (stas00/ml-engineering); H200 shares the GH100 die and clocks.
        private const string H100 = "H100/H200 SXM: NVLink 4 900 GB/s both directions, 8 per domain (nvidia.com Hopper page); 400 Gb/s ConnectX-7 per GPU (DGX BasePOD RA); matmul 0.801 of peak (stas00/ml-engineering MAMF, one measurer)";
        // NVLink 5 1.8 TB/s (scaling book gpus.md); DGX B200 8 x ConnectX-7 400 Gb/s (DGX BasePOD RA). MAMF 1745 / 2250 = 0.776.
        private const string B200 = "B200: NVLink 5 1800 GB/s both directions, 8 per domain (scaling book gpus.md); 400 Gb/s per GPU (DGX BasePOD RA); matmul 0.776 of peak (stas00/ml-engineering MAMF, one measurer)";

        public static ServingSystem For(Hardware hardware)
        {
            string name = hardware?.Name ?? "";
            bool Is(string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            if (Is("A100-SXM"))
                return Known(600, 8, 200, 0.859, A100);
            if (Is("H100-SXM") || name.Equals("H200", StringComparison.OrdinalIgnoreCase))
                return Known(900, 8, 400, 0.801, H100);
            if (Is("B200"))
                return Known(1800, 8, 400, 0.776, B200);
            return new ServingSystem { InterconnectSource = "none in the table: give -ScaleUpGBps, -ScaleUpDomain, -ScaleOutGbps" };
        }

        private static ServingSystem Known(double scaleUp, long domain, double scaleOut, double efficiency, string source) =>
            new ServingSystem
            {
                ScaleUpGBps = scaleUp, ScaleUpDomain = domain, ScaleOutGbps = scaleOut, Efficiency = efficiency,
                EfficiencySource = source, InterconnectSource = source,
            };
    }
}
