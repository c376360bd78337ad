using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Llama4ForCausalLM, Llama 4's language model (model_type llama4_text; transformers models/llama4,
    /// modeling_llama4.py and configuration_llama4.py). Each layer: RMSNorm, attention (q, k, v, o, attention_bias on
    /// all four), RMSNorm, then either Llama4TextMoe or a dense gated MLP of intermediate_size_mlp.
    /// <list type="bullet">
    /// <item>Llama4TextMoe on the layers in moe_layers (when absent: every interleave_moe_layer_step-th, layer i when
    /// i mod step = step - 1): a bias-free router D -> num_local_experts, the experts as fused gate_up_proj [E, D, 2F]
    /// and down_proj [E, F, D] of intermediate_size F (E gated MLPs of F by count), one shared expert (a gated MLP of
    /// F), and the sigmoid of each token's num_experts_per_tok chosen logits scaling the expert's input.</item>
    /// <item>RoPE layers (no_rope_layers[i] = 1; when absent or empty, all but every no_rope_layer_interval-th) attend
    /// within chunks of attention_chunk_size and, with use_qk_norm, norm their queries and keys without a weight
    /// (Llama4TextL2Norm). NoPE layers attend to the whole context, without positions, and scale their queries by a
    /// per-position temperature (attn_temperature_tuning), not counted, as the rotation of the RoPE layers is not.
    /// layer_types, when written, sets each layer's attention instead.</item>
    /// </list>
    /// Fields the file leaves out take Llama4TextConfig's defaults (the Scout shape), as transformers does, so a
    /// llama4 text_config that writes only what differs reads the same as a full one.
    /// </summary>
    internal sealed class Llama4TextFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "llama4_text" };

        // Llama4TextConfig's defaults (configuration_llama4.py); head_dim and num_key_value_heads fall back to
        // hidden_size / num_attention_heads and num_attention_heads only when written as null.
        private static readonly Dictionary<string, long> Defaults = new Dictionary<string, long>
        {
            ["vocab_size"] = 202048, ["hidden_size"] = 5120, ["intermediate_size"] = 8192, ["intermediate_size_mlp"] = 16384,
            ["num_hidden_layers"] = 48, ["num_attention_heads"] = 40, ["num_key_value_heads"] = 8, ["head_dim"] = 128,
            ["max_position_embeddings"] = 131072, ["num_experts_per_tok"] = 1, ["num_local_experts"] = 16,
            ["interleave_moe_layer_step"] = 1, ["no_rope_layer_interval"] = 4, ["attention_chunk_size"] = 8192,
        };

        public TransformerConfig Read(Fields f)
        {
            bool Written(string key) => f.Map.Entries.Any(e => e.Key.Value == key);
            long Get(string key) => f.Long(key) ?? Defaults[key];

            long layers = Get("num_hidden_layers"), heads = Get("num_attention_heads");
            long kvHeads = f.Long("num_key_value_heads") ?? (Written("num_key_value_heads") ? heads : Defaults["num_key_value_heads"]);
            long? headDim = f.Long("head_dim") ?? (Written("head_dim") ? (long?)null : Defaults["head_dim"]);
            bool attentionBias = f.Bool("attention_bias") ?? false;
            long step = Get("interleave_moe_layer_step"), interval = Get("no_rope_layer_interval");
            DecoderFields.Refuse(f, "interleave_moe_layer_step", step <= 0, "must be a positive integer.");
            DecoderFields.Refuse(f, "no_rope_layer_interval", interval <= 0, "must be a positive integer.");
            DecoderFields.Refuse(f, "num_hidden_layers", layers <= 0 || layers > BlockGroups.MaxPatternLayers,
                $"must be a positive integer of at most {BlockGroups.MaxPatternLayers} (Llama 4's layers are read one by one).");

            var usesRope = RopeLayers(f, layers, interval);
            var moe = new MoEConfig(Get("num_local_experts"), Get("num_experts_per_tok"), 1, Get("intermediate_size"))
            {
                SigmoidRouter = true,
            };
            if (f.Has("moe_layers"))
            {
                var listed = new HashSet<long>(f.Longs("moe_layers"));
                DecoderFields.Refuse(f, "moe_layers", listed.Any(i => i < 0 || i >= layers), $"lists a layer outside 0..{layers - 1}.");
                moe = moe with { DenseLayers = Enumerable.Range(0, (int)layers).Select(i => (long)i).Where(i => !listed.Contains(i)).ToList() };
            }
            else moe = moe with { Every = step };

            long denseWidth = Get("intermediate_size_mlp");
            bool anyDense = Enumerable.Range(0, (int)layers).Any(i => !moe.IsMoELayer(i));
            DecoderFields.Refuse(f, "intermediate_size_mlp", anyDense && denseWidth <= 0, "must be a positive integer.");
            bool qkNorm = f.Bool("use_qk_norm") ?? true;

            var c = new TransformerConfig
            {
                Layers = layers, ModelDim = Get("hidden_size"), Heads = heads, KvHeads = kvHeads, HeadDim = headDim,
                FfnDim = denseWidth, Ffn = DecoderFields.GatedKind(f, "hidden_act"), Activation = ActivationKind.SiLU,
                Norm = NormKind.RMSNorm, Bias = new TransformerBias(attentionBias, attentionBias, attentionBias, attentionBias, false, false),
                VocabSize = Get("vocab_size"), TiedEmbeddings = f.Bool("tie_word_embeddings") ?? false,
                Positions = PositionKind.Rope, MaxSequenceLength = Get("max_position_embeddings"), Causal = true,
                MoE = moe, QkNorm = qkNorm ? QkNorm.Unweighted : QkNorm.None,
                // Llama4TextConfig: attention_dropout 0.0 on the probabilities; no dropout on the hidden states.
                AttentionDropout = DecoderFields.Dropout(f, 0.0, "attention_dropout"), HiddenDropout = false,
            };
            // configuration_llama4.py: layer_types defaults to chunked_attention on the RoPE layers, full_attention on the others.
            long? chunk = f.Long("attention_chunk_size");
            DecoderFields.Refuse(f, "attention_chunk_size", chunk <= 0, "must be a positive integer.");
            var chunkEntry = f.Map.Entries.FirstOrDefault(e => e.Key.Value == "attention_chunk_size");
            if (chunkEntry.Key != null && chunk == null && !f.Has("layer_types") && usesRope.Any(rope => rope))
                throw new ModelDefinitionException("UnsupportedConfigValue",
                    "'attention_chunk_size' is null, but the RoPE layers attend in chunks (chunked_attention) of that size.", chunkEntry.Value.Location);
            var attention = DecoderFields.LayerTypes(f, layers, i => usesRope[(int)i] ? AttentionPattern.Chunked : AttentionPattern.Full,
                window: null, chunkDefault: Defaults["attention_chunk_size"]);
            return DecoderFields.Grouped(f, c, attention, qkNorm: i => qkNorm && !usesRope[(int)i] ? QkNorm.None : (QkNorm?)null);
        }

        /// <summary>Whether each layer rotates its queries and keys: no_rope_layers (1 = RoPE, one entry per layer), or
        /// when it is absent or empty, every layer but each interval-th ((i + 1) mod interval = 0 is NoPE).</summary>
        private static bool[] RopeLayers(Fields f, long layers, long interval)
        {
            var listed = f.Items("no_rope_layers");
            if (listed.Count == 0)
                return Enumerable.Range(0, (int)layers).Select(i => (i + 1) % interval != 0).ToArray();
            DecoderFields.Refuse(f, "no_rope_layers", listed.Count != layers,
                $"lists {listed.Count} layers; num_hidden_layers is {layers}.");
            return listed.Select(node =>
            {
                long flag = Fields.ToLong(node, "an entry of 'no_rope_layers'");
                if (flag != 0 && flag != 1)
                    throw new ModelDefinitionException("UnsupportedConfigValue",
                        $"An entry of 'no_rope_layers' is {flag}; each is 1 (the layer uses RoPE) or 0 (it does not).", node.Location);
                return flag == 1;
            }).ToArray();
        }
    }
}
