using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Model and hardware FLOPs utilisation (PaLM, Chowdhery et al. 2022, Appendix B), with the throughput and the per-device
    /// peak they were measured against.
    /// </summary>
    public sealed record Utilization(double AchievedFlopsPerSecondPerDevice, double Mfu, double Hfu)
    {
        public double TokensPerSecond { get; init; }
        public double PeakFlopsPerSecondPerDevice { get; init; }
    }

    /// <summary>A training run on a token budget: FLOPs without and with recomputation, and time at an assumed MFU.</summary>
    public sealed record TrainingPlan(double Tokens, double Flops, double HardwareFlops, double Hfu, double DeviceSeconds, double WallClockSeconds);

    /// <summary>Pure planning arithmetic over costs and hardware peaks.</summary>
    public static class Planner
    {
        /// <summary>
        /// MFU = tokens/s x model FLOPs per token / (devices x peak); HFU the same with hardware FLOPs
        /// (recomputation included, so never below the model FLOPs).
        /// </summary>
        public static Utilization Utilization(double modelFlopsPerToken, double hardwareFlopsPerToken,
            double tokensPerSecond, double peakFlopsPerSecondPerDevice, long devices)
        {
            Positive(modelFlopsPerToken, "FlopsPerToken");
            Positive(hardwareFlopsPerToken, "HardwareFlopsPerToken");
            Require.That(hardwareFlopsPerToken >= modelFlopsPerToken, "HardwareFlopsPerToken",
                $"HardwareFlopsPerToken ({hardwareFlopsPerToken}) counts the model FLOPs plus recomputation, so it cannot be below FlopsPerToken ({modelFlopsPerToken}).");
            Positive(tokensPerSecond, "TokensPerSecond");
            Positive(peakFlopsPerSecondPerDevice, "PeakTFlopsPerSecond");
            Require.Positive(devices, "DeviceCount");
            double achieved = tokensPerSecond * modelFlopsPerToken / devices;
            return new Utilization(achieved, achieved / peakFlopsPerSecondPerDevice,
                tokensPerSecond * hardwareFlopsPerToken / devices / peakFlopsPerSecondPerDevice)
            {
                TokensPerSecond = tokensPerSecond, PeakFlopsPerSecondPerDevice = peakFlopsPerSecondPerDevice,
            };
        }

        /// <summary>
        /// Tokens per second of a run timed by its optimizer step: <paramref name="sequencesPerStep"/> (the global batch)
        /// sequences of <paramref name="sequenceLength"/> tokens every <paramref name="stepSeconds"/> seconds.
        /// </summary>
        public static double TokensPerSecondOfStep(double stepSeconds, long sequencesPerStep, long sequenceLength)
        {
            Require.PositiveNumber(stepSeconds, "StepTime");
            Require.Positive(sequencesPerStep, "GlobalBatchSize");
            Require.Positive(sequenceLength, "SequenceLength");
            return (double)sequencesPerStep * sequenceLength / stepSeconds;
        }

        /// <summary>
        /// <see cref="Utilization(double, double, double, double, long)"/> of a run timed by its optimizer step
        /// (<see cref="TokensPerSecondOfStep"/>).
        /// </summary>
        public static Utilization UtilizationOfStep(double modelFlopsPerToken, double hardwareFlopsPerToken, double stepSeconds,
            long sequencesPerStep, long sequenceLength, double peakFlopsPerSecondPerDevice, long devices) =>
            Utilization(modelFlopsPerToken, hardwareFlopsPerToken, TokensPerSecondOfStep(stepSeconds, sequencesPerStep, sequenceLength),
                peakFlopsPerSecondPerDevice, devices);

        /// <summary>6N per token (Kaplan et al. 2020): forward 2N, backward 4N, attention left out.</summary>
        public static double SixN(double parameters) => 6 * parameters;

        /// <summary>PaLM's 6N + 12 L H Q T per token (Appendix B).</summary>
        public static double Palm(double parameters, long layers, long heads, long headDim, long sequenceLength) =>
            6 * parameters + 12d * layers * heads * headDim * sequenceLength;

        /// <summary>Compute-optimal tokens for a parameter count: about 20 per parameter (Hoffmann et al. 2022, Table 3).</summary>
        public static double ChinchillaTokens(double parameters) => 20 * parameters;

        /// <summary>Compute of <paramref name="tokens"/> training tokens, without and with recomputation; no device needed.</summary>
        public static TrainingPlan TrainingCompute(TrainingWork work, double tokens)
        {
            Positive(tokens, "TrainingTokens");
            return new TrainingPlan(tokens, work.ModelFlopsPerToken * tokens, work.HardwareFlopsPerToken * tokens, 0, 0, 0);
        }

        /// <summary>
        /// <paramref name="tokens"/> tokens of <paramref name="work"/> on <paramref name="devices"/> devices at a fraction
        /// <paramref name="mfu"/> of their peak. HFU follows from MFU by the ratio of hardware to model FLOPs.
        /// </summary>
        public static TrainingPlan Training(TrainingWork work, double tokens, double peakFlopsPerSecond, double mfu, long devices)
        {
            Positive(tokens, "TrainingTokens");
            Require.Positive(devices, "DeviceCount");
            double flops = work.ModelFlopsPerToken * tokens;
            double deviceSeconds = DeviceSeconds(flops, peakFlopsPerSecond, mfu);
            return new TrainingPlan(tokens, flops, work.HardwareFlopsPerToken * tokens,
                mfu * work.HardwareFlopsPerToken / work.ModelFlopsPerToken, deviceSeconds, deviceSeconds / devices);
        }

        /// <summary>Device-seconds to run <paramref name="flops"/> at a fraction <paramref name="mfu"/> of peak.</summary>
        public static double DeviceSeconds(double flops, double peakFlopsPerSecond, double mfu)
        {
            Positive(peakFlopsPerSecond, "PeakTFlopsPerSecond");
            if (!(mfu > 0 && mfu <= 1)) throw new FlopsArgumentException("Mfu", $"Mfu must be in (0, 1]; got {mfu}.");
            return flops / (peakFlopsPerSecond * mfu);
        }

        /// <summary>
        /// Roofline time for one step: the larger of compute time and memory time; which one binds.
        /// Arithmetic intensity is FLOPs per byte moved; the ridge point is peak / bandwidth.
        /// </summary>
        public static (double Seconds, bool MemoryBound, double ComputeSeconds, double MemorySeconds) Roofline(
            double flops, double bytes, double peakFlopsPerSecond, double bytesPerSecond)
        {
            double compute = flops / peakFlopsPerSecond;
            double memory = bytes / bytesPerSecond;
            return (Math.Max(compute, memory), memory > compute, compute, memory);
        }

        private static void Positive(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                throw new FlopsArgumentException(name, $"{name} must be a positive number; got {value}.");
        }
    }
}
