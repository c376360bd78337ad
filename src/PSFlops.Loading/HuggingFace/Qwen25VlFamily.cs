using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Qwen2_5_VLForConditionalGeneration (transformers models/qwen2_5_vl, model_type qwen2_5_vl): the vision transformer
    /// (vision_config, Qwen2_5_VisionTransformerPretrainedModel: a bias-free Conv3d patch embedding of kernel
    /// temporal_patch_size x patch_size x patch_size, rotary positions with no parameters, depth blocks of RMSNorm, a
    /// biased fused qkv and proj, and a biased gated MLP; attention inside windows of window_size pixels except in the
    /// fullatt_block_indexes layers), the merger (ln_q RMSNorm over each patch, spatial_merge_size^2 patches concatenated,
    /// Linear 4D -> 4D, GELU, Linear 4D -> out_hidden_size, biased) and the Qwen2 language model. Published files put the
    /// text fields at the top level (Qwen2.5-VL-7B-Instruct); files saved by newer transformers nest them in text_config.
    /// The config names no image size: the default image is 448 x 448 (1,024 patches, 256 tokens), a choice for a
    /// workload that -ImageSize replaces, not a published figure.
    /// </summary>
    internal sealed class Qwen25VlFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "qwen2_5_vl" };

        public const long DefaultImageSize = 448;

        // Qwen2VLTextConfig's defaults (configuration_qwen2_vl.py), for a text_config that leaves fields out.
        private static readonly Dictionary<string, string> TextDefaults = new Dictionary<string, string>
        {
            ["vocab_size"] = "152064", ["hidden_size"] = "8192", ["intermediate_size"] = "29568", ["num_hidden_layers"] = "80",
            ["num_attention_heads"] = "64", ["num_key_value_heads"] = "8", ["hidden_act"] = "silu", ["max_position_embeddings"] = "32768",
        };

        // Qwen2_5_VLVisionConfig's defaults (configuration_qwen2_5_vl.py); fullatt_block_indexes defaults to 7, 15, 23, 31.
        private static readonly Dictionary<string, string> VisionDefaults = new Dictionary<string, string>
        {
            ["depth"] = "32", ["hidden_size"] = "3584", ["hidden_act"] = "silu", ["intermediate_size"] = "3420", ["num_heads"] = "16",
            ["patch_size"] = "14", ["spatial_merge_size"] = "2", ["temporal_patch_size"] = "2", ["window_size"] = "112",
            ["out_hidden_size"] = "3584",
        };

        private static readonly long[] DefaultFullAttention = { 7, 15, 23, 31 };

        public TransformerConfig Read(Fields f)
        {
            bool nested = f.Has("text_config");
            var text = nested ? NestedConfig.Read(f, "text_config", TextDefaults) : f;
            bool tied = text.Bool("tie_word_embeddings") ?? f.Bool("tie_word_embeddings") ?? false;
            var language = new Qwen2Family().Read(text) with { TiedEmbeddings = tied };

            var vision = NestedConfig.Read(f, "vision_config", VisionDefaults);
            long depth = vision.RequiredLong("depth"), width = vision.RequiredLong("hidden_size");
            long patch = vision.RequiredLong("patch_size"), merge = vision.RequiredLong("spatial_merge_size");
            long window = vision.RequiredLong("window_size"), output = vision.RequiredLong("out_hidden_size");
            long channels = vision.Long("in_channels") ?? vision.Long("in_chans") ?? 3;
            DecoderFields.Refuse(vision, "patch_size", patch <= 0, "must be a positive integer.");
            DecoderFields.Refuse(vision, "spatial_merge_size", merge <= 0, "must be a positive integer.");
            DecoderFields.Refuse(vision, "window_size", window <= 0 || window % (patch * merge) != 0,
                $"must be a positive multiple of patch_size x spatial_merge_size ({patch * merge}): windows hold whole merged tokens.");
            DecoderFields.Refuse(vision, "out_hidden_size", output != language.ModelDim,
                $"must equal the language model's hidden_size ({language.ModelDim}): the merger's output is its input.");
            var full = new HashSet<long>(vision.Has("fullatt_block_indexes") ? vision.Longs("fullatt_block_indexes") : DefaultFullAttention);
            DecoderFields.Refuse(vision, "fullatt_block_indexes", full.Any(i => i < 0 || i >= depth), $"must name layers 0 to {depth - 1}.");

            // A window of window_size pixels square holds (window_size / patch_size)^2 patches: 64 at 112 px, 14 px patches.
            long windowPatches = (window / patch) * (window / patch);
            var tower = new TransformerConfig
            {
                Layers = depth, ModelDim = width, Heads = vision.RequiredLong("num_heads"), FfnDim = vision.RequiredLong("intermediate_size"),
                Ffn = DecoderFields.GatedKind(vision, "hidden_act"), Activation = ActivationKind.SiLU, Norm = NormKind.RMSNorm,
                Bias = TransformerBias.AllButHead, VocabSize = language.VocabSize, Positions = PositionKind.Rope, Causal = false,
                FinalNorm = false, LMHead = false,
                // Qwen2.5-VL's vision blocks apply no dropout (its vision config has no rate).
                AttentionDropout = DecoderFields.Dropout(vision, 0.0, "attention_dropout"), HiddenDropout = false,
                Groups = BlockGroups.Build(depth, i => full.Contains(i) ? (AttentionPattern.Full, (long?)null) : (AttentionPattern.Chunked, windowPatches), null),
            };
            long merged = width * merge * merge;
            var towerConfig = new VisionTowerConfig(tower, channels, DefaultImageSize, patch)
            {
                TemporalPatchSize = vision.RequiredLong("temporal_patch_size"),
                Projector = new[]
                {
                    ProjectorStep.NormOf("merger.ln_q", NormKind.RMSNorm),
                    ProjectorStep.Merge("merger.spatial_merge", merge),
                    ProjectorStep.Linear("merger.mlp.0", merged, bias: true),
                    ProjectorStep.ActivationOf("merger.mlp.1", ActivationKind.GELU),
                    ProjectorStep.Linear("merger.mlp.2", output, bias: true),
                },
            };
            return language with { Vision = towerConfig };
        }
    }
}
