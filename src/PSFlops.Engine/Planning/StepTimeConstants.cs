namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Every constant of the step-time model, with where it comes from (docs/step-time.md). Only the two marked
    /// "fitted" were fitted, both on Korthikanti et al. 2022 Table 4 (one 22B layer on 8 A100s); nothing was fitted
    /// to Table 5, which checks the model.
    /// </summary>
    public static class StepTimeConstants
    {
        /// <summary>Per-step latency of a scale-up collective: Calculon's NVLink "latency" 1e-5 s (llm-analysis uses 8e-6).</summary>
        public const double ScaleUpLatencySeconds = 1e-5;

        /// <summary>Per-step latency of a network collective: Calculon's InfiniBand "latency" 2e-5 s.</summary>
        public const double ScaleOutLatencySeconds = 2e-5;

        /// <summary>
        /// Best link efficiency at large messages: 8 x H100 all-reduce bus bandwidth "close to 370GB/s" of the 450 GB/s
        /// one-way NVLink figure (scaling book, gpus.md). Applied to every link.
        /// </summary>
        public const double PeakLinkEfficiency = 370.0 / 450.0;

        /// <summary>
        /// The message-size ramp of link efficiency, e(S) = PeakLinkEfficiency x S / (S + RampSeconds x W), W the link's
        /// one-way bandwidth. From the scaling book's second point: a 58 MB message gets "around 150GB/s" of 450 GB/s,
        /// so 58e6 (PeakLinkEfficiency / (150/450) - 1) / 450e9 = 189 microseconds. Scaling the ramp with the link's
        /// bandwidth (a latency-bandwidth product) is our assumption.
        /// </summary>
        public static readonly double RampSeconds = 58e6 * (PeakLinkEfficiency / (150.0 / 450.0) - 1) / 450e9;

        /// <summary>
        /// Fitted: memory traffic of the memory-bound (elementwise) work of a layer's forward pass, as a multiple of the
        /// activation bytes the layer stores (Memory.ActivationBytesPerLayer), moved at the device's memory bandwidth; the
        /// backward pass moves twice as much. Least squares in log time over the ten Table 4 times.
        /// </summary>
        public const double MemoryTrafficPerActivationByte = 2.3;

        /// <summary>
        /// Fitted: share of the backward pass's tensor-parallel communication left exposed (Megatron overlaps it with
        /// the weight-gradient GEMMs; Korthikanti §6). Fitted with the constant above on Table 4.
        /// </summary>
        public const double BackwardTensorParallelExposure = 0.7;

        /// <summary>
        /// Matmul fraction of peak used for a device the table has no measurement for: the mean of the table's measured
        /// NVIDIA fractions (A100 0.859, H100 0.801, B200 0.776; stas00/ml-engineering MAMF), not a fit.
        /// </summary>
        public const double DefaultMatmulFraction = (0.859 + 0.801 + 0.776) / 3;

        /// <summary>Bytes an optimizer step moves per parameter beyond its states: reads the 16-bit gradient, writes the 16-bit weight [derived].</summary>
        public const double OptimizerExtraBytesPerParameter = 4;

        public const string FittedOn = "fitted on Korthikanti et al. 2022 Table 4 (22B layer, 8 x A100)";
    }
}
