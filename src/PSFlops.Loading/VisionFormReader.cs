using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Reads the transformer form's `vision:` mapping (model-schema.md, "Vision towers"): the tower's encoder in the
    /// transformer form's own keys (layers, model_dim, heads, ffn_dim, ffn, activation, norm, bias), its patch embedding
    /// and positions, its norms, the windowed layers, and the projector as a list of steps. It builds the same
    /// <see cref="VisionTowerConfig"/> the Hugging Face families build, so a YAML tower counts as its config.json does.
    /// </summary>
    internal static class VisionFormReader
    {
        public const string Key = "vision";

        private static readonly string[] Keys =
        {
            "layers", "model_dim", "heads", "ffn_dim", "ffn", "activation", "norm", "bias", "image_size", "patch_size", "channels",
            "temporal_patch_size", "patch_bias", "class_token", "positions", "fixed_image_size", "pre_norm", "post_norm",
            "window", "full_attention_layers", "projector",
        };

        private static readonly string[] StepKinds = { "linear", "activation", "norm", "merge", "avg_pool" };
        private static readonly string[] StepKeys = StepKinds.Concat(new[] { "name", "bias" }).ToArray();

        private static readonly Dictionary<string, VisionPostNorm> PostNorms = new Dictionary<string, VisionPostNorm>
        { ["none"] = VisionPostNorm.None, ["class_token"] = VisionPostNorm.ClassToken, ["all_tokens"] = VisionPostNorm.AllTokens };

        private static readonly Dictionary<string, bool> PositionKinds = new Dictionary<string, bool>
        { ["learned"] = true, ["rope"] = false, ["none"] = false };

        /// <summary>The tower of <paramref name="transformer"/>'s `vision:` key, or null when it has none.</summary>
        public static VisionTowerConfig Read(Fields transformer, TransformerConfig language)
        {
            if (!transformer.Has(Key)) return null;
            var f = new Fields(transformer.Node(Key), Key, Keys);
            long layers = Positive(f, "layers", f.RequiredLong("layers"));
            long width = Positive(f, "model_dim", f.RequiredLong("model_dim"));
            long heads = Positive(f, "heads", f.RequiredLong("heads"));
            if (width % heads != 0) throw Invalid(f, "heads", $"heads ({heads}) must divide model_dim ({width}).");
            long imageSize = Positive(f, "image_size", f.RequiredLong("image_size"));
            long patchSize = Positive(f, "patch_size", f.RequiredLong("patch_size"));
            if (imageSize % patchSize != 0)
                throw Invalid(f, "patch_size", $"patch_size ({patchSize}) must divide image_size ({imageSize}).");
            long side = imageSize / patchSize;
            bool classToken = f.Bool("class_token") ?? false;
            bool learned = f.Enum("positions", PositionKinds) ?? true;

            var full = new HashSet<long>(f.Longs("full_attention_layers"));
            if (full.Any(i => i < 0 || i >= layers))
                throw Invalid(f, "full_attention_layers", $"'full_attention_layers' lists 0-based layers below {layers}.");
            long? window = f.Long("window");
            if (window.HasValue) Positive(f, "window", window.Value);
            if (full.Count > 0 && window == null)
                throw Invalid(f, "full_attention_layers", "'full_attention_layers' sets apart the layers without a window: give 'window' (patches per window).");

            var encoder = new TransformerConfig
            {
                Layers = layers, ModelDim = width, Heads = heads, FfnDim = Positive(f, "ffn_dim", f.RequiredLong("ffn_dim")),
                Ffn = f.Enum("ffn", Names.Ffn) ?? FfnKind.Mlp, Activation = f.Enum("activation", Names.Activation) ?? ActivationKind.GELU,
                Norm = f.Enum("norm", Names.Norm) ?? NormKind.LayerNorm,
                Bias = (f.Bool("bias") ?? true) ? TransformerBias.AllButHead : TransformerBias.None,
                VocabSize = language.VocabSize, Positions = learned ? PositionKind.Learned : PositionKind.Rope, Causal = false,
                FinalNorm = false, LMHead = false,
                // The model's one `dropout` key covers its vision tower too.
                AttentionDropout = language.AttentionDropout, HiddenDropout = language.HiddenDropout,
                Groups = window.HasValue
                    ? BlockGroups.Build(layers, i => full.Contains(i) ? (AttentionPattern.Full, (long?)null) : (AttentionPattern.Chunked, window), null)
                    : null,
            };
            var tower = new VisionTowerConfig(encoder, Positive(f, "channels", f.Long("channels") ?? 3), imageSize, patchSize)
            {
                TemporalPatchSize = Positive(f, "temporal_patch_size", f.Long("temporal_patch_size") ?? 1),
                PatchBias = f.Bool("patch_bias") ?? false, ClassToken = classToken,
                PositionTableSize = learned ? side * side + (classToken ? 1 : 0) : 0,
                FixedImageSize = (f.Bool("fixed_image_size") ?? false) ? imageSize : 0,
                PreNorm = f.Bool("pre_norm") ?? false, PostNorm = f.Enum("post_norm", PostNorms) ?? VisionPostNorm.None,
                Projector = Projector(f, width, side, language.ModelDim),
            };
            return tower;
        }

        /// <summary>The projector's steps, checked as they go: reducers must divide the patch grid, and the last width
        /// must be the language model's model_dim.</summary>
        private static IReadOnlyList<ProjectorStep> Projector(Fields f, long width, long side, long textDim)
        {
            var items = f.Items("projector");
            if (items.Count == 0) throw new ModelDefinitionException("YamlMissingKey", "'vision' needs 'projector', the steps that map the patches to the language model's model_dim.", f.Map.Location);
            var steps = new List<ProjectorStep>();
            int index = 0;
            foreach (var item in items)
            {
                var s = new Fields(item, "a projector step", StepKeys);
                var kinds = StepKinds.Where(s.Has).ToList();
                if (kinds.Count != 1)
                    throw new ModelDefinitionException("YamlInvalidValue",
                        $"A projector step names exactly one of {string.Join(", ", StepKinds)}; got {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}.", item.Location);
                string kind = kinds[0];
                string name = s.String("name") ?? $"{kind}_{index}";
                if (s.Has("bias") && kind != "linear" && kind != "norm")
                    throw new ModelDefinitionException("YamlUnknownKey", $"'bias' belongs to a linear or norm step, not {kind}.", s.Node("bias").Location);
                switch (kind)
                {
                    case "linear":
                        width = Positive(s, "linear", s.RequiredLong("linear"));
                        steps.Add(ProjectorStep.Linear(name, width, s.Bool("bias") ?? true));
                        break;
                    case "activation":
                        steps.Add(ProjectorStep.ActivationOf(name, s.Enum("activation", Names.Activation).Value));
                        break;
                    case "norm":
                        steps.Add(ProjectorStep.NormOf(name, s.Enum("norm", Names.Norm).Value, s.Bool("bias") ?? true));
                        break;
                    default:
                        long factor = Positive(s, kind, s.RequiredLong(kind));
                        if (side % factor != 0)
                            throw Invalid(s, kind, $"'{kind}' ({factor}) must divide the {side} patches per side.");
                        side /= factor;
                        if (kind == "merge") width *= factor * factor;
                        steps.Add(kind == "merge" ? ProjectorStep.Merge(name, factor) : ProjectorStep.AveragePool(name, factor));
                        break;
                }
                index++;
            }
            if (width != textDim)
                throw new ModelDefinitionException("InvalidShape",
                    $"The projector ends at width {width}; it must end at the language model's model_dim ({textDim}).", items[items.Count - 1].Location);
            return steps;
        }

        private static long Positive(Fields f, string key, long value)
        {
            if (value <= 0) throw Invalid(f, key, $"'{key}' must be a positive integer; got {value}.");
            if (value > Engine.Require.MaxDimension) throw Invalid(f, key, $"'{key}' must be at most 2^53; got {value}.");
            return value;
        }

        private static ModelDefinitionException Invalid(Fields f, string key, string message) =>
            new ModelDefinitionException("InvalidShape", message, (f.Node(key) ?? f.Map).Location);
    }
}
