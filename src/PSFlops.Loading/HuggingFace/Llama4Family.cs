using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Llama4ForConditionalGeneration (transformers models/llama4, model_type llama4): Llama4VisionModel (vision_config:
    /// Llama4UnfoldConvolution, an unfold and a bias-free Linear that is a patch Conv2d's matmul; class_embedding appended;
    /// positional_embedding_vlm of (image_size / patch_size)^2 + 1 rows added as it is, so each image is one tile of
    /// image_size; layernorm_pre; num_hidden_layers blocks of LayerNorms, biased q, k, v, o with 2-D rotary positions
    /// (no parameters) and a biased fc1/fc2 GELU MLP; layernorm_post over every token; the class token dropped; the
    /// vision_adapter: pixel_shuffle by pixel_shuffle_ratio, then fc1 (intermediate_size -> projector_input_dim), GELU,
    /// fc2 (projector_output_dim -> projector_output_dim), GELU, both bias-free), Llama4MultiModalProjector (linear_1,
    /// vision_output_dim -> text hidden_size, bias-free) and the language model (text_config, read by llama4_text).
    /// </summary>
    internal sealed class Llama4Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "llama4" };

        private static readonly Dictionary<string, string> TextDefaults = new Dictionary<string, string> { ["model_type"] = "llama4_text" };

        // Llama4VisionConfig's defaults (configuration_llama4.py), the published Scout and Maverick towers.
        private static readonly Dictionary<string, string> VisionDefaults = new Dictionary<string, string>
        {
            ["hidden_size"] = "768", ["num_hidden_layers"] = "34", ["num_attention_heads"] = "16", ["num_channels"] = "3",
            ["intermediate_size"] = "5632", ["vision_output_dim"] = "7680", ["image_size"] = "448", ["patch_size"] = "14",
            ["pixel_shuffle_ratio"] = "0.5", ["projector_input_dim"] = "4096", ["projector_output_dim"] = "4096",
            ["multi_modal_projector_bias"] = "false",
        };

        public TransformerConfig Read(Fields f)
        {
            var text = NestedConfig.Read(f, "text_config", TextDefaults, "llama4_text", "Llama 4's language model is read as llama4_text.");
            var language = new Llama4TextFamily().Read(text);

            var vision = NestedConfig.Read(f, "vision_config", VisionDefaults, "llama4_vision_model",
                "Llama 4's vision tower is read as llama4_vision_model.");
            long width = vision.RequiredLong("hidden_size"), inner = vision.RequiredLong("intermediate_size");
            long imageSize = vision.RequiredLong("image_size"), patchSize = vision.RequiredLong("patch_size");
            DecoderFields.Refuse(vision, "patch_size", patchSize <= 0 || imageSize % patchSize != 0, "must be positive and divide image_size.");
            long side = imageSize / patchSize;

            // pixel_shuffle folds (1 / ratio)^2 neighbouring patches into one token: ratio 0.5 is a 2 x 2 merge.
            double ratio = vision.Double("pixel_shuffle_ratio") ?? 0.5;
            long factor = ratio > 0 && ratio <= 1 ? (long)System.Math.Round(1 / ratio) : 0;
            DecoderFields.Refuse(vision, "pixel_shuffle_ratio", factor <= 0 || System.Math.Abs(factor * ratio - 1) > 1e-9 || side % factor != 0,
                $"must be 1 / n for a whole n that divides the {side} patches per side.");
            DecoderFields.Refuse(vision, "intermediate_size", inner != width * factor * factor,
                $"must be hidden_size / pixel_shuffle_ratio^2 ({width * factor * factor}): the adapter's fc1 reads the shuffled patches.");
            long adapterIn = vision.RequiredLong("projector_input_dim"), adapterOut = vision.RequiredLong("projector_output_dim");
            DecoderFields.Refuse(vision, "projector_output_dim", adapterOut != adapterIn,
                "must equal projector_input_dim: the adapter's fc2 reads fc1's output.");
            DecoderFields.Refuse(vision, "vision_output_dim", vision.RequiredLong("vision_output_dim") != adapterOut,
                "must equal projector_output_dim: the projector reads the adapter's output.");
            bool projectorBias = vision.Bool("multi_modal_projector_bias") ?? false;

            var tower = new TransformerConfig
            {
                Layers = vision.RequiredLong("num_hidden_layers"), ModelDim = width, Heads = vision.RequiredLong("num_attention_heads"),
                FfnDim = inner, Ffn = FfnKind.Mlp, Activation = ActivationKind.GELU, Norm = NormKind.LayerNorm,
                Bias = TransformerBias.AllButHead, VocabSize = language.VocabSize, Positions = PositionKind.Rope, Causal = false,
                FinalNorm = false, LMHead = false,
                // Llama4VisionConfig: attention_dropout 0.0 on the probabilities; its encoder layer drops out nothing else.
                AttentionDropout = DecoderFields.Dropout(vision, 0.0, "attention_dropout"), HiddenDropout = false,
            };
            var towerConfig = new VisionTowerConfig(tower, vision.RequiredLong("num_channels"), imageSize, patchSize)
            {
                ClassToken = true, PositionTableSize = side * side + 1, FixedImageSize = imageSize, PreNorm = true,
                PostNorm = VisionPostNorm.AllTokens,
                Projector = new[]
                {
                    ProjectorStep.Merge("vision_adapter.pixel_shuffle", factor),
                    ProjectorStep.Linear("vision_adapter.mlp.fc1", adapterIn, bias: false),
                    ProjectorStep.ActivationOf("vision_adapter.mlp.fc1_activation", ActivationKind.GELU),
                    ProjectorStep.Linear("vision_adapter.mlp.fc2", adapterOut, bias: false),
                    ProjectorStep.ActivationOf("vision_adapter.mlp.fc2_activation", ActivationKind.GELU),
                    ProjectorStep.Linear("multi_modal_projector.linear_1", language.ModelDim, projectorBias),
                },
            };
            return language with { Vision = towerConfig };
        }
    }
}
