using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Gemma3ForConditionalGeneration (transformers models/gemma3, model_type gemma3): a SigLIP vision tower
    /// (vision_config, SiglipVisionModel without its pooling head: biased patch Conv2d, a learned position table of
    /// (image_size / patch_size)^2 rows, no class token, num_hidden_layers pre-norm blocks with LayerNorms, biased q, k, v,
    /// out_proj and fc1/fc2 (gelu_pytorch_tanh), post_layernorm over every token), Gemma3MultiModalProjector (avg_pool of
    /// stride patches-per-side / sqrt(mm_tokens_per_image) down to mm_tokens_per_image tokens, mm_soft_emb_norm RMSNorm,
    /// the bias-free mm_input_projection_weight to the text width) and the language model (text_config, read by the
    /// gemma3_text family). Sub-configs take their configuration class's defaults for fields they leave out, as
    /// transformers does: gemma-3-4b-it's text_config writes neither heads nor head_dim.
    /// </summary>
    internal sealed class Gemma3Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gemma3" };

        // Gemma3TextConfig's defaults (configuration_gemma3.py).
        private static readonly Dictionary<string, string> Gemma3TextDefaults = new Dictionary<string, string>
        {
            ["model_type"] = "gemma3_text", ["vocab_size"] = "262208", ["hidden_size"] = "2304", ["intermediate_size"] = "9216",
            ["num_hidden_layers"] = "26", ["num_attention_heads"] = "8", ["num_key_value_heads"] = "4", ["head_dim"] = "256",
            ["hidden_activation"] = "gelu_pytorch_tanh", ["max_position_embeddings"] = "131072", ["sliding_window"] = "4096",
        };

        // SiglipVisionConfig's defaults (configuration_siglip.py).
        private static readonly Dictionary<string, string> SiglipVisionDefaults = new Dictionary<string, string>
        {
            ["hidden_size"] = "768", ["intermediate_size"] = "3072", ["num_hidden_layers"] = "12", ["num_attention_heads"] = "12",
            ["num_channels"] = "3", ["image_size"] = "224", ["patch_size"] = "16", ["hidden_act"] = "gelu_pytorch_tanh",
        };

        public TransformerConfig Read(Fields f)
        {
            var text = NestedConfig.Read(f, "text_config", Gemma3TextDefaults, "gemma3_text", "Gemma 3's language model is read as gemma3_text.");
            var language = new Gemma3TextFamily().Read(text);

            var vision = NestedConfig.Read(f, "vision_config", SiglipVisionDefaults, "siglip_vision_model",
                "Gemma 3's vision tower is read as SigLIP's (siglip_vision_model).");
            DecoderFields.Refuse(vision, "vision_use_head", vision.Bool("vision_use_head") == true,
                "Gemma 3 reads SigLIP's patch features, not its pooling head; a tower with the head is not read.");
            long imageSize = vision.RequiredLong("image_size"), patchSize = vision.RequiredLong("patch_size");
            DecoderFields.Refuse(vision, "patch_size", patchSize <= 0 || imageSize % patchSize != 0, "must be positive and divide image_size.");
            long side = imageSize / patchSize;

            // Gemma3MultiModalProjector: tokens_per_side = sqrt(mm_tokens_per_image), kernel = patches_per_side / tokens_per_side.
            long imageTokens = f.Long("mm_tokens_per_image") ?? 256;
            long tokensPerSide = (long)System.Math.Round(System.Math.Sqrt(imageTokens));
            DecoderFields.Refuse(f, "mm_tokens_per_image", imageTokens <= 0 || tokensPerSide * tokensPerSide != imageTokens
                || side % tokensPerSide != 0, $"must be a square number whose root divides the {side} patches per side.");

            var tower = new TransformerConfig
            {
                Layers = vision.RequiredLong("num_hidden_layers"), ModelDim = vision.RequiredLong("hidden_size"),
                Heads = vision.RequiredLong("num_attention_heads"), FfnDim = vision.RequiredLong("intermediate_size"), Ffn = FfnKind.Mlp,
                Activation = DecoderFields.PlainActivation(vision, "hidden_act", "gelu_pytorch_tanh"), Norm = NormKind.LayerNorm,
                Bias = TransformerBias.AllButHead, VocabSize = language.VocabSize, Positions = PositionKind.Learned, Causal = false,
                FinalNorm = false, LMHead = false,
                // SiglipVisionConfig: attention_dropout 0.0 on the probabilities; SiglipEncoderLayer drops out nothing else.
                AttentionDropout = DecoderFields.Dropout(vision, 0.0, "attention_dropout"), HiddenDropout = false,
            };
            var towerConfig = new VisionTowerConfig(tower, vision.RequiredLong("num_channels"), imageSize, patchSize)
            {
                PatchBias = true, PositionTableSize = side * side, PostNorm = VisionPostNorm.AllTokens,
                Projector = new[]
                {
                    ProjectorStep.AveragePool("avg_pool", side / tokensPerSide),
                    ProjectorStep.NormOf("mm_soft_emb_norm", NormKind.RMSNorm),
                    ProjectorStep.Linear("mm_input_projection", language.ModelDim, bias: false),
                },
            };
            return language with { Vision = towerConfig };
        }
    }
}
