using System.Collections.Generic;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// A multimodal model's vision tower and projector, counted beside the language model. One shape says CLIP (LLaVA),
    /// SigLIP (Gemma 3), Qwen2.5-VL's ViT and Llama 4's vision model:
    /// <list type="number">
    /// <item>a patch embedding: a Conv2d (or Llama 4's unfold + Linear, the same matmul) of kernel and stride
    /// <see cref="PatchSize"/> over <see cref="Channels"/>, with or without bias; Qwen's Conv3d over
    /// <see cref="TemporalPatchSize"/> frames (an image is repeated to fill them) counts as a Conv2d over
    /// Channels x TemporalPatchSize input channels, which has the same weights and MACs;</item>
    /// <item>an optional class token, a learned position table of <see cref="PositionTableSize"/> rows (0: rotary
    /// positions inside attention, no parameters), an optional pre-norm;</item>
    /// <item><see cref="Encoder"/>'s block groups (non-causal, caching nothing): LayerNorm or RMSNorm, biased attention,
    /// MLP or gated MLP, chunked groups for Qwen2.5-VL's windowed layers;</item>
    /// <item>a post-norm over the class token or over every token;</item>
    /// <item>the <see cref="Projector"/> steps over the patch features (class token dropped): norms, linears, activations
    /// and the token reducers (Gemma 3's average pool, Qwen's 2x2 spatial merge, Llama 4's pixel shuffle).</item>
    /// </list>
    /// <see cref="ImageSize"/> and <see cref="ImageCount"/> are the workload: the config's image size and one image per
    /// sequence until a caller sets them (-ImageSize, -ImageCount); parameters never depend on them.
    /// </summary>
    public sealed record VisionTowerConfig(TransformerConfig Encoder, long Channels, long ImageSize, long PatchSize)
    {
        /// <summary>Frames one patch spans (Qwen2.5-VL's temporal_patch_size 2); 1 for a plain Conv2d.</summary>
        public long TemporalPatchSize { get; init; } = 1;

        public bool PatchBias { get; init; }

        public bool ClassToken { get; init; }

        /// <summary>Rows of the learned position table, fixed by the config's image size (positions are interpolated at
        /// other sizes, so the table never grows with the workload); 0 when positions are rotary.</summary>
        public long PositionTableSize { get; init; }

        /// <summary>
        /// Non-zero when the position table is added as it is, never interpolated (Llama 4's positional_embedding_vlm):
        /// the tower then reads only images of this size, and its processor cuts larger images into tiles of it, each
        /// one image of <see cref="ImageCount"/>.
        /// </summary>
        public long FixedImageSize { get; init; }

        public bool PreNorm { get; init; }

        public VisionPostNorm PostNorm { get; init; }

        /// <summary>What maps the tower's patch features to the language model's width, in order.</summary>
        public IReadOnlyList<ProjectorStep> Projector { get; init; } = System.Array.Empty<ProjectorStep>();

        /// <summary>Images per sequence.</summary>
        public long ImageCount { get; init; } = 1;

        /// <summary>Tiles of <see cref="ImageSize"/> one image is cut into, every one present (Mllama's max_num_tiles, padding
        /// tiles included): the patch embedding runs per tile and the layers attend across all of an image's tiles at once.</summary>
        public long Tiles { get; init; } = 1;

        /// <summary>
        /// Non-zero: Mllama's aspect-ratio embeddings, tables of this many rows (max_aspect_ratio_id + 1) each with a tanh
        /// gate of one parameter: pre_tile_positional_embedding and post_tile_positional_embedding (Tiles x width per row,
        /// one vector per tile) and gated_positional_embedding's tile_embedding (Tiles x Tokens x width per row); the
        /// position table's own gate comes with them.
        /// </summary>
        public long AspectRatios { get; init; }

        /// <summary>Layer outputs concatenated into the projector's input, the last layer's included (Mllama: its
        /// intermediate_layers_indices plus the final state, 5 + 1 = 6 x 1280 = vision_output_dim 7680); 1: the last only.</summary>
        public long FeatureLayers { get; init; } = 1;

        /// <summary>The projector reads the class token too (Mllama projects every tile's 1601 positions, class token included).</summary>
        public bool ProjectsClassToken { get; init; }

        /// <summary>Keys and values one sequence's cross-attention reads: the projected tokens of every tile of every image.</summary>
        public double CrossAttentionKeys => (double)ImageCount * Tiles * (ImageTokens + (ProjectsClassToken ? 1 : 0));

        public long PatchesPerSide => ImageSize / PatchSize;

        /// <summary>Patches per image.</summary>
        public long Patches => PatchesPerSide * PatchesPerSide;

        /// <summary>Positions the tower's layers run over per image.</summary>
        public long Tokens => Patches + (ClassToken ? 1 : 0);

        /// <summary>Tokens one image gives the language model: the patches after the projector's reducers.</summary>
        public long ImageTokens
        {
            get
            {
                long side = PatchesPerSide;
                foreach (var step in Projector)
                    if (step.Kind == ProjectorStepKind.Merge || step.Kind == ProjectorStepKind.AveragePool) side /= step.Size;
                return side * side;
            }
        }

        /// <summary>This tower for a workload: <paramref name="imageSize"/> pixels square, <paramref name="imageCount"/>
        /// images per sequence (null keeps the current value).</summary>
        public VisionTowerConfig For(long? imageSize, long? imageCount) =>
            this with { ImageSize = imageSize ?? ImageSize, ImageCount = imageCount ?? ImageCount };
    }
}
