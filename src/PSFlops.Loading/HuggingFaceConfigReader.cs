using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Maps a Hugging Face config.json onto the transformer form. Field names follow the transformers
    /// library's configuration classes (LlamaConfig, MistralConfig, MixtralConfig, Qwen2Config,
    /// GPT2Config, BertConfig); fields that do not change the cost (dropout, eps, rope scaling) are ignored.
    /// </summary>
    internal static class HuggingFaceConfigReader
    {
        public static readonly string[] SupportedModelTypes = { "llama", "mistral", "mixtral", "qwen2", "gpt2", "bert" };

        public static ModelDefinition Read(YNode root, string path)
        {
            var map = root as YMapping ?? throw Fields.WrongType(root, "config.json", "a JSON object");
            var f = new Fields(map, "config.json", map.Entries.Select(e => e.Key.Value).ToList());
            string type = f.String("model_type")
                ?? throw new ModelDefinitionException("UnsupportedModelType",
                    $"config.json has no 'model_type'; supported: {string.Join(", ", SupportedModelTypes)}.", map.Location);

            TransformerConfig config;
            long sequence;
            switch (type)
            {
                case "llama":
                case "mistral":
                case "mixtral":
                case "qwen2":
                    (config, sequence) = Decoder(f, type);
                    break;
                case "gpt2":
                    config = new TransformerConfig
                    {
                        Layers = f.RequiredLong("n_layer"), ModelDim = f.RequiredLong("n_embd"), Heads = f.RequiredLong("n_head"),
                        FfnDim = f.Long("n_inner") ?? 4 * f.RequiredLong("n_embd"), Ffn = FfnKind.Mlp, Activation = ActivationKind.GELU,
                        Norm = NormKind.LayerNorm, Bias = TransformerBias.AllButHead, VocabSize = f.RequiredLong("vocab_size"),
                        TiedEmbeddings = f.Bool("tie_word_embeddings") ?? true, Positions = PositionKind.Learned,
                        MaxSequenceLength = f.RequiredLong("n_positions"), Causal = true,
                    };
                    sequence = config.MaxSequenceLength.Value;
                    break;
                case "bert":
                    config = new TransformerConfig
                    {
                        Layers = f.RequiredLong("num_hidden_layers"), ModelDim = f.RequiredLong("hidden_size"),
                        Heads = f.RequiredLong("num_attention_heads"), FfnDim = f.RequiredLong("intermediate_size"),
                        Ffn = FfnKind.Mlp, Activation = Activation(f, "hidden_act", ActivationKind.GELU), Norm = NormKind.LayerNorm,
                        Bias = TransformerBias.AllButHead, VocabSize = f.RequiredLong("vocab_size"), Positions = PositionKind.Learned,
                        MaxSequenceLength = f.RequiredLong("max_position_embeddings"), Causal = false,
                        TypeVocabSize = f.Long("type_vocab_size") ?? 2, EmbeddingNorm = true, FinalNorm = false, Pooler = true, LMHead = false,
                    };
                    sequence = config.MaxSequenceLength.Value;
                    break;
                default:
                    throw new ModelDefinitionException("UnsupportedModelType",
                        $"model_type '{type}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}.",
                        f.Node("model_type").Location);
            }
            string name = f.String("_name_or_path") ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? type;
            return new ModelDefinition
            {
                Name = name, Source = path + " (Hugging Face config.json)", Path = path, Form = "huggingface",
                Transformer = config, DefaultSequenceLength = sequence,
            };
        }

        private static (TransformerConfig, long) Decoder(Fields f, string type)
        {
            long heads = f.RequiredLong("num_attention_heads");
            long ffn = f.RequiredLong("intermediate_size");
            MoEConfig moe = type == "mixtral"
                ? new MoEConfig(f.RequiredLong("num_local_experts"), f.RequiredLong("num_experts_per_tok"), 0, ffn)
                : null;
            bool attentionBias = f.Bool("attention_bias") ?? false;
            bool mlpBias = f.Bool("mlp_bias") ?? false;
            var bias = type == "qwen2"
                ? new TransformerBias(true, true, true, false, false, false)          // Qwen2: q, k, v projections only
                : new TransformerBias(attentionBias, attentionBias, attentionBias, attentionBias, mlpBias, false);
            bool sliding = type == "mistral" || type == "mixtral" || (f.Bool("use_sliding_window") ?? false);
            var config = new TransformerConfig
            {
                Layers = f.RequiredLong("num_hidden_layers"), ModelDim = f.RequiredLong("hidden_size"), Heads = heads,
                KvHeads = f.Long("num_key_value_heads") ?? heads, HeadDim = f.Long("head_dim"), FfnDim = ffn,
                Ffn = FfnKind.SwiGlu, Activation = ActivationKind.SiLU, Norm = NormKind.RMSNorm, Bias = bias,
                VocabSize = f.RequiredLong("vocab_size"), TiedEmbeddings = f.Bool("tie_word_embeddings") ?? false,
                Positions = PositionKind.Rope, MaxSequenceLength = f.Long("max_position_embeddings"), Causal = true,
                Window = sliding ? f.Long("sliding_window") : null, MoE = moe,
            };
            return (config, System.Math.Min(config.MaxSequenceLength ?? 4096, 8192));
        }

        private static ActivationKind Activation(Fields f, string key, ActivationKind fallback)
        {
            string text = f.String(key);
            if (text == null) return fallback;
            if (text.StartsWith("gelu", System.StringComparison.Ordinal)) return ActivationKind.GELU;
            if (text == "silu" || text == "swish") return ActivationKind.SiLU;
            if (text == "relu") return ActivationKind.ReLU;
            throw new ModelDefinitionException("YamlInvalidValue", $"'{key}' '{text}' is not a supported activation (gelu, silu, relu).", f.Node(key).Location);
        }
    }
}
