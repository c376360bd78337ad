using System.Collections.Generic;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// A model as a file describes it, before any sequence length or batch is chosen: exactly one of
    /// <see cref="Transformer"/> and <see cref="Graph"/> is set. Plain data; loaders build it.
    /// </summary>
    public sealed record ModelDefinition
    {
        public string Name { get; init; }
        public string Source { get; init; }
        /// <summary>The file it was read from; null for definitions built in code.</summary>
        public string Path { get; init; }
        /// <summary>"transformer", "graph" or "huggingface".</summary>
        public string Form { get; init; }
        public long DefaultSequenceLength { get; init; } = 1;
        public long DefaultBatchSize { get; init; } = 1;
        public TransformerConfig Transformer { get; init; }
        /// <summary>Graph models take a fixed input shape: their figures are per sample, not per token.</summary>
        public GraphDefinition Graph { get; init; }
    }

    /// <summary>
    /// One distinct layer of a model and how many times it occurs. <paramref name="Checkpointed"/>: full activation
    /// checkpointing runs it again in the backward pass (Megatron checkpoints each transformer layer; a transformer's
    /// embeddings and head are not); every layer of a graph model is. <paramref name="MainModel"/> false: a part reported
    /// beside the model but left out of its totals, as transformers leaves it out (DeepSeek-V3's multi-token prediction).
    /// </summary>
    public sealed record LayerRow(string Block, string Name, long Count, LayerSpec Spec, bool Checkpointed = true, bool MainModel = true);
}
