using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// LlavaForConditionalGeneration (transformers models/llava): a CLIP vision tower (vision_config, CLIPVisionModel:
    /// bias-free patch Conv2d, class token, learned positions, pre_layrnorm, num_hidden_layers pre-norm blocks with biased
    /// attention and fc1/fc2 MLP (quick_gelu), post_layernorm), the multi_modal_projector (Linear vision hidden -> text
    /// hidden, projector_hidden_act, Linear text -> text, biased) and the language model (text_config, read by its own
    /// family: llama for LLaVA-1.5). Sub-configs take their configuration class's defaults for fields they leave out
    /// (LlamaConfig, CLIPVisionConfig), as transformers does. Every tower counts in the model's parameters.
    /// </summary>
    internal sealed class LlavaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "llava" };

        // LlamaConfig's defaults (transformers configuration_llama.py): the 7B shape.
        private static readonly Dictionary<string, string> LlamaDefaults = new Dictionary<string, string>
        {
            ["model_type"] = "llama", ["vocab_size"] = "32000", ["hidden_size"] = "4096", ["intermediate_size"] = "11008",
            ["num_hidden_layers"] = "32", ["num_attention_heads"] = "32", ["hidden_act"] = "silu", ["max_position_embeddings"] = "2048",
        };

        // CLIPVisionConfig's defaults (configuration_clip.py).
        private static readonly Dictionary<string, string> ClipVisionDefaults = new Dictionary<string, string>
        {
            ["hidden_size"] = "768", ["intermediate_size"] = "3072", ["num_hidden_layers"] = "12", ["num_attention_heads"] = "12",
            ["num_channels"] = "3", ["image_size"] = "224", ["patch_size"] = "32", ["hidden_act"] = "quick_gelu",
        };

        public TransformerConfig Read(Fields f)
        {
            var text = NestedConfig.Read(f, "text_config", LlamaDefaults);
            string textType = text.String("model_type");
            if (!HuggingFaceFamilies.ByModelType.TryGetValue(textType, out var family) || family is LlavaFamily)
                throw new ModelDefinitionException("UnsupportedModelType",
                    $"text_config's model_type '{textType}' is not a language model PSFlops reads.", text.Node("model_type").Location);
            var language = family.Read(text);

            var vision = NestedConfig.Read(f, "vision_config", ClipVisionDefaults, "clip_vision_model",
                "LLaVA's vision tower is read as CLIP's (clip_vision_model).");
            var tower = new TransformerConfig
            {
                Layers = vision.RequiredLong("num_hidden_layers"), ModelDim = vision.RequiredLong("hidden_size"),
                Heads = vision.RequiredLong("num_attention_heads"), FfnDim = vision.RequiredLong("intermediate_size"), Ffn = FfnKind.Mlp,
                Activation = ActivationOf(vision, "hidden_act"), Norm = NormKind.LayerNorm, Bias = TransformerBias.AllButHead,
                VocabSize = language.VocabSize, Positions = PositionKind.Learned, Causal = false, FinalNorm = false, LMHead = false,
                // CLIPVisionConfig: attention_dropout 0.0 on the probabilities; CLIPEncoderLayer drops out nothing else.
                AttentionDropout = DecoderFields.Dropout(vision, 0.0, "attention_dropout"), HiddenDropout = false,
            };
            long imageSize = vision.RequiredLong("image_size"), patchSize = vision.RequiredLong("patch_size");
            DecoderFields.Refuse(vision, "patch_size", patchSize <= 0 || imageSize % patchSize != 0, "must be positive and divide image_size.");
            long side = imageSize / patchSize;
            var towerConfig = new VisionTowerConfig(tower, vision.RequiredLong("num_channels"), imageSize, patchSize)
            {
                ClassToken = true, PositionTableSize = side * side + 1, PreNorm = true, PostNorm = VisionPostNorm.ClassToken,
                Projector = new[]
                {
                    ProjectorStep.Linear("linear_1", language.ModelDim, bias: true),
                    ProjectorStep.ActivationOf("activation", ActivationOf(f, "projector_hidden_act")),
                    ProjectorStep.Linear("linear_2", language.ModelDim, bias: true),
                },
            };
            return language with { Vision = towerConfig };
        }

        /// <summary>CLIP's quick_gelu (x sigmoid(1.702 x)) counts as the other GELUs; the rest as <see cref="DecoderFields.PlainActivation"/>.</summary>
        private static ActivationKind ActivationOf(Fields f, string key) =>
            f.String(key) == "quick_gelu" ? ActivationKind.GELU : DecoderFields.PlainActivation(f, key, "gelu");
    }
}
