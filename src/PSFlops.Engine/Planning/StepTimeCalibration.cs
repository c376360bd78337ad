namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The step-time model's two fitted constants (docs/step-time.md, "Calibration"). <see cref="Default"/> holds the
    /// values fitted on Korthikanti et al. 2022 Table 4; another instance lets the fit itself be re-run and checked.
    /// </summary>
    /// <param name="MemoryTrafficPerActivationByte">Bytes the forward pass's memory-bound work moves per stored activation byte.</param>
    /// <param name="BackwardTensorParallelExposure">Share of the backward pass's tensor-parallel communication not hidden behind GEMMs.</param>
    public sealed record StepTimeCalibration(double MemoryTrafficPerActivationByte, double BackwardTensorParallelExposure)
    {
        public static readonly StepTimeCalibration Default = new StepTimeCalibration(
            StepTimeConstants.MemoryTrafficPerActivationByte, StepTimeConstants.BackwardTensorParallelExposure);

        public string Provenance =>
            $"memory traffic {MemoryTrafficPerActivationByte} x stored activation bytes, backward TP exposure {BackwardTensorParallelExposure}: {StepTimeConstants.FittedOn}";
    }
}
