using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The transformer form's state-space and hybrid keys (ssm, layer_types ssm/parallel, attn_layer_period/offset,
    /// moe expert_layer_period/offset, ffn: none). Each YAML model is the same model as a published config.json: its
    /// parameters equal the hand-derived totals of StateSpaceFamilyTests and HybridFamilyTests, and its rows and costs
    /// equal the config.json reader's, at prefill and at decode. A small hybrid is counted by hand here.
    /// </summary>
    public class StateSpaceFormTests
    {
        private static ModelDefinition Yaml(string file) => ModelFileLoader.Load(System.IO.Path.Combine(Repo.Root, "tests", "unit", "yaml", file));

        private static ModelDefinitionException Fails(string yaml) =>
            Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(yaml, "test.yaml"));

        /// <summary>Both readers build the same rows with the same costs, at prefill (S 64, B 2) and at a decode step over 4096 keys, an encoder-decoder's encoder reading 96 positions.</summary>
        internal static void SameAsConfig(ModelDefinition yaml, ModelDefinition json)
        {
            var full = CountingOptions.Default;
            var a = ModelCalculator.Cost(yaml.WithEncoderLength(96), 64, 2, full);
            var b = ModelCalculator.Cost(json.WithEncoderLength(96), 64, 2, full);
            Assert.Equal(b.Rows.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost)), a.Rows.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost)));
            var decodeYaml = TransformerExpander.Expand(yaml.Transformer, 1, 2, kvLength: 4096, encoderLength: 96);
            var decodeJson = TransformerExpander.Expand(json.Transformer, 1, 2, kvLength: 4096, encoderLength: 96);
            Assert.Equal(decodeJson.Select(r => (r.Block, r.Name, r.Count, r.Spec.Cost(full))), decodeYaml.Select(r => (r.Block, r.Name, r.Count, r.Spec.Cost(full))));
            Assert.Equal(ModelRows.KvCacheValues(decodeJson, 4096), ModelRows.KvCacheValues(decodeYaml, 4096));
            Assert.Equal(ModelRows.StateValues(decodeJson), ModelRows.StateValues(decodeYaml));
        }

        [Fact]
        public void Built_in_mamba_130m_is_mamba_130m_hf_config()
        {
            // 129,135,360: 24 x 3,771,648 + 38,615,040 + 768 (StateSpaceFamilyTests; safetensors F32 total).
            var yaml = Repo.Model("mamba-130m");
            Assert.Equal(129_135_360d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            SameAsConfig(yaml, Repo.Config("mamba-130m-hf.json"));
        }

        [Fact]
        public void Mamba2_keys_read_mamba_codestral_as_its_config_does()
        {
            // 7,285,403,648: 64 x 109,640,064 + 2 x 134,217,728 + 4,096 (StateSpaceFamilyTests).
            var yaml = Yaml("mamba-codestral-7b.yaml");
            Assert.Equal(7_285_403_648d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            SameAsConfig(yaml, Repo.Config("mamba-codestral-7b-v0.1.json"));
        }

        [Fact]
        public void Jamba_periods_read_jamba_v0_1_as_its_config_does()
        {
            // 51,570,323,328 total, 12,110,311,296 active (HybridFamilyTests' derivation; model card 52B / 12B active).
            var yaml = Yaml("jamba-v0.1.yaml");
            var cost = ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default);
            Assert.Equal(51_570_323_328d, cost.Total.Parameters);
            Assert.Equal(12_110_311_296d, cost.Total.ActiveParameters);
            SameAsConfig(yaml, Repo.Config("jamba-v0.1.json"));
        }

        [Fact]
        public void Gated_deltanet_pattern_reads_qwen3_next_as_its_config_does()
        {
            // 79,674,391,296 total, 3,874,929,408 active (HybridFamilyTests' derivation).
            var yaml = Yaml("qwen3-next-80b-a3b.yaml");
            var cost = ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default);
            Assert.Equal(79_674_391_296d, cost.Total.Parameters);
            Assert.Equal(3_874_929_408d, cost.Total.ActiveParameters);
            SameAsConfig(yaml, Repo.Config("qwen3-next-80b-a3b-instruct.json"));
        }

        private const string SmallHybrid =
            "name: small-hybrid\n" +
            "transformer:\n" +
            "  layers: 4\n" +
            "  model_dim: 16\n" +
            "  heads: 2\n" +
            "  kv_heads: 1\n" +
            "  ffn_dim: 32\n" +
            "  ffn: swiglu\n" +
            "  norm: rmsnorm\n" +
            "  vocab_size: 50\n" +
            "  positions: none\n" +
            "  attn_layer_period: 2\n" +
            "  attn_layer_offset: 1\n" +
            "  ssm:\n" +
            "    kind: mamba\n" +
            "    intermediate_size: 32\n" +
            "    state_size: 4\n" +
            "    conv_kernel: 3\n" +
            "    time_step_rank: 2\n" +
            "  moe:\n" +
            "    experts: 4\n" +
            "    top_k: 1\n" +
            "    expert_layer_period: 4\n" +
            "    expert_layer_offset: 3\n";

        /// <summary>
        /// A Jamba-like hybrid by hand (MambaMixer and Jamba's block layout, modeling_jamba.py): D 16, 4 layers, attention on
        /// i mod 2 = 1 (layers 1, 3), Mamba on 0 and 2; MoE on i mod 4 = 3 (layer 3). Mamba mixer: in_proj 16*64 = 1,024,
        /// conv1d 32*3 + 32 = 128, x_proj 32*(2 + 2*4) = 320, dt_proj 2*32 + 32 = 96, A_log 32*4 = 128, D 32, out_proj
        /// 32*16 = 512: 2,240. Attention (2 heads of 8, 1 KV head): q 256, k 128, v 128, o 256: 768. SwiGLU 3*16*32 =
        /// 1,536. MoE: router 16*4 = 64 and 4 experts 6,144: 6,208 (active: router + 1 expert = 1,600). Two RMSNorms 32
        /// per layer. Layers 0, 2: 2 x 3,808; layer 1: 2,336; layer 3: 7,008; embedding and head 2 x 800; final norm 16.
        /// Total 18,576; active 7,616 + 2,336 + 2,400 + 1,616 = 13,968.
        /// </summary>
        [Fact]
        public void A_small_hybrid_counts_as_derived_by_hand()
        {
            var model = ModelFileLoader.Parse(SmallHybrid, "small-hybrid.yaml");
            var cost = ModelCalculator.Cost(model, 1, 1, CountingOptions.Default);
            Assert.Equal(18_576d, cost.Total.Parameters);
            Assert.Equal(13_968d, cost.Total.ActiveParameters);
            Assert.Equal(new[] { ("layers 0-2 every 2 ssm dense", 2L), ("layers 1 attention dense", 1L), ("layers 3 attention moe", 1L) },
                model.Transformer.Groups.Select(g => (g.Name, g.Count)));
            // Cache: keys and values of the 2 attention layers, 2 x 1 KV head x 8 per position; state of the 2 Mamba
            // layers, conv window 32*3 and SSM state 32*4 each: 448, at any context.
            foreach (long context in new[] { 1024L, 1L << 20 })
            {
                var rows = TransformerExpander.Expand(model.Transformer, 1, 1, kvLength: context);
                Assert.Equal(2 * 2d * 8 * context, ModelRows.KvCacheValues(rows, context));
                Assert.Equal(448d, ModelRows.StateValues(rows));
            }
        }

        [Fact]
        public void A_parallel_layer_is_falcon_h1s_attention_and_mamba2_side_by_side()
        {
            // The small falcon_h1 config of HybridFamilyTests, whose 23,436 parameters are derived there by hand.
            var model = ModelFileLoader.Parse(
                "transformer:\n  layers: 2\n  model_dim: 32\n  heads: 4\n  kv_heads: 2\n  head_dim: 8\n  ffn_dim: 32\n  ffn: swiglu\n" +
                "  norm: rmsnorm\n  vocab_size: 100\n  layer_types: [parallel]\n  ssm:\n    kind: mamba2\n    intermediate_size: 16\n" +
                "    num_heads: 2\n    head_dim: 8\n    n_groups: 1\n    state_size: 8\n    conv_kernel: 4\n    chunk_size: 64\n", "h1.yaml");
            Assert.Equal(23_436d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            // Both caches in both layers: keys 2 x 2 x 2 heads x 8 x n; state 2 x (conv 32*4 + 2*8*8) = 512.
            var rows = TransformerExpander.Expand(model.Transformer, 1, 1, kvLength: 4096);
            Assert.Equal(2 * 2d * 2 * 8 * 4096, ModelRows.KvCacheValues(rows, 4096));
            Assert.Equal(512d, ModelRows.StateValues(rows));
        }

        private const string Mamba =
            "name: m\n" +            // 1
            "transformer:\n" +       // 2
            "  layers: 2\n" +        // 3
            "  model_dim: 16\n" +    // 4
            "  ffn: none\n" +        // 5
            "  vocab_size: 50\n" +   // 6
            "  positions: none\n" +  // 7
            "  ssm:\n" +             // 8
            "    kind: mamba\n";     // 9

        [Fact]
        public void A_minimal_mamba_file_takes_mambaconfigs_defaults()
        {
            // MambaConfig's defaults: expand 2 (I 32), state_size 16, conv_kernel 4, time_step_rank auto = ceil(16 / 16) = 1,
            // use_conv_bias true. Mixer: in_proj 16*64 = 1,024, conv1d 32*4 + 32 = 160, x_proj 32*(1 + 32) = 1,056, dt_proj
            // 1*32 + 32 = 64, A_log 32*16 = 512, D 32, out_proj 512: 3,360; norm 16 (LayerNorm here: 32, the form's default
            // norm, weight and bias). 2 x 3,392 + embedding 800 + final norm 32 + untied head 800 = 8,416.
            var model = ModelFileLoader.Parse(Mamba, "m.yaml");
            Assert.Equal(8_416d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
        }

        [Fact]
        public void Mamba2_rms_norm_and_projectors_bias_change_the_count_by_their_tensors()
        {
            // Mamba2 defaults on D 16: I 32, head_dim 64 does not divide 32, so head_dim 8 (4 heads), 1 group.
            string mamba2 = Mamba.Replace("kind: mamba\n", "kind: mamba2\n    head_dim: 8\n");
            double Parameters(string yaml) => ModelCalculator.Cost(ModelFileLoader.Parse(yaml, "m.yaml"), 1, 1, CountingOptions.Default).Total.Parameters;
            double baseline = Parameters(mamba2);
            // projectors_bias: an out_proj bias of model_dim 16 in each of the 2 layers; rms_norm false: no gated norm of I 32.
            Assert.Equal(baseline + 2 * 16, Parameters(mamba2 + "    projectors_bias: true\n"));
            Assert.Equal(baseline - 2 * 32, Parameters(mamba2 + "    rms_norm: false\n"));
        }

        [Theory]
        // (what is appended or replaced, id, line, a word the message must hold)
        [InlineData("    kind: mamba\n", "    kind: mamba3\n", "YamlInvalidValue", 9, "mamba2")]
        [InlineData("    kind: mamba\n", "    state_size: 8\n", "YamlMissingKey", 9, "kind")]
        [InlineData("", "    num_heads: 4\n", "YamlUnknownKey", 10, "num_heads")]
        [InlineData("", "    d_state: 8\n", "YamlUnknownKey", 10, "state_size")]
        [InlineData("", "    state_size: 0\n", "InvalidShape", 10, "state_size")]
        [InlineData("", "    state_size: two\n", "YamlWrongType", 10, "whole number")]
        [InlineData("", "    conv_kernel: 9007199254740993\n", "InvalidShape", 10, "2^53")]
        [InlineData("", "    expand: 1.03\n", "InvalidShape", 10, "expand")]
        [InlineData("", "    expand: 2\n    intermediate_size: 32\n", "YamlInvalidValue", 10, "not both")]
        [InlineData("", "    time_step_rank: -1\n", "InvalidShape", 10, "time_step_rank")]
        [InlineData("", "    use_bias: maybe\n", "YamlWrongType", 10, "true or false")]
        [InlineData("  ffn: none\n", "  ffn: none\n  ffn_dim: 64\n", "YamlUnknownKey", 6, "ffn_dim")]
        [InlineData("  ffn: none\n", "  ffn: mlp\n  heads: 2\n  ffn_dim: 64\n  layer_types: [full]\n", "YamlUnknownKey", 8, "ssm")]
        [InlineData("  positions: none\n", "  positions: none\n  heads: 2\n", "YamlUnknownKey", 8, "heads")]
        [InlineData("  positions: none\n", "  positions: none\n  layer_types: [ssm, full]\n", "YamlMissingKey", 3, "heads")]
        [InlineData("  positions: none\n", "  positions: none\n  heads: 2\n  layer_types: [ssm, full]\n", "InvalidShape", 5, "ffn: none")]
        [InlineData("  positions: none\n", "  positions: none\n  attn_layer_offset: 1\n", "YamlMissingKey", 8, "attn_layer_period")]
        [InlineData("  positions: none\n", "  positions: none\n  heads: 2\n  attn_layer_period: 2\n  attn_layer_offset: 2\n", "InvalidShape", 10, "attn_layer_offset")]
        [InlineData("  positions: none\n", "  positions: none\n  heads: 2\n  attn_layer_period: 0\n", "InvalidShape", 9, "attn_layer_period")]
        [InlineData("  positions: none\n", "  positions: none\n  heads: 2\n  attn_layer_period: 2\n  layer_types: [ssm, full]\n", "YamlInvalidValue", 9, "not both")]
        [InlineData("  positions: none\n", "  positions: none\n  layer_types: [ssm, mamba]\n", "YamlInvalidValue", 8, "parallel")]
        [InlineData("  positions: none\n", "  positions: none\n  post_norms: true\n", "YamlUnknownKey", 8, "post_norms")]
        [InlineData("  positions: none\n", "  positions: none\n  mtp_layers: 1\n", "YamlUnknownKey", 8, "mtp_layers")]
        public void Bad_state_space_keys_are_located_errors(string find, string replace, string id, int line, string word)
        {
            string yaml = find.Length == 0 ? Mamba + replace : Mamba.Replace(find, replace);
            var e = Fails(yaml);
            Assert.Equal((id, (long)line), (e.ErrorId, e.Location.Line));
            Assert.Equal("test.yaml", e.Location.File);
            Assert.Contains(word, e.Reason);
        }

        [Fact]
        public void Hybrid_keys_without_an_ssm_and_bad_expert_periods_are_located_errors()
        {
            const string dense = "transformer:\n  layers: 4\n  model_dim: 16\n  heads: 2\n  ffn_dim: 32\n  vocab_size: 50\n";
            var entry = Fails(dense + "  layer_types: [full, ssm]\n");
            Assert.Equal(("YamlMissingKey", 7L, 23L), (entry.ErrorId, entry.Location.Line, entry.Location.Column));
            var period = Fails(dense + "  attn_layer_period: 2\n");
            Assert.Equal(("YamlMissingKey", 7L), (period.ErrorId, period.Location.Line));
            var none = Fails(dense.Replace("  ffn_dim: 32\n", "  ffn: none\n"));
            Assert.Equal(("InvalidShape", 5L), (none.ErrorId, none.Location.Line));
            const string moe = "  moe:\n    experts: 4\n    top_k: 1\n";
            var both = Fails(dense + moe + "    every: 2\n    expert_layer_period: 2\n");
            Assert.Equal(("YamlInvalidValue", 11L), (both.ErrorId, both.Location.Line));
            var offset = Fails(dense + moe + "    expert_layer_offset: 1\n");
            Assert.Equal(("YamlMissingKey", 10L), (offset.ErrorId, offset.Location.Line));
            var beyond = Fails(dense + moe + "    expert_layer_period: 2\n    expert_layer_offset: 2\n");
            Assert.Equal(("InvalidShape", 11L), (beyond.ErrorId, beyond.Location.Line));
            var heads = Fails(SmallHybrid.Replace("  heads: 2\n", "  heads: 3\n").Replace("  kv_heads: 1\n", ""));
            Assert.Equal(("InvalidShape", 5L), (heads.ErrorId, heads.Location.Line));
            var mamba2 = Fails(Mamba.Replace("kind: mamba\n", "kind: mamba2\n    num_heads: 3\n"));
            Assert.Equal(("InvalidShape", 10L), (mamba2.ErrorId, mamba2.Location.Line));
            var groups = Fails(Mamba.Replace("kind: mamba\n", "kind: mamba2\n    head_dim: 8\n    n_groups: 3\n"));
            Assert.Equal(("InvalidShape", 11L), (groups.ErrorId, groups.Location.Line));
            var delta = Fails(Mamba.Replace("kind: mamba\n", "kind: gated_deltanet\n    num_key_heads: 2\n"));
            Assert.Equal(("YamlMissingKey", 9L), (delta.ErrorId, delta.Location.Line));
        }
    }
}
