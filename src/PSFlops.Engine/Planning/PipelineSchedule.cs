namespace PSFlops.Engine.Planning
{
    /// <summary>The pipeline schedules the step-time model knows (docs/step-time.md, "Pipeline").</summary>
    public enum PipelineSchedule
    {
        /// <summary>1F1B (PipeDream-Flush; GPipe has the same bubble): (p - 1) / m of the ideal time.</summary>
        OneForwardOneBackward,
        /// <summary>Interleaved 1F1B with v model chunks per device: (p - 1) / (v m), v times the point-to-point traffic.</summary>
        Interleaved,
    }
}
