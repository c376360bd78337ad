using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// One memory question: a model (its parameter count, and its transformer shape where known; null for a bare count or
    /// a layer graph), a workload, a layout, precisions and options, for training state or for serving (<see cref="Inference"/>:
    /// weights and KV cache only). <see cref="Memory.Of"/> answers it; <see cref="MemoryFit.Assess"/> also searches layouts.
    /// </summary>
    public sealed record MemoryJob(double Parameters, TransformerConfig Transformer, Workload Workload, ParallelLayout Layout,
        Precision Precision, Optimizer Optimizer, CountingOptions Options, bool Inference)
    {
        /// <summary>The same job on another layout, as the smallest-layout searches try them.</summary>
        public MemoryJob On(ParallelLayout layout) => this with { Layout = layout };
    }
}
