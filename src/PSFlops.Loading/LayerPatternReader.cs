using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Which layers of a transformer-form stack the state-space mixer (`ssm:`) mixes, and the MoE period of a hybrid
    /// (model-schema.md): `layer_types` entries `ssm` (the mixer alone in place of attention) and `parallel` (full
    /// attention and the mixer side by side on one norm, their outputs summed: Falcon-H1), or Jamba's
    /// `attn_layer_period`/`attn_layer_offset` (attention on layer i when i mod period = offset, the mixer elsewhere);
    /// with `ssm:` and neither, every layer is a state-space layer. `ffn: none` makes every block its mixer alone
    /// (Mamba). In moe, Jamba's `expert_layer_period`/`expert_layer_offset`.
    /// </summary>
    internal static class LayerPatternReader
    {
        /// <summary>The transformer keys this reader and <see cref="StateSpaceFormReader"/> add.</summary>
        public static readonly string[] TransformerKeys = { "ssm", "attn_layer_period", "attn_layer_offset" };

        /// <summary>The moe keys it adds.</summary>
        public static readonly string[] MoEKeys = { "expert_layer_period", "expert_layer_offset" };

        public const string StateSpaceEntry = "ssm";
        public const string ParallelEntry = "parallel";

        /// <summary>The attention keys, which a stack of state-space layers alone has no use for.</summary>
        private static readonly string[] AttentionOnlyKeys =
        { "heads", "kv_heads", "head_dim", "window", "attention", "attention_chunk_size", "mtp_layers" };

        /// <summary>Layouts of an attention block that a state-space block (norm, mixer, norm, FFN) does not have.</summary>
        private static readonly string[] AttentionBlockLayouts = { "post_norms", "parallel_block" };

        /// <summary>The FFN keys, which blocks without an FFN (ffn: none) have no use for.</summary>
        private static readonly string[] FeedForwardKeys = { "ffn_dim", "activation", "moe" };

        /// <summary>A layer_types entry that names a mixer rather than an attention kind.</summary>
        public static bool IsMixerEntry(string text) => text == StateSpaceEntry || text == ParallelEntry;

        /// <summary>`ffn: none`: the blocks have no FFN. Its other keys are then an error, as is a model without `ssm`.</summary>
        public static bool NoFeedForward(Fields f)
        {
            if (!(f.Node("ffn") is YScalar s) || s.Quoted || s.Value != "none") return false;
            if (!f.Has("ssm"))
                throw new ModelDefinitionException("InvalidShape",
                    "'ffn: none' is for state-space blocks that are their mixer alone (Mamba); add 'ssm', or name an FFN (mlp, swiglu, geglu).", s.Location);
            foreach (var key in FeedForwardKeys.Where(f.Has))
                throw new ModelDefinitionException("YamlUnknownKey", $"'{key}' describes an FFN; with 'ffn: none' the blocks have none.", f.Node(key).Location);
            return true;
        }

        /// <summary>Jamba's expert_layer_period and expert_layer_offset: MoE on layer i when i mod period = offset.</summary>
        public static MoEConfig ExpertPeriod(Fields m, MoEConfig moe)
        {
            if (m.Has("expert_layer_offset") && !m.Has("expert_layer_period"))
                throw new ModelDefinitionException("YamlMissingKey", "'expert_layer_offset' needs 'expert_layer_period'.", m.Node("expert_layer_offset").Location);
            if (!m.Has("expert_layer_period")) return moe;
            if (m.Has("every"))
                throw new ModelDefinitionException("YamlInvalidValue",
                    "Give 'every' or 'expert_layer_period', not both: each says how often a layer is MoE.", m.Node("expert_layer_period").Location);
            long period = m.RequiredLong("expert_layer_period"), offset = m.Long("expert_layer_offset") ?? 0;
            Period(m, "expert_layer_period", period, "expert_layer_offset", offset);
            return moe with { Every = period, EveryOffset = offset };
        }

        /// <summary>What mixes each layer's positions; null: attention in every layer (the model has no `ssm`).</summary>
        public static System.Func<long, MixerKind> Mixers(Fields f, TransformerConfig c)
        {
            var entries = f.Items("layer_types").Select(item => (Item: item, Text: Fields.ToText(item, "an entry of 'layer_types'"))).ToList();
            var listed = entries.Where(e => IsMixerEntry(e.Text)).ToList();
            if (f.Has("attn_layer_offset") && !f.Has("attn_layer_period"))
                throw new ModelDefinitionException("YamlMissingKey", "'attn_layer_offset' needs 'attn_layer_period'.", f.Node("attn_layer_offset").Location);
            if (c.StateSpace == null)
            {
                var at = listed.Count > 0 ? listed[0].Item : f.Node("attn_layer_period");
                if (at != null)
                    throw new ModelDefinitionException("YamlMissingKey",
                        "A state-space layer needs the mixer it runs: add 'ssm' (kind mamba, mamba2 or gated_deltanet).", at.Location);
                return null;
            }
            if (f.Has("attn_layer_period"))
            {
                if (listed.Count > 0)
                    throw new ModelDefinitionException("YamlInvalidValue",
                        "Give the state-space layers by 'layer_types' or by 'attn_layer_period', not both.", f.Node("attn_layer_period").Location);
                long period = f.RequiredLong("attn_layer_period"), offset = f.Long("attn_layer_offset") ?? 0;
                Period(f, "attn_layer_period", period, "attn_layer_offset", offset);
                return i => i % period == offset ? MixerKind.Attention : MixerKind.StateSpace;
            }
            if (listed.Count == 0)
            {
                // layer_types of attention kinds only, with an ssm the pattern never uses, is refused by Finish.
                if (entries.Count > 0) return _ => MixerKind.Attention;
                return _ => MixerKind.StateSpace;
            }
            var mixers = entries.Select(e => e.Text == StateSpaceEntry ? MixerKind.StateSpace
                : e.Text == ParallelEntry ? MixerKind.AttentionAndStateSpace : MixerKind.Attention).ToList();
            return i => mixers[(int)(i % mixers.Count)];
        }

        /// <summary>
        /// Checks the built groups against the file: an ssm no layer uses, attention keys with no attention layer, an
        /// attention layer without heads, ffn: none beside attention; drops the FFN of every block for ffn: none.
        /// </summary>
        public static IReadOnlyList<BlockGroup> Finish(Fields f, TransformerConfig c, IReadOnlyList<BlockGroup> groups, bool noFeedForward)
        {
            if (c.StateSpace == null) return groups;
            if (!groups.Any(g => g.HasStateSpace))
                throw new ModelDefinitionException("YamlUnknownKey",
                    "'ssm' has no layer to run in: layer_types lists attention layers only; add 'ssm' or 'parallel' entries.",
                    (f.Node("layer_types") ?? f.Node("ssm")).Location);
            foreach (var key in AttentionBlockLayouts.Where(k => f.Bool(k) == true))
                throw new ModelDefinitionException("YamlUnknownKey",
                    $"'{key}' lays out an attention block; a state-space block is norm, mixer, residual (then norm, FFN, residual), so it cannot apply to the ssm layers.",
                    f.Node(key).Location);
            bool attention = groups.Any(g => g.HasAttention);
            if (!attention)
                foreach (var key in AttentionOnlyKeys.Where(f.Has))
                    throw new ModelDefinitionException("YamlUnknownKey",
                        $"'{key}' describes attention, and every layer is a state-space layer; place attention layers with layer_types or attn_layer_period.",
                        f.Node(key).Location);
            if (attention && !f.Has("heads"))
                throw new ModelDefinitionException("YamlMissingKey", "transformer needs the key 'heads' for its attention layers.", f.Map.Location);
            if (!noFeedForward) return groups;
            if (attention)
                throw new ModelDefinitionException("InvalidShape",
                    "'ffn: none' leaves attention layers without their FFN; only a stack of state-space layers alone (Mamba) has none.", f.Node("ffn").Location);
            return groups.Select(g => g with { FeedForward = false }).ToList();
        }

        private static void Period(Fields f, string periodKey, long period, string offsetKey, long offset)
        {
            if (period <= 0 || period > Require.MaxDimension)
                throw new ModelDefinitionException("InvalidShape", $"'{periodKey}' must be a positive integer of at most 2^53; got {period}.", f.Node(periodKey).Location);
            if (offset < 0 || offset >= period)
                throw new ModelDefinitionException("InvalidShape",
                    $"'{offsetKey}' must be at least 0 and below {periodKey} ({period}); got {offset}.", (f.Node(offsetKey) ?? f.Node(periodKey)).Location);
        }
    }
}
