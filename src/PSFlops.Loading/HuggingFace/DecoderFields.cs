using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>Reads shared by the Llama-style decoder families (field names of LlamaConfig and its descendants).</summary>
    internal static class DecoderFields
    {
        /// <summary>
        /// The Llama block: RMSNorm, a gated FFN whose activation hidden_act names, rotary positions, untied head
        /// unless tie_word_embeddings; attention_bias on q, k, v, o and mlp_bias on the FFN.
        /// </summary>
        public static TransformerConfig Llama(Fields f, bool tiedByDefault = false, string activationKey = "hidden_act")
        {
            long heads = f.RequiredLong("num_attention_heads");
            bool attentionBias = f.Bool("attention_bias") ?? false;
            bool mlpBias = f.Bool("mlp_bias") ?? false;
            return new TransformerConfig
            {
                Layers = f.RequiredLong("num_hidden_layers"), ModelDim = f.RequiredLong("hidden_size"), Heads = heads,
                KvHeads = f.Long("num_key_value_heads") ?? heads, HeadDim = f.Long("head_dim"), FfnDim = f.Long("intermediate_size") ?? 0,
                Ffn = GatedKind(f, activationKey), Activation = ActivationKind.SiLU, Norm = NormKind.RMSNorm,
                Bias = new TransformerBias(attentionBias, attentionBias, attentionBias, attentionBias, mlpBias, false),
                VocabSize = f.RequiredLong("vocab_size"), TiedEmbeddings = f.Bool("tie_word_embeddings") ?? tiedByDefault,
                Positions = PositionKind.Rope, MaxSequenceLength = f.Long("max_position_embeddings"), Causal = true,
                // LlamaAttention drops out the attention probabilities at attention_dropout (LlamaConfig default 0.0);
                // LlamaDecoderLayer has no dropout on the hidden states at all.
                AttentionDropout = Dropout(f, 0.0, "attention_dropout"), HiddenDropout = false,
            };
        }

        /// <summary>
        /// Whether training drops out where these rate fields apply: true when any is above 0, a field absent counting at
        /// <paramref name="defaultRate"/>, the family's transformers default (configuration_&lt;family&gt;.py). A rate
        /// outside [0, 1) is refused at its value.
        /// </summary>
        public static bool Dropout(Fields f, double defaultRate, params string[] keys)
        {
            bool any = false;
            foreach (var key in keys)
            {
                double rate = f.Double(key) ?? defaultRate;
                Refuse(f, key, !(rate >= 0 && rate < 1), "must be a dropout rate from 0 to below 1.");
                any |= rate > 0;
            }
            return any;
        }

        /// <summary>A gated FFN's kind from its activation: silu/swish gate SwiGLU, the gelu variants GeGLU.</summary>
        public static FfnKind GatedKind(Fields f, string key, string fallback = "silu")
        {
            string act = f.String(key) ?? fallback;
            if (act == "silu" || act == "swish") return FfnKind.SwiGlu;
            if (act.StartsWith("gelu", System.StringComparison.Ordinal)) return FfnKind.GeGlu;
            throw new ModelDefinitionException("UnsupportedConfigValue",
                $"'{key}' '{act}' is not an activation PSFlops can count (silu, swish, gelu variants).", WhereOf(f, key));
        }

        /// <summary>Activation of a plain (ungated) FFN.</summary>
        public static ActivationKind PlainActivation(Fields f, string key, string fallback)
        {
            string act = f.String(key) ?? fallback;
            if (act.StartsWith("gelu", System.StringComparison.Ordinal)) return ActivationKind.GELU;
            if (act == "silu" || act == "swish") return ActivationKind.SiLU;
            if (act == "relu") return ActivationKind.ReLU;
            throw new ModelDefinitionException("UnsupportedConfigValue",
                $"'{key}' '{act}' is not an activation PSFlops can count (gelu variants, silu, relu).", WhereOf(f, key));
        }

        /// <summary>
        /// Per-layer attention from layer_types (full_attention, sliding_attention, chunked_attention, one per layer),
        /// or, when a config has none, <paramref name="fallback"/>(layer) (the family's default pattern; null: every
        /// layer alike). sliding_window and attention_chunk_size give the spans; <paramref name="chunkDefault"/> is the
        /// family's chunk when the file leaves attention_chunk_size out (an explicit null stays none).
        /// </summary>
        public static System.Func<long, (AttentionPattern, long?)> LayerTypes(Fields f, long layers,
            System.Func<long, AttentionPattern> fallback, long? window, long? chunkDefault = null)
        {
            bool chunkWritten = f.Map.Entries.Any(e => e.Key.Value == "attention_chunk_size");
            long? chunk = chunkWritten ? f.Long("attention_chunk_size") : chunkDefault;
            (AttentionPattern, long?) Of(AttentionPattern p, YNode at)
            {
                if (p == AttentionPattern.Sliding && window == null)
                    throw new ModelDefinitionException("UnsupportedConfigValue", "A sliding_attention layer needs 'sliding_window'.", at.Location);
                if (p == AttentionPattern.Chunked && chunk == null)
                    throw new ModelDefinitionException("UnsupportedConfigValue", "A chunked_attention layer needs 'attention_chunk_size'.", at.Location);
                return (p, p == AttentionPattern.Sliding ? window : p == AttentionPattern.Chunked ? chunk : null);
            }
            var items = f.Items("layer_types");
            if (items.Count == 0)
                return fallback == null ? null : i => Of(fallback(i), f.Node("sliding_window") ?? f.Map);
            if (items.Count != layers)
                throw new ModelDefinitionException("UnsupportedConfigValue",
                    $"'layer_types' lists {items.Count} layers; num_hidden_layers is {layers}.", f.Node("layer_types").Location);
            var perLayer = new List<(AttentionPattern, long?)>();
            foreach (var item in items)
            {
                string text = Fields.ToText(item, "an entry of 'layer_types'");
                AttentionPattern p = text switch
                {
                    "full_attention" => AttentionPattern.Full,
                    "sliding_attention" => AttentionPattern.Sliding,
                    "chunked_attention" => AttentionPattern.Chunked,
                    _ => throw new ModelDefinitionException("UnsupportedConfigValue",
                        $"Layer type '{text}' is not one PSFlops can count (full_attention, sliding_attention, chunked_attention).", item.Location),
                };
                perLayer.Add(Of(p, item));
            }
            return i => perLayer[(int)i];
        }

        /// <summary>The groups of a decoder from its attention pattern and MoE layout.</summary>
        public static TransformerConfig Grouped(Fields f, TransformerConfig c, System.Func<long, (AttentionPattern, long?)> attention,
            System.Func<long, MixerKind> mixer = null, System.Func<long, QkNorm?> qkNorm = null)
        {
            try
            {
                var groups = BlockGroups.Build(c.Layers, attention, c.MoE, mixer, qkNorm);
                return c with { Groups = groups, Window = null };
            }
            catch (PSFlops.Engine.FlopsArgumentException e)
            {
                throw new ModelDefinitionException("UnsupportedConfigValue", e.Message, (f.Node("num_hidden_layers") ?? f.Map).Location);
            }
        }

        /// <summary>
        /// Where a refused value stands: its key, or the config's object when the value is the family's default for a key
        /// the file leaves out (a refusal of a default is still located, never a null reference).
        /// </summary>
        private static SourceLocation WhereOf(Fields f, string key) => f.Node(key)?.Location ?? f.Map.Location;

        /// <summary>Refuses a field whose value changes what is built in a way no PSFlops kind models.</summary>
        public static void Refuse(Fields f, string key, bool when, string why)
        {
            if (when) throw new ModelDefinitionException("UnsupportedConfigValue", $"'{key}': {why}", WhereOf(f, key));
        }
    }
}
