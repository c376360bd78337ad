using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// The `ssm:` mapping of the transformer form (model-schema.md): the state-space mixer of the model's SSM layers,
    /// its keys spelled as the Hugging Face config of that mixer spells them: MambaConfig (mamba), Mamba2Config (mamba2),
    /// Qwen3NextConfig's linear_* fields without the prefix (gated_deltanet). Defaults are those configs' own, except
    /// where noted. Which layers use the mixer is <see cref="LayerPatternReader"/>'s business.
    /// </summary>
    internal static class StateSpaceFormReader
    {
        private static readonly Dictionary<string, StateSpaceKind> Kinds = new Dictionary<string, StateSpaceKind>
        { ["mamba"] = StateSpaceKind.Mamba, ["mamba2"] = StateSpaceKind.Mamba2, ["gated_deltanet"] = StateSpaceKind.GatedDeltaNet };

        private static readonly Dictionary<StateSpaceKind, string[]> KeysOf = new Dictionary<StateSpaceKind, string[]>
        {
            [StateSpaceKind.Mamba] = new[]
            {
                "kind", "intermediate_size", "expand", "state_size", "conv_kernel", "time_step_rank", "use_bias", "use_conv_bias",
                "inner_norms",
            },
            [StateSpaceKind.Mamba2] = new[]
            {
                "kind", "intermediate_size", "expand", "state_size", "conv_kernel", "num_heads", "head_dim", "n_groups", "chunk_size",
                "use_bias", "use_conv_bias", "rms_norm", "projectors_bias",
            },
            [StateSpaceKind.GatedDeltaNet] = new[]
            {
                "kind", "num_key_heads", "key_head_dim", "num_value_heads", "value_head_dim", "conv_kernel", "chunk_size",
            },
        };

        private static readonly string[] DimensionKeys =
        {
            "intermediate_size", "state_size", "conv_kernel", "num_heads", "head_dim", "n_groups", "chunk_size",
            "num_key_heads", "key_head_dim", "num_value_heads", "value_head_dim",
        };

        private static readonly string[] AnyKey = KeysOf.Values.SelectMany(k => k).Distinct().ToArray();

        // The same fields as other configs spell them (the mamba_ssm modules, JambaConfig's mamba_*, Falcon-H1's, Qwen3-Next's
        // linear_*): named in the error so a value copied from one of them finds its key here.
        private static readonly Dictionary<string, string> OtherSpellings = new Dictionary<string, string>
        {
            ["d_state"] = "state_size", ["d_conv"] = "conv_kernel", ["dt_rank"] = "time_step_rank", ["d_inner"] = "intermediate_size",
            ["d_ssm"] = "intermediate_size", ["headdim"] = "head_dim", ["d_head"] = "head_dim", ["ngroups"] = "n_groups",
            ["nheads"] = "num_heads", ["n_heads"] = "num_heads", ["proj_bias"] = "use_bias", ["conv_bias"] = "use_conv_bias",
        };

        /// <summary>The mixer the `ssm` key describes for a model of width <paramref name="modelDim"/>; null when there is none.</summary>
        public static StateSpaceConfig Read(Fields transformer, long modelDim)
        {
            var node = transformer.Node("ssm");
            if (node == null) return null;
            RefuseOtherSpellings(node);
            var any = new Fields(node, "ssm", AnyKey);
            var kindNode = any.Required("kind");
            string kindText = Fields.ToText(kindNode, "'kind' in ssm");
            if (!Kinds.TryGetValue(kindText, out var kind))
                throw new ModelDefinitionException("YamlInvalidValue",
                    $"'kind' in ssm must be one of {string.Join(", ", Kinds.Keys)}; got '{Suggest.Shorten(kindText)}'.", kindNode.Location);
            var s = new Fields(node, $"ssm (kind {kindText})", KeysOf[kind]);
            foreach (var key in DimensionKeys.Where(s.Has)) Positive(s, key, s.Long(key));

            if (kind == StateSpaceKind.GatedDeltaNet)
                return new StateSpaceConfig(kind, 0, 0, s.Long("conv_kernel") ?? 4,
                    Heads: s.RequiredLong("num_value_heads"), HeadDim: s.RequiredLong("value_head_dim"), ChunkSize: s.Long("chunk_size") ?? 64)
                {
                    KeyHeads = s.RequiredLong("num_key_heads"), KeyHeadDim = s.RequiredLong("key_head_dim"),
                };

            long inner = Inner(s, modelDim);
            if (kind == StateSpaceKind.Mamba)
                return new StateSpaceConfig(kind, inner, s.Long("state_size") ?? 16, s.Long("conv_kernel") ?? 4, TimeStepRank(s, modelDim),
                    Bias: s.Bool("use_bias") ?? false, ConvBias: s.Bool("use_conv_bias") ?? true)
                { InnerNorms = s.Bool("inner_norms") ?? false };

            long headDim = s.Long("head_dim") ?? 64;
            long heads = s.Long("num_heads") ?? inner / headDim;
            if (heads * (double)headDim != inner)
                throw Invalid(s, s.Has("num_heads") ? "num_heads" : "head_dim",
                    $"num_heads ({heads}) x head_dim ({headDim}) must equal the inner width ({inner}: intermediate_size, or expand x model_dim).");
            long groups = s.Long("n_groups") ?? 1;
            if (heads % groups != 0)
                throw Invalid(s, "n_groups", $"n_groups ({groups}) must divide num_heads ({heads}).");
            return new StateSpaceConfig(kind, inner, s.Long("state_size") ?? 128, s.Long("conv_kernel") ?? 4, Heads: heads, HeadDim: headDim,
                Groups: groups, ChunkSize: s.Long("chunk_size") ?? 256, Bias: s.Bool("use_bias") ?? false, ConvBias: s.Bool("use_conv_bias") ?? true)
            {
                GatedNorm = s.Bool("rms_norm") ?? true, OutputBias = s.Bool("projectors_bias"),
            };
        }

        /// <summary>intermediate_size, or expand (default 2) x model_dim, which must come out whole; not both.</summary>
        private static long Inner(Fields s, long modelDim)
        {
            if (s.Has("intermediate_size") && s.Has("expand"))
                throw new ModelDefinitionException("YamlInvalidValue",
                    "Give 'intermediate_size' or 'expand' (intermediate_size = expand x model_dim), not both.", s.Node("expand").Location);
            if (s.Has("intermediate_size")) return s.RequiredLong("intermediate_size");
            double expand = s.Double("expand") ?? 2;
            double inner = expand * modelDim;
            if (expand <= 0 || inner != System.Math.Floor(inner) || inner > Require.MaxDimension)
                throw Invalid(s, "expand", $"'expand' must be positive, with expand x model_dim ({modelDim}) a whole number of at most 2^53; got {expand}.");
            return (long)inner;
        }

        /// <summary>time_step_rank: a number, or "auto" (the default) for ceil(model_dim / 16), as MambaConfig resolves it.</summary>
        private static long TimeStepRank(Fields s, long modelDim)
        {
            long auto = modelDim / 16 + (modelDim % 16 == 0 ? 0 : 1);
            if (s.Node("time_step_rank") is YScalar v && !v.Quoted && v.Value == "auto") return auto;
            long? rank = s.Long("time_step_rank");
            Positive(s, "time_step_rank", rank);
            return rank ?? auto;
        }

        private static void RefuseOtherSpellings(YNode node)
        {
            if (!(node is YMapping map)) return;
            foreach (var entry in map.Entries)
                if (OtherSpellings.TryGetValue(entry.Key.Value, out var ours))
                    throw new ModelDefinitionException("YamlUnknownKey",
                        $"Unknown key '{entry.Key.Value}' in ssm. Did you mean '{ours}'? The ssm keys are spelled as MambaConfig and Mamba2Config spell them.",
                        entry.Key.Location);
        }

        private static void Positive(Fields f, string key, long? value)
        {
            if (!value.HasValue) return;
            if (value.Value <= 0) throw Invalid(f, key, $"'{key}' must be a positive integer; got {value}.");
            if (value.Value > Require.MaxDimension) throw Invalid(f, key, $"'{key}' must be at most 2^53; got {value}.");
        }

        private static ModelDefinitionException Invalid(Fields f, string key, string message) =>
            new ModelDefinitionException("InvalidShape", message, (f.Node(key) ?? f.Map).Location);
    }
}
