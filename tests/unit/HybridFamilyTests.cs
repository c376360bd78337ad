using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Attention/SSM hybrids from their published config.json (tests/unit/configs, sources in SOURCES.md), counts derived
    /// by hand from transformers' modeling_jamba.py (JambaAttentionDecoderLayer and JambaMambaDecoderLayer: input_layernorm,
    /// mixer, pre_ff_layernorm, JambaMLP or JambaSparseMoeBlock; JambaMambaMixer as MambaMixer plus dt_layernorm(R),
    /// b_layernorm(N), c_layernorm(N)), reconciled with the model card.
    /// </summary>
    public class HybridFamilyTests
    {
        private static ModelDefinition Definition(string file) =>
            Repo.Config(file);

        // jamba, ai21labs/Jamba-v0.1: D 4096, L 32, H 32, K 8, d 128, F 14336, E 16, k 2, V 65536 untied; Mamba I 8192,
        // N 16, conv 4, R 256. Attention layers i mod 8 = 4 (4, 12, 20, 28), MoE layers i mod 2 = 1 (16 odd layers), so
        // the groups are attention + dense (4), Mamba + dense (12), Mamba + MoE (16).
        // Mamba mixer: in_proj 67,108,864, conv1d 40,960, x_proj 8192*288 = 2,359,296, dt_proj 2,105,344, A_log 131,072,
        // D 8,192, out_proj 33,554,432, dt/B/C norms 256 + 16 + 16 = 288: 105,308,448. Attention 41,943,040. MLP
        // 3*4096*14336 = 176,160,768. MoE: router 65,536 + 16 experts 2,818,572,288 = 2,818,637,824 (active: router + 2
        // experts = 352,387,072). Two norms 8,192 per layer.
        // 4*(41,943,040 + 176,160,768 + 8,192) = 872,448,000; 12*(105,308,448 + 176,160,768 + 8,192) = 3,377,728,896;
        // 16*(105,308,448 + 2,818,637,824 + 8,192) = 46,783,271,424; embedding + lm_head 2*65536*4096 = 536,870,912; norm
        // 4,096. Total 51,570,323,328 (model card: 51.6B; safetensors BF16 51.57B). Active: 16*(105,308,448 + 352,387,072
        // + 8,192) = 7,323,259,392 in place of the MoE layers' total: 12,110,311,296 (card: 12B active).
        [Fact]
        public void A_refused_default_is_located_at_the_config_not_a_null_reference()
        {
            // attn_layer_period 2 with attn_layer_offset left out: JambaConfig's default offset 4 is not below the period.
            // The key is not in the file, so the error points at the config's object (line 1, column 1), as an error.
            string path = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N") + ".json");
            string text = File.ReadAllText(Repo.ConfigPath("jamba-v0.1.json"))
                .Replace("\"attn_layer_offset\": 4,", "").Replace("\"attn_layer_period\": 8,", "\"attn_layer_period\": 2,");
            File.WriteAllText(path, text);
            try
            {
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(path));
                Assert.Equal("UnsupportedConfigValue", e.ErrorId);
                Assert.Contains("attn_layer_offset", e.Message);
                Assert.Equal(1, e.Location.Line);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Jamba_parameters_and_active_parameters_match_transformers()
        {
            var cost = ModelCalculator.Cost(Definition("jamba-v0.1.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(51_570_323_328d, cost.Total.Parameters);
            Assert.Equal(12_110_311_296d, cost.Total.ActiveParameters);
        }

        [Fact]
        // Even layers but 4, 12, 20, 28 are Mamba + dense: not one stride, so named by their first four runs.
        public void Jamba_groups_follow_its_attention_and_expert_periods()
        {
            var groups = Definition("jamba-v0.1.json").Transformer.Groups;
            Assert.Equal(new[] { ("layers 0,2,6,8,... ssm dense", 12L), ("layers 1-31 every 2 ssm moe", 16L), ("layers 4-28 every 8 attention dense", 4L) }
                .OrderBy(g => g.Item1, System.StringComparer.Ordinal),
                groups.Select(g => (g.Name, g.Count)).OrderBy(g => g.Item1, System.StringComparer.Ordinal));
        }

        [Fact]
        public void A_hybrid_caches_keys_only_for_its_attention_layers_and_state_only_for_its_SSM_layers()
        {
            var c = Definition("jamba-v0.1.json").Transformer;
            foreach (long context in new[] { 1024L, 1L << 20 })
            {
                var rows = TransformerExpander.Expand(c, 1, 1, kvLength: context);
                // KV: 4 attention layers x 2 x 8 heads x 128 x context; a dense model of 32 such layers would cache 8x that.
                Assert.Equal(4 * 2d * 8 * 128 * context, ModelRows.KvCacheValues(rows, context));
                // State: 28 Mamba layers x (conv 8192*4 + SSM 8192*16 = 163,840) = 4,587,520, the same at every context.
                Assert.Equal(4_587_520d, ModelRows.StateValues(rows));
                // What the planners size: both, at 1 byte per value for one sequence.
                Assert.Equal(4 * 2d * 8 * 128 * context + 4_587_520d, PSFlops.Engine.Planning.KvCache.Bytes(c, context, 1, 1));
            }
        }
    
        /// <summary>
        /// falcon_h1 on a small config with every field written (the published Falcon-H1-0.5B config is checked below):
        /// D 32, L 2, H 4, K 2, d 8, F 32, V 100 untied; mixer
        /// d_ssm 16 in 2 heads of 8, 1 group, state 8, conv 4, mamba_rms_norm. Per layer: attention q 32*32 = 1,024, k and
        /// v 32*16 = 512 each, o 1,024 (3,072); mixer conv_dim 16 + 2*8 = 32, in_proj 32*(16 + 32 + 2) = 1,600, conv1d
        /// 32*4 + 32 = 160, dt_bias, A_log, D 6, gated norm 16, out_proj 16*32 = 512 (2,294); MLP 3*32*32 = 3,072; two
        /// norms 64: 8,502; x2 = 17,004; embedding and lm_head 3,200 each, final norm 32. Total 23,436.
        /// </summary>
        [Fact]
        public void Falcon_h1_parallel_block_counts_attention_and_mamba2_side_by_side()
        {
            var model = LoadJson("{\"model_type\": \"falcon_h1\", \"hidden_size\": 32, \"intermediate_size\": 32, \"num_hidden_layers\": 2, " +
                "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"head_dim\": 8, \"vocab_size\": 100, \"mamba_d_ssm\": 16, " +
                "\"mamba_n_heads\": 2, \"mamba_d_head\": \"auto\", \"mamba_n_groups\": 1, \"mamba_d_state\": 8, \"mamba_d_conv\": 4, " +
                "\"mamba_chunk_size\": 64, \"mamba_rms_norm\": true, \"tie_word_embeddings\": false}");
            Assert.Equal(23_436d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            // Both caches in every layer: keys 2 layers x 2 x 2 heads x 8 x n; state 2 x (32*4 + 2*8*8) = 512.
            var rows = TransformerExpander.Expand(model.Transformer, 1, 1, kvLength: 4096);
            Assert.Equal(2 * 2d * 2 * 8 * 4096, ModelRows.KvCacheValues(rows, 4096));
            Assert.Equal(512d, ModelRows.StateValues(rows));
        }
    

        // falcon_h1, tiiuae/Falcon-H1-0.5B-Instruct (falcon-h1-0.5b-instruct.json; the -Base checkpoint has the same
        // shapes), counted tensor by tensor from modeling_falcon_h1.py: D 1024, L 36, attention H 8, K 2, head_dim 64
        // (written: not D / H = 128), F 2048, V 32784 untied; mixer mamba_d_ssm I 1536 = 24 heads x 64, G 1, N 128,
        // conv 4, conv bias, no in_proj bias (mamba_proj_bias), no out_proj bias (projectors_bias), no gated norm
        // (mamba_rms_norm false). Per layer:
        //   attention (LlamaAttention, attention_bias false): q 1024*512 = 524,288; k, v 1024*128 = 131,072 each;
        //     o 512*1024 = 524,288: 1,310,720.
        //   mixer (FalconH1Mixer): conv_dim I + 2GN = 1536 + 256 = 1,792; in_proj 1024*(I + conv_dim + H) = 1024*3,352 =
        //     3,432,448; conv1d 1792*4 + 1792 = 8,960; dt_bias, A_log, D 3*24 = 72; out_proj 1536*1024 = 1,572,864:
        //     5,014,344. The mup_vector is a non-persistent buffer, the multipliers floats: no parameters.
        //   MLP (gate, up, down, mlp_bias false): 3*1024*2048 = 6,291,456. input_layernorm, pre_ff_layernorm: 2,048.
        //   Layer: 12,618,568; x36 = 454,268,448.
        // embed_tokens and lm_head 32784*1024 = 33,570,816 each (67,141,632); final_layernorm 1,024.
        // Total 521,411,104: the published count (the model card's "0.5B"; 521M on model-size tables; a model survey's
        // measured 521,411,104 parameters of tiiuae/Falcon-H1-0.5B-Base, all bfloat16), to the parameter.
        [Fact]
        public void Falcon_h1_0_5b_parameters_match_the_published_count()
        {
            var cost = ModelCalculator.Cost(Definition("falcon-h1-0.5b-instruct.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(521_411_104d, cost.Total.Parameters);
            Assert.Equal(521_411_104d, cost.Total.ActiveParameters);
        }

        [Fact]
        public void Falcon_h1_0_5b_caches_keys_and_state_in_all_36_layers()
        {
            var c = Definition("falcon-h1-0.5b-instruct.json").Transformer;
            foreach (long context in new[] { 1024L, 1L << 20 })
            {
                var rows = TransformerExpander.Expand(c, 1, 1, kvLength: context);
                // Keys and values: 36 layers x 2 x 2 KV heads x 64 x context.
                Assert.Equal(36 * 2d * 2 * 64 * context, ModelRows.KvCacheValues(rows, context));
                // State per layer: conv window conv_dim x K = 1792*4 = 7,168 and H P N = 24*64*128 = 196,608: 203,776;
                // x36 = 7,335,936, the same at every context (FalconHybridMambaAttentionDynamicCache's conv_states and
                // ssm_states shapes).
                Assert.Equal(7_335_936d, ModelRows.StateValues(rows));
            }
        }

        /// <summary>
        /// Omitted Falcon-H1 fields take FalconH1Config's defaults (configuration_falcon_h1.py), not Mamba-2's: an
        /// absent mamba_d_ssm is 1024 (a written null is mamba_expand x hidden_size), mamba_n_heads 128, mamba_d_head
        /// "auto" = 1024 / 128 = 8, mamba_n_groups 1, mamba_d_state 256, mamba_d_conv 4, conv bias on, no projection
        /// biases, no gated norm; num_key_value_heads 8. Config: D 64, L 1, H 8, head_dim 8, F 32, V 10 untied.
        /// Attention: q, k, v, o 64*64 = 4,096 each (16,384). Mixer: conv_dim 1024 + 2*256 = 1,536; in_proj
        /// 64*(1024 + 1536 + 128) = 172,032; conv1d 1536*4 + 1536 = 7,680; dt_bias, A_log, D 3*128 = 384; out_proj
        /// 1024*64 = 65,536 (245,632). MLP 3*64*32 = 6,144; two norms 128. Layer 268,288; embedding and lm_head
        /// 2*10*64 = 1,280; final norm 64. Total 269,632.
        /// With "mamba_d_ssm": null and mamba_n_heads 16: I = 2 x 64 = 128, d_head 8; conv_dim 128 + 512 = 640; in_proj
        /// 64*(128 + 640 + 16) = 50,176; conv1d 640*5 = 3,200; 3*16 = 48; out_proj 128*64 = 8,192 (61,616). Layer
        /// 16,384 + 61,616 + 6,144 + 128 = 84,272; total 84,272 + 1,280 + 64 = 85,616.
        /// </summary>
        [Fact]
        public void Falcon_h1_omitted_fields_take_FalconH1Configs_defaults()
        {
            const string Fields = "\"model_type\": \"falcon_h1\", \"hidden_size\": 64, \"num_hidden_layers\": 1, \"num_attention_heads\": 8, " +
                "\"head_dim\": 8, \"intermediate_size\": 32, \"vocab_size\": 10";
            var defaults = LoadJson("{" + Fields + "}");
            Assert.Equal(269_632d, ModelCalculator.Cost(defaults, 1, 1, CountingOptions.Default).Total.Parameters);
            Assert.Equal(8, defaults.Transformer.KvHeads);
            var expanded = LoadJson("{" + Fields + ", \"mamba_d_ssm\": null, \"mamba_n_heads\": 16}");
            Assert.Equal(85_616d, ModelCalculator.Cost(expanded, 1, 1, CountingOptions.Default).Total.Parameters);
        }

        [Fact]
        public void A_falcon_h1_config_whose_heads_do_not_tile_mamba_d_ssm_is_an_error_at_the_heads()
        {
            // The 0.5B fields without mamba_d_ssm (as one public trimmed copy quotes them): FalconH1Config would read
            // d_ssm 1024, which 24 heads of 64 do not tile, and refuse it; so does PSFlops, rather than count a model
            // that does not exist.
            string json = File.ReadAllText(Repo.ConfigPath("falcon-h1-0.5b-instruct.json")).Replace("  \"mamba_d_ssm\": 1536,\n", "");
            Assert.DoesNotContain("mamba_d_ssm", json);
            var e = Assert.Throws<ModelDefinitionException>(() => LoadJson(json));
            Assert.Equal("InvalidShape", e.ErrorId);
            Assert.Contains("1024", e.Reason);
            Assert.Equal(json.Split('\n').ToList().FindIndex(l => l.Contains("\"mamba_n_heads\"")) + 1, e.Location.Line);
        }

        /// <summary>Loads a config.json written to a fresh temporary folder.</summary>
        internal static ModelDefinition LoadJson(string json)
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string file = Path.Combine(dir, "config.json");
                File.WriteAllText(file, json);
                return ModelFileLoader.Load(file);
            }
            finally { Directory.Delete(dir, true); }
        }
    
        // qwen3_next, Qwen/Qwen3-Next-80B-A3B-Instruct (modeling_qwen3_next.py): D 2048, L 48, full attention on layers
        // (i + 1) mod 4 = 0 (12), Gated DeltaNet on the other 36; MoE on every layer: E 512 of 512, k 10, one gated shared
        // expert of 512; V 151936 untied.
        // DeltaNet: key dim 16*128 = 2048, value dim 32*128 = 4096; in_proj_qkvz 2048*(4096 + 8192) = 25,165,824,
        // in_proj_ba 2048*64 = 131,072, conv1d (4096 + 4096)*4 = 32,768, dt_bias + A_log 64, norm 128, out_proj
        // 4096*2048 = 8,388,608: 33,718,464. Gated attention: q_proj 2048*(16*256*2) = 16,777,216, k, v 2048*512 =
        // 1,048,576 each, o 4096*2048 = 8,388,608, q/k norms 512: 27,263,488. MoE: router 512*2048 = 1,048,576, experts
        // 512*3*2048*512 = 1,610,612,736, shared 3,145,728, shared gate 2,048: 1,614,809,088 (active: router + 10 experts
        // 31,457,280 + shared + gate = 35,653,632). Two norms 4,096 per layer.
        // 36*(33,718,464 + 1,614,809,088 + 4,096) = 59,347,139,328; 12*(27,263,488 + 1,614,809,088 + 4,096) =
        // 19,704,920,064; embedding + lm_head 2*151936*2048 = 622,329,856; norm 2,048. Total 79,674,391,296. Card: 80B
        // total; the checkpoint's 81.3B adds the MTP module transformers does not build (fc 2D -> D 8,388,608, two norms
        // 4,096, one full-attention MoE layer 1,642,076,672, a norm 2,048: 1,650,471,424; sum 81,324,862,720).
        // Active: 36*69,376,192 + 12*62,921,216 + 622,331,904 = 3,874,929,408 (card: 3B activated, i.e. 3.25B without
        // the embedding and head).
        [Fact]
        public void Qwen3_next_parameters_and_active_parameters_match_transformers()
        {
            var cost = ModelCalculator.Cost(Definition("qwen3-next-80b-a3b-instruct.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(79_674_391_296d, cost.Total.Parameters);
            Assert.Equal(3_874_929_408d, cost.Total.ActiveParameters);
        }

        [Fact]
        public void Qwen3_next_caches_keys_in_its_12_attention_layers_and_state_in_its_36_linear_ones()
        {
            var c = Definition("qwen3-next-80b-a3b-instruct.json").Transformer;
            foreach (long context in new[] { 4096L, 1L << 18 })
            {
                var rows = TransformerExpander.Expand(c, 1, 1, kvLength: context);
                Assert.Equal(12 * 2d * 2 * 256 * context, ModelRows.KvCacheValues(rows, context));
                // Per DeltaNet layer: conv 8192*4 = 32,768 and recurrent state 32*128*128 = 524,288: 557,056; x36 = 20,054,016.
                Assert.Equal(20_054_016d, ModelRows.StateValues(rows));
            }
        }
    }
}
