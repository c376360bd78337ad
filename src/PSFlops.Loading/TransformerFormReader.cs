using System.Collections.Generic;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>Reads the `transformer:` mapping of a model file (model-schema.md).</summary>
    internal static class TransformerFormReader
    {
        public static readonly string[] Keys =
        {
            "layers", "model_dim", "heads", "kv_heads", "head_dim", "ffn_dim", "ffn", "activation", "norm", "bias",
            "vocab_size", "tied_embeddings", "positions", "max_sequence_length", "sequence_length", "causal", "window",
            "parallel_block", "moe", "type_vocab_size", "embedding_norm", "final_norm", "pooler", "lm_head",
        };

        private static readonly string[] MoEKeys = { "experts", "top_k", "shared_experts", "expert_ffn_dim" };
        private static readonly string[] BiasNames = { "q", "k", "v", "o", "ffn", "lm_head" };

        private static readonly Dictionary<string, PositionKind> PositionKinds = new Dictionary<string, PositionKind>
        { ["rope"] = PositionKind.Rope, ["learned"] = PositionKind.Learned, ["none"] = PositionKind.None };

        public static (TransformerConfig Config, long SequenceLength) Read(YNode node)
        {
            var f = new Fields(node, "transformer", Keys);
            MoEConfig moe = null;
            if (f.Has("moe"))
            {
                var m = new Fields(f.Node("moe"), "moe", MoEKeys);
                moe = new MoEConfig(m.RequiredLong("experts"), m.RequiredLong("top_k"), m.Long("shared_experts") ?? 0,
                    m.Long("expert_ffn_dim") ?? f.RequiredLong("ffn_dim"));
            }
            var config = new TransformerConfig
            {
                Layers = f.RequiredLong("layers"),
                ModelDim = f.RequiredLong("model_dim"),
                Heads = f.RequiredLong("heads"),
                KvHeads = f.Long("kv_heads"),
                HeadDim = f.Long("head_dim"),
                FfnDim = moe == null ? f.RequiredLong("ffn_dim") : f.Long("ffn_dim") ?? moe.ExpertFfnDim,
                Ffn = f.Enum("ffn", Names.Ffn) ?? FfnKind.Mlp,
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
            };
            long sequence = f.Long("sequence_length") ?? config.MaxSequenceLength ?? 2048;
            Check(config, f);
            return (config, sequence);
        }

        private static TransformerBias ReadBias(Fields f)
        {
            var node = f.Node("bias");
            if (node == null) return TransformerBias.None;
            if (node is YScalar) return Fields.ToBool(node, "'bias' in transformer") ? TransformerBias.AllButHead : TransformerBias.None;
            if (!(node is YSequence list))
                throw Fields.WrongType(node, "'bias' in transformer", $"true, false, or a list of {string.Join(", ", BiasNames)}");
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
        private static void Check(TransformerConfig c, Fields f)
        {
            void Positive(long? value, string key)
            {
                if (value.HasValue && value.Value <= 0)
                    throw Invalid(f, key, $"'{key}' must be a positive integer; got {value}.");
                if (value.HasValue && value.Value > Require.MaxDimension)
                    throw Invalid(f, key, $"'{key}' must be at most 2^53; got {value}.");
            }
            Positive(c.Layers, "layers"); Positive(c.ModelDim, "model_dim"); Positive(c.Heads, "heads");
            Positive(c.KvHeads, "kv_heads"); Positive(c.HeadDim, "head_dim"); Positive(c.FfnDim, "ffn_dim");
            Positive(c.VocabSize, "vocab_size"); Positive(c.MaxSequenceLength, "max_sequence_length");
            Positive(c.Window, "window"); Positive(f.Long("sequence_length"), "sequence_length");
            if (c.HeadDim == null && c.ModelDim % c.Heads != 0)
                throw Invalid(f, "heads", $"heads ({c.Heads}) must divide model_dim ({c.ModelDim}) when no head_dim is given.");
            if (c.KvHeads.HasValue && (c.KvHeads > c.Heads || c.Heads % c.KvHeads.Value != 0))
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
