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

        /// <summary>
        /// This model with its encoder reading <paramref name="encoderLength"/> positions (null keeps the model's own). A model
        /// without an encoder is returned as it is: the length is a workload input every cmdlet takes.
        /// </summary>
        public ModelDefinition WithEncoderLength(long? encoderLength) =>
            encoderLength == null || Transformer?.Encoder == null
                ? this
                : this with { Transformer = Transformer with { EncoderSequenceLength = encoderLength } };

        /// <summary>
        /// This model for an image workload: each vision tower's images at <paramref name="imageSize"/> pixels square,
        /// <paramref name="imageCount"/> per sequence (null keeps the tower's default: the config's image size, one image).
        /// A model without a vision tower is returned as it is, as an encoder length leaves a decoder-only model alone.
        /// </summary>
        public ModelDefinition WithImages(long? imageSize, long? imageCount)
        {
            var vision = Transformer?.Vision;
            if (vision == null || (imageSize == null && imageCount == null)) return this;
            return this with { Transformer = Transformer with { Vision = vision.For(imageSize, imageCount) } };
        }
    }

    /// <summary>
    /// One distinct layer of a model and how many times it occurs. <paramref name="Checkpointed"/>: full activation
    /// checkpointing runs it again in the backward pass (Megatron checkpoints each transformer layer; a transformer's
    /// embeddings and head are not); every layer of a graph model is. <paramref name="MainModel"/> false: a part reported
    /// beside the model but left out of its totals, as transformers leaves it out (DeepSeek-V3's multi-token prediction).
    /// </summary>
    public sealed record LayerRow(string Block, string Name, long Count, LayerSpec Spec, bool Checkpointed = true, bool MainModel = true);
}
