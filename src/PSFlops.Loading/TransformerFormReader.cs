using System.Collections.Generic;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using System.Linq;

namespace PSFlops.Loading
{
    /// <summary>Reads the `transformer:` mapping of a model file (model-schema.md).</summary>
    internal static class TransformerFormReader
    {
        public static readonly string[] Keys = new[]
        {
            "layers", "model_dim", "heads", "kv_heads", "head_dim", "ffn_dim", "ffn", "activation", "norm", "bias",
            "vocab_size", "tied_embeddings", "positions", "max_sequence_length", "sequence_length", "causal", "window", VisionFormReader.Key,
            "parallel_block", "moe", "type_vocab_size", "embedding_norm", "final_norm", "pooler", "lm_head",
            "attention", "layer_types", "attention_chunk_size", "post_norms", "norm_bias", "embedding_scale",
            "final_logit_softcapping", "mtp_layers", "dropout",
        }
        .Concat(LayerPatternReader.TransformerKeys).Concat(EncoderFormReader.TransformerKeys).ToArray();

        private static readonly string[] MoEKeys = new[]
        {
            "experts", "top_k", "shared_experts", "expert_ffn_dim", "first_dense_layers", "every", "dense_layers",
            "shared_expert_ffn_dim", "shared_expert_gate", "router_bias", "expert_bias",
        }
        .Concat(LayerPatternReader.MoEKeys).ToArray();

        private static readonly string[] AttentionKeys =
        {
            "kind", "q_lora_rank", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim", "qk_norm", "sinks",
            "logit_softcapping", "output_gate",
        };

        private static readonly string[] MlaKeys = { "q_lora_rank", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim" };

        private static readonly Dictionary<string, QkNorm> QkNorms = new Dictionary<string, QkNorm>
        { ["none"] = QkNorm.None, ["per_head"] = QkNorm.PerHead, ["full"] = QkNorm.Full };

        private static readonly Dictionary<string, AttentionPattern> LayerKinds = new Dictionary<string, AttentionPattern>
        { ["full"] = AttentionPattern.Full, ["sliding"] = AttentionPattern.Sliding, ["chunked"] = AttentionPattern.Chunked };
        private static readonly string[] BiasNames = { "q", "k", "v", "o", "ffn", "lm_head" };

        internal static readonly Dictionary<string, PositionKind> PositionKinds = new Dictionary<string, PositionKind>
        { ["rope"] = PositionKind.Rope, ["learned"] = PositionKind.Learned, ["none"] = PositionKind.None };

        public static (TransformerConfig Config, long SequenceLength) Read(YNode node)
        {
            var f = new Fields(node, "transformer", Keys);
            bool noFeedForward = LayerPatternReader.NoFeedForward(f);
            MoEConfig moe = null;
            if (f.Has("moe"))
            {
                var m = new Fields(f.Node("moe"), "moe", MoEKeys);
                moe = new MoEConfig(m.RequiredLong("experts"), m.RequiredLong("top_k"), m.Long("shared_experts") ?? 0,
                    m.Long("expert_ffn_dim") ?? f.RequiredLong("ffn_dim"))
                {
                    FirstDenseLayers = m.Long("first_dense_layers") ?? 0, Every = m.Long("every") ?? 1, DenseLayers = m.Longs("dense_layers"),
                    SharedExpertFfnDim = m.Long("shared_expert_ffn_dim"), SharedExpertGate = m.Bool("shared_expert_gate") ?? false,
                    RouterBias = m.Bool("router_bias") ?? false, ExpertBias = m.Bool("expert_bias"),
                };
                Positive(m, "first_dense_layers", moe.FirstDenseLayers, allowZero: true);
                Positive(m, "every", moe.Every);
                Positive(m, "shared_expert_ffn_dim", moe.SharedExpertFfnDim);
                moe = LayerPatternReader.ExpertPeriod(m, moe);
                foreach (var item in m.Items("dense_layers"))
                    if (Fields.ToLong(item, "an entry of 'dense_layers'") < 0)
                        throw new ModelDefinitionException("InvalidShape", "'dense_layers' lists 0-based layer numbers; got a negative one.", item.Location);
            }
            var a = f.Has("attention") ? new Fields(f.Node("attention"), "attention", AttentionKeys) : null;
            LatentAttentionConfig mla = a == null ? null : ReadLatent(a);
            var config = new TransformerConfig
            {
                Layers = f.RequiredLong("layers"),
                ModelDim = f.RequiredLong("model_dim"),
                Heads = f.Has("ssm") ? f.Long("heads") ?? 0 : f.RequiredLong("heads"),
                KvHeads = f.Long("kv_heads"),
                HeadDim = f.Long("head_dim"),
                FfnDim = noFeedForward ? 0 : moe == null ? f.RequiredLong("ffn_dim") : f.Long("ffn_dim") ?? moe.ExpertFfnDim,
                Ffn = noFeedForward ? FfnKind.Mlp : f.Enum("ffn", Names.Ffn) ?? FfnKind.Mlp,
                Activation = f.Enum("activation", Names.Activation) ?? ActivationKind.GELU,
                Norm = f.Enum("norm", Names.Norm) ?? NormKind.LayerNorm,
                Bias = ReadBias(f),
                VocabSize = f.RequiredLong("vocab_size"),
                TiedEmbeddings = f.Bool("tied_embeddings") ?? false,
                Positions = f.Enum("positions", PositionKinds) ?? PositionKind.Rope,
                MaxSequenceLength = f.Long("max_sequence_length"),
                Causal = f.Bool("causal") ?? true,
                Window = f.Long("window"),
                ParallelBlock = f.Bool("parallel_block") ?? false,
                MoE = moe,
                TypeVocabSize = f.Long("type_vocab_size") ?? 0,
                EmbeddingNorm = f.Bool("embedding_norm") ?? false,
                FinalNorm = f.Bool("final_norm") ?? true,
                Pooler = f.Bool("pooler") ?? false,
                LMHead = f.Bool("lm_head") ?? true,
                LatentAttention = mla,
                QkNorm = a?.Enum("qk_norm", QkNorms) ?? QkNorm.None,
                AttentionSinks = a?.Bool("sinks") ?? false,
                AttentionSoftCap = a?.Double("logit_softcapping").HasValue ?? false,
                AttentionOutputGate = a?.Bool("output_gate") ?? false,
                PostNorms = f.Bool("post_norms") ?? false,
                NormBias = f.Bool("norm_bias") ?? true,
                EmbeddingScale = f.Bool("embedding_scale") ?? false,
                FinalSoftCap = f.Double("final_logit_softcapping").HasValue,
                MtpLayers = f.Long("mtp_layers") ?? 0,
            };
            bool dropout = ReadDropout(f);
            config = config with { AttentionDropout = dropout, HiddenDropout = dropout };
            if (mla != null) config = config with { HeadDim = mla.QkNopeHeadDim + mla.QkRopeHeadDim, KvHeads = null };
            config = config with { Vision = VisionFormReader.Read(f, config) };
            long sequence = f.Long("sequence_length") ?? config.MaxSequenceLength ?? 2048;
            Check(config, f);
            Positive(f, "attention_chunk_size", f.Long("attention_chunk_size"));
            Positive(f, "mtp_layers", config.MtpLayers, allowZero: true);
            config = config with { StateSpace = StateSpaceFormReader.Read(f, config.ModelDim) };
            config = EncoderFormReader.Apply(config, f, Check);
            return (Grouped(config, f, noFeedForward), sequence);
        }

        /// <summary>
        /// `dropout`: whether training applies dropout (masks on the attention probabilities and after the attention and
        /// FFN outputs, Korthikanti's 1-byte masks): true or false, or the rate as in a config.json (0 is none; a rate is
        /// at least 0 and below 1). Absent: true, the paper's GPT and what files without the key always meant.
        /// </summary>
        private static bool ReadDropout(Fields f)
        {
            var node = f.Node("dropout");
            if (node == null) return true;
            if (node is YScalar s && !s.Quoted && (s.Value.Equals("true", System.StringComparison.OrdinalIgnoreCase)
                || s.Value.Equals("false", System.StringComparison.OrdinalIgnoreCase)))
                return Fields.ToBool(node, "'dropout' in transformer");   // its spellings, as every boolean key has them
            double rate;
            try { rate = Fields.ToDouble(node, "'dropout' in transformer"); }
            catch (ModelDefinitionException)
            {
                throw new ModelDefinitionException("YamlInvalidValue", "'dropout' must be true, false or a rate from 0 to below 1.", node.Location);
            }
            if (!(rate >= 0 && rate < 1))
                throw new ModelDefinitionException("YamlInvalidValue", $"'dropout' must be true, false or a rate from 0 to below 1; got {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", node.Location);
            return rate > 0;
        }

        /// <summary>
        /// Multi-head latent attention when attention.kind is mla: its five dims (q_lora_rank may be null: queries
        /// straight from the model dim). Its keys with kind mha are an error, so a typo cannot silently drop MLA.
        /// </summary>
        private static LatentAttentionConfig ReadLatent(Fields a)
        {
            string kind = a.String("kind") ?? "mha";
            if (kind != "mha" && kind != "mla")
                throw new ModelDefinitionException("YamlInvalidValue", $"'kind' in attention must be mha or mla; got '{kind}'.", a.Node("kind").Location);
            if (kind == "mha")
            {
                foreach (var key in MlaKeys)
                    if (a.Has(key))
                        throw new ModelDefinitionException("YamlUnknownKey", $"'{key}' belongs to multi-head latent attention; add 'kind: mla'.", a.Node(key).Location);
                return null;
            }
            var mla = new LatentAttentionConfig(a.Long("q_lora_rank"), a.RequiredLong("kv_lora_rank"), a.RequiredLong("qk_nope_head_dim"),
                a.RequiredLong("qk_rope_head_dim"), a.RequiredLong("v_head_dim"));
            Positive(a, "q_lora_rank", mla.QLoraRank);
            foreach (var key in new[] { "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim" }) Positive(a, key, a.Long(key));
            return mla;
        }

        /// <summary>
        /// The block groups: layer_types (full, sliding, chunked), one per layer or a shorter pattern repeated to fill
        /// the layers, with window and attention_chunk_size as the spans; the MoE layout from moe. Without either the
        /// model is one uniform group.
        /// </summary>
        private static TransformerConfig Grouped(TransformerConfig c, Fields f, bool noFeedForward)
        {
            var items = f.Items("layer_types");
            var mixer = LayerPatternReader.Mixers(f, c);
            if (items.Count == 0 && mixer == null && (c.MoE == null || (c.MoE.FirstDenseLayers == 0 && c.MoE.Every == 1 && c.MoE.DenseLayers.Count == 0)))
                return c;
            long? chunk = f.Long("attention_chunk_size");
            var pattern = new List<(AttentionPattern, long?)>();
            foreach (var item in items)
            {
                string text = Fields.ToText(item, "an entry of 'layer_types'");
                if (LayerPatternReader.IsMixerEntry(text)) { pattern.Add((AttentionPattern.Full, null)); continue; }
                if (!LayerKinds.TryGetValue(text, out var kind))
                    throw new ModelDefinitionException("YamlInvalidValue",
                        $"An entry of 'layer_types' must be one of {string.Join(", ", LayerKinds.Keys)}, {LayerPatternReader.StateSpaceEntry}, {LayerPatternReader.ParallelEntry}; got '{Suggest.Shorten(text)}'.", item.Location);
                if (kind == AttentionPattern.Sliding && c.Window == null)
                    throw new ModelDefinitionException("YamlMissingKey", "A sliding layer needs 'window' (the sliding-window size).", item.Location);
                if (kind == AttentionPattern.Chunked && chunk == null)
                    throw new ModelDefinitionException("YamlMissingKey", "A chunked layer needs 'attention_chunk_size'.", item.Location);
                pattern.Add((kind, kind == AttentionPattern.Sliding ? c.Window : kind == AttentionPattern.Chunked ? chunk : null));
            }
            if (pattern.Count > c.Layers || (pattern.Count > 0 && c.Layers % pattern.Count != 0 && pattern.Count != c.Layers))
                throw new ModelDefinitionException("InvalidShape",
                    $"'layer_types' lists {pattern.Count} entries: give one per layer ({c.Layers}) or a pattern whose length divides it.", f.Node("layer_types").Location);
            System.Func<long, (AttentionPattern, long?)> attention = pattern.Count == 0
                ? (c.Window.HasValue ? (System.Func<long, (AttentionPattern, long?)>)(_ => (AttentionPattern.Sliding, c.Window)) : null)
                : i => pattern[(int)(i % pattern.Count)];
            try
            {
                var groups = LayerPatternReader.Finish(f, c, BlockGroups.Build(c.Layers, attention, c.MoE, mixer), noFeedForward);
                if (c.MoE != null && groups.Any(g => !g.MoE) && !f.Has("ffn_dim"))
                    throw Invalid(f, "moe", "Layers without experts (first_dense_layers, every, dense_layers) need 'ffn_dim', their dense FFN width.");
                return c with { Groups = groups, Window = null };
            }
            catch (FlopsArgumentException e)
            {
                throw new ModelDefinitionException("InvalidShape", e.Message, (f.Node("layer_types") ?? f.Node("layers")).Location);
            }
        }

        private static void Positive(Fields f, string key, long? value, bool allowZero = false)
        {
            if (!value.HasValue) return;
            if (value.Value < 0 || (!allowZero && value.Value == 0))
                throw Invalid(f, key, $"'{key}' must be a {(allowZero ? "non-negative" : "positive")} integer; got {value}.");
            if (value.Value > Require.MaxDimension)
                throw Invalid(f, key, $"'{key}' must be at most 2^53; got {value}.");
        }

        internal static TransformerBias ReadBias(Fields f)
        {
            var node = f.Node("bias");
            if (node == null) return TransformerBias.None;
            if (node is YScalar) return Fields.ToBool(node, $"'bias' in {f.Context}") ? TransformerBias.AllButHead : TransformerBias.None;
            if (!(node is YSequence list))
                throw Fields.WrongType(node, $"'bias' in {f.Context}", $"true, false, or a list of {string.Join(", ", BiasNames)}");
            var names = new HashSet<string>();
            foreach (var item in list.Items)
            {
                string name = Fields.ToText(item, "an entry of 'bias'");
                if (System.Array.IndexOf(BiasNames, name) < 0)
                    throw new ModelDefinitionException("YamlInvalidValue",
                        $"'{name}' is not a layer that can have a bias; use {string.Join(", ", BiasNames)}.", item.Location);
                names.Add(name);
            }
            return new TransformerBias(names.Contains("q"), names.Contains("k"), names.Contains("v"), names.Contains("o"),
                names.Contains("ffn"), names.Contains("lm_head"));
        }

        /// <summary>Shape rules, reported at the offending key.</summary>
        internal static void Check(TransformerConfig c, Fields f)
        {
            void Positive(long? value, string key)
            {
                if (value.HasValue && value.Value <= 0)
                    throw Invalid(f, key, $"'{key}' must be a positive integer; got {value}.");
                if (value.HasValue && value.Value > Require.MaxDimension)
                    throw Invalid(f, key, $"'{key}' must be at most 2^53; got {value}.");
            }
            // A stack of state-space layers alone has no heads and no FFN (ssm, ffn: none): 0 then unless the file says 0.
            Positive(c.Layers, "layers"); Positive(c.ModelDim, "model_dim"); Positive(c.Heads == 0 ? f.Long("heads") : c.Heads, "heads");
            Positive(c.KvHeads, "kv_heads"); Positive(c.HeadDim, "head_dim"); Positive(c.FfnDim == 0 ? f.Long("ffn_dim") : c.FfnDim, "ffn_dim");
            Positive(c.VocabSize, "vocab_size"); Positive(c.MaxSequenceLength, "max_sequence_length");
            Positive(c.Window, "window"); Positive(f.Long("sequence_length"), "sequence_length");
            if (c.Heads > 0 && c.HeadDim == null && c.ModelDim % c.Heads != 0)
                throw Invalid(f, "heads", $"heads ({c.Heads}) must divide model_dim ({c.ModelDim}) when no head_dim is given.");
            if (c.Heads > 0 && c.KvHeads.HasValue && (c.KvHeads > c.Heads || c.Heads % c.KvHeads.Value != 0))
                throw Invalid(f, "kv_heads", $"kv_heads ({c.KvHeads}) must divide heads ({c.Heads}).");
            if (c.MoE != null)
            {
                if (c.MoE.Experts <= 0 || c.MoE.TopK <= 0 || c.MoE.TopK > c.MoE.Experts || c.MoE.SharedExperts < 0 || c.MoE.ExpertFfnDim <= 0)
                    throw Invalid(f, "moe", $"moe needs experts >= top_k >= 1, shared_experts >= 0 and expert_ffn_dim >= 1.");
            }
            if (c.Positions == PositionKind.Learned && c.MaxSequenceLength == null)
                throw Invalid(f, "positions", "Learned positions need max_sequence_length (the size of the position table).");
        }

        private static ModelDefinitionException Invalid(Fields f, string key, string message) =>
            new ModelDefinitionException("InvalidShape", message, (f.Node(key) ?? f.Map).Location);
    }
}
