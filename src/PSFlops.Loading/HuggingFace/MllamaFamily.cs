using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// MllamaForConditionalGeneration (transformers models/mllama, Llama 3.2 Vision):
    /// <list type="bullet">
    /// <item>MllamaVisionModel (vision_config): a bias-free patch Conv2d per tile; class_embedding; the aspect-ratio
    /// embeddings (pre_tile_positional_embedding, gated_positional_embedding's tile_embedding, post_tile_positional_embedding,
    /// max_aspect_ratio_id + 1 = len(supported_aspect_ratios) + 1 rows, each tanh-gated) and the (image_size / patch_size)^2
    /// + 1 position table; layernorm_pre; the local `transformer` of num_hidden_layers and the `global_transformer` of
    /// num_global_layers gated layers (gate_attn, gate_ffn), both LayerNorm blocks with bias-free q, k, v, o and a biased
    /// fc1/fc2 GELU MLP, attending across all max_num_tiles tiles of an image at once; layernorm_post; the outputs of
    /// intermediate_layers_indices concatenated to the last state (vision_output_dim wide);</item>
    /// <item>multi_modal_projector: Linear(vision_output_dim -> text hidden_size, bias) over every tile's positions;</item>
    /// <item>MllamaTextModel (text_config): a Llama decoder whose embed_tokens has vocab_size + 8 rows, and whose
    /// cross_attention_layers are MllamaCrossAttentionDecoderLayer: no self-attention, cross-attention to the projected
    /// image tokens with q/k RMSNorm over head_dim, tanh gates on the attention and the MLP.</item>
    /// </list>
    /// Sub-configs take MllamaTextConfig's and MllamaVisionConfig's defaults for fields they leave out, as transformers does.
    /// </summary>
    internal sealed class MllamaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mllama" };

        // MllamaTextConfig's defaults (configuration_mllama.py): the 11B's language model.
        private static readonly Dictionary<string, string> TextDefaults = new Dictionary<string, string>
        {
            ["vocab_size"] = "128256", ["hidden_size"] = "4096", ["hidden_act"] = "silu", ["num_hidden_layers"] = "40",
            ["num_attention_heads"] = "32", ["num_key_value_heads"] = "8", ["intermediate_size"] = "14336",
            ["max_position_embeddings"] = "131072", ["tie_word_embeddings"] = "false",
        };

        // MllamaTextConfig's default cross_attention_layers, and MllamaVisionConfig's intermediate_layers_indices and
        // supported_aspect_ratios (8 of them): lists, so they cannot join the scalar defaults above.
        private static readonly long[] DefaultCrossAttentionLayers = { 3, 8, 13, 18, 23, 28, 33, 38 };
        private static readonly long[] DefaultIntermediateLayers = { 3, 7, 15, 23, 30 };
        private const long DefaultAspectRatioCount = 8;

        // MllamaVisionConfig's defaults (configuration_mllama.py); attention_heads is read apart (its other name is num_attention_heads).
        private static readonly Dictionary<string, string> VisionDefaults = new Dictionary<string, string>
        {
            ["hidden_size"] = "1280", ["hidden_act"] = "gelu", ["num_hidden_layers"] = "32", ["num_global_layers"] = "8",
            ["num_channels"] = "3", ["intermediate_size"] = "5120", ["vision_output_dim"] = "7680", ["image_size"] = "448",
            ["patch_size"] = "14", ["max_num_tiles"] = "4",
        };

        /// <summary>Rows embed_tokens has beyond vocab_size (MllamaTextModel: nn.Embedding(vocab_size + 8, hidden_size)).</summary>
        private const long ExtraTokenRows = 8;

        public TransformerConfig Read(Fields f)
        {
            var text = NestedConfig.Read(f, "text_config", TextDefaults);
            string textType = text.String("model_type") ?? "mllama_text_model";
            DecoderFields.Refuse(text, "model_type", textType != "mllama_text_model" && textType != "mllama",
                "Llama 3.2 Vision's language model is read as mllama_text_model.");
            var decoder = DecoderFields.Llama(text);
            var crossLayers = text.Has("cross_attention_layers") ? text.Longs("cross_attention_layers") : DefaultCrossAttentionLayers;
            DecoderFields.Refuse(text, "cross_attention_layers",
                crossLayers.Any(i => i < 0 || i >= decoder.Layers) || crossLayers.Distinct().Count() != crossLayers.Count,
                $"must list distinct layers from 0 to num_hidden_layers - 1 ({decoder.Layers - 1}).");
            long cross = crossLayers.Count, selfAttention = decoder.Layers - cross;
            var selfGroup = new BlockGroup(TransformerExpander.LayerBlock, selfAttention, AttentionPattern.Full, null, false);
            var crossGroup = new BlockGroup("cross_attention_layers", cross, AttentionPattern.Full, null, false)
            {
                CrossAttention = true, Gated = true, QkNorm = QkNorm.PerHead,
            };
            // Groups in order of first appearance: layer 0 is a self-attention layer unless it is listed.
            var groups = new[] { selfGroup, crossGroup }.Where(g => g.Count > 0);
            if (crossLayers.Contains(0)) groups = groups.Reverse();

            var vision = NestedConfig.Read(f, "vision_config", VisionDefaults, "mllama_vision_model",
                "Llama 3.2 Vision's vision tower is read as mllama_vision_model.");
            long width = vision.RequiredLong("hidden_size"), local = vision.RequiredLong("num_hidden_layers");
            long global = vision.RequiredLong("num_global_layers");
            long heads = vision.Long("attention_heads") ?? vision.Long("num_attention_heads") ?? 16;
            long imageSize = vision.RequiredLong("image_size"), patchSize = vision.RequiredLong("patch_size");
            DecoderFields.Refuse(vision, "patch_size", patchSize <= 0 || imageSize % patchSize != 0, "must be positive and divide image_size.");
            long side = imageSize / patchSize;
            var intermediate = vision.Has("intermediate_layers_indices") ? vision.Longs("intermediate_layers_indices") : DefaultIntermediateLayers;
            DecoderFields.Refuse(vision, "intermediate_layers_indices", intermediate.Any(i => i < 0 || i >= local),
                $"must name layers of the local transformer, 0 to num_hidden_layers - 1 ({local - 1}).");
            long featureLayers = intermediate.Count + 1;
            DecoderFields.Refuse(vision, "vision_output_dim", vision.RequiredLong("vision_output_dim") != width * featureLayers,
                $"must be hidden_size x (the intermediate layers + 1) ({width * featureLayers}): the projector reads them concatenated.");
            long aspectRatios = vision.Has("supported_aspect_ratios") ? vision.Items("supported_aspect_ratios").Count : DefaultAspectRatioCount;
            DecoderFields.Refuse(vision, "supported_aspect_ratios", aspectRatios == 0, "must list at least one aspect ratio.");
            long tiles = vision.RequiredLong("max_num_tiles");
            DecoderFields.Refuse(vision, "max_num_tiles", tiles <= 0, "must be positive.");

            var tower = new TransformerConfig
            {
                Layers = local + global, ModelDim = width, Heads = heads, FfnDim = vision.RequiredLong("intermediate_size"),
                Ffn = FfnKind.Mlp, Activation = DecoderFields.PlainActivation(vision, "hidden_act", "gelu"), Norm = NormKind.LayerNorm,
                // MllamaVisionAttention's q, k, v, o are bias-free; MllamaVisionMLP's fc1 and fc2 are nn.Linear with bias.
                Bias = new TransformerBias(false, false, false, false, true, false),
                VocabSize = decoder.VocabSize, Positions = PositionKind.Learned, Causal = false, FinalNorm = false, LMHead = false,
                // MllamaVisionConfig has no dropout field; its encoder layers drop out nothing.
                AttentionDropout = false, HiddenDropout = false,
                Groups = new[]
                {
                    new BlockGroup(TransformerExpander.LayerBlock, local, AttentionPattern.Full, null, false),
                    new BlockGroup("global_layers", global, AttentionPattern.Full, null, false) { Gated = true },
                }.Where(g => g.Count > 0).ToList(),
            };
            var towerConfig = new VisionTowerConfig(tower, vision.RequiredLong("num_channels"), imageSize, patchSize)
            {
                ClassToken = true, PositionTableSize = side * side + 1, FixedImageSize = imageSize, PreNorm = true,
                PostNorm = VisionPostNorm.AllTokens, Tiles = tiles,
                // max_aspect_ratio_id = len(supported_aspect_ratios); the tables have one row more (id 0 is padding).
                AspectRatios = aspectRatios + 1, FeatureLayers = featureLayers, ProjectsClassToken = true,
                Projector = new[] { ProjectorStep.Linear("multi_modal_projector", decoder.ModelDim, bias: true) },
            };
            return decoder with
            {
                TokenTableSize = decoder.VocabSize + ExtraTokenRows, Groups = groups.ToList(), Vision = towerConfig,
            };
        }
    }
}
