using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// How a model is served: one replica spans TensorParallel x PipelineParallel devices; DataParallel replicas
    /// serve side by side. DeviceCount is the product of all three.
    /// </summary>
    public sealed record ServingDeployment
    {
        public long TensorParallel { get; init; } = 1;
        public long PipelineParallel { get; init; } = 1;
        /// <summary>Independent replicas (data parallelism).</summary>
        public long DataParallel { get; init; } = 1;

        public long DevicesPerReplica => TensorParallel * PipelineParallel;
        public long DeviceCount => TensorParallel * PipelineParallel * DataParallel;

        /// <summary>
        /// Checks against the model's shape: TP divides the query heads (KV heads are replicated when TP exceeds them),
        /// PP is at most the layer count.
        /// </summary>
        public void Validate(TransformerConfig c)
        {
            Require.Positive(TensorParallel, "TensorParallel");
            Require.Positive(PipelineParallel, "PipelineParallel");
            Require.Positive(DataParallel, "DataParallel");
            Require.That(c.Heads % TensorParallel == 0, "TensorParallel",
                $"TensorParallel ({TensorParallel}) must divide the model's {c.Heads} query heads.");
            Require.That(PipelineParallel <= c.Layers, "PipelineParallel",
                $"PipelineParallel ({PipelineParallel}) must be at most the model's {c.Layers} layers.");
            Require.That((double)TensorParallel * PipelineParallel * DataParallel <= Require.MaxDimension, "DataParallel",
                "TensorParallel x PipelineParallel x DataParallel must be at most 2^53.");
        }
    }
}
