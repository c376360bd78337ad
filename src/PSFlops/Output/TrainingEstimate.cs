using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>
    /// Compute to train a model on a token budget and, with a device, the time at an assumed MFU (Get-TrainingEstimate).
    /// Without -Hardware the time fields are empty.
    /// </summary>
    public sealed class TrainingEstimate
    {
        public string Model { get; set; }
        /// <summary>Parameters counted (an integer).</summary>
        public long Parameters { get; set; }
        public double TrainingTokens { get; set; }
        /// <summary>"Given", or "Chinchilla" (20 tokens per parameter).</summary>
        public string TokenBudget { get; set; }
        public long SequenceLength { get; set; }
        public string Method { get; set; }
        public Convention Convention { get; set; }
        public bool CausalMask { get; set; }
        public double TrainingFlopsPerToken { get; set; }
        public double TrainingFlops { get; set; }
        public double HardwareFlops { get; set; }
        public Recompute Recompute { get; set; }
        public string Hardware { get; set; }
        public DataType DataType { get; set; }
        /// <summary>TensorParallel x PipelineParallel x DataParallel x ContextParallel.</summary>
        public long DeviceCount { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        public long DataParallel { get; set; }
        public long ContextParallel { get; set; }
        public int ZeroStage { get; set; }
        public bool SequenceParallel { get; set; }
        /// <summary>Micro-batch (sequences per device per pass); echoed for Get-ModelMemory, the work per token does not depend on it.</summary>
        public long BatchSize { get; set; }
        /// <summary>Sequences per optimizer step, where given.</summary>
        public long? GlobalBatchSize { get; set; }
        public double? Mfu { get; set; }
        /// <summary>Hardware FLOPs utilisation implied by the MFU and the recomputation.</summary>
        public double? Hfu { get; set; }
        public double? DeviceHours { get; set; }
        public double? WallClockDays { get; set; }
        public double? WallClockSeconds { get; set; }
    }
}
