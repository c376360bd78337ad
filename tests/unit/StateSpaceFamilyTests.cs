using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// State-space models from their published config.json (tests/unit/configs, sources in SOURCES.md). Expected counts
    /// are derived by hand, tensor by tensor, from transformers' modeling_mamba.py (MambaMixer: in_proj D -> 2I, conv1d
    /// depthwise I x K + bias, x_proj I -> R + 2N, dt_proj R -> I + bias, A_log I x N, D I, out_proj I -> D; MambaBlock's
    /// RMSNorm D; MambaModel's embeddings and norm_f) and modeling_mamba2.py (Mamba2Mixer: in_proj D -> 2I + 2GN + H,
    /// conv1d over conv_dim = I + 2GN, dt_bias, A_log, D of H each, MambaRMSNormGated(I), out_proj I -> D), then
    /// reconciled with the model card's safetensors total. Notation: D hidden, I inner, N state, K conv kernel,
    /// R time-step rank, H heads, P head dim, G groups, V vocab, L layers.
    /// </summary>
    public class StateSpaceFamilyTests
    {
        private static ModelDefinition Definition(string file) =>
            Repo.Config(file);

        [Theory]
        // mamba, state-spaces/mamba-130m-hf: D 768, I 1536, N 16, K 4, R 48, L 24, V 50280, tied, no linear biases.
        // Layer: in_proj 768*3072 = 2,359,296; conv1d 1536*4 + 1536 = 7,680; x_proj 1536*(48 + 32) = 122,880; dt_proj
        // 48*1536 + 1536 = 75,264; A_log 1536*16 = 24,576; D 1,536; out_proj 1536*768 = 1,179,648; norm 768: 3,771,648;
        // x24 = 90,519,552. Embedding 50280*768 = 38,615,040 (the head shares it); norm_f 768. Total 129,135,360
        // (model card: 129M params, safetensors F32 129,135,360).
        [InlineData("mamba-130m-hf.json", 129_135_360d)]
        // falcon_mamba, tiiuae/falcon-mamba-7b: D 4096, I 8192 (intermediate_size, not expand 16 x D), N 16, K 4, R 256,
        // L 64, V 65024, untied. Layer: in_proj 4096*16384 = 67,108,864; conv1d 8192*4 + 8192 = 40,960; x_proj
        // 8192*(256 + 32) = 2,359,296; dt_proj 256*8192 + 8192 = 2,105,344; A_log 131,072; D 8,192; out_proj
        // 33,554,432; norm 4,096: 105,312,256; x64 = 6,739,984,384. Embedding and lm_head 65024*4096 = 266,338,304
        // each; norm_f 4,096. Total 7,272,665,088 (model card: 7.27B params).
        [InlineData("falcon-mamba-7b.json", 7_272_665_088d)]
        // mamba2, mistralai/Mamba-Codestral-7B-v0.1: D 4096, I 8192, H 128, P 64, G 8, N 128, K 4, L 64, V 32768,
        // untied. conv_dim 8192 + 2*8*128 = 10,240; in_proj 4096*(16384 + 2048 + 128) = 76,021,760; conv1d
        // 10240*4 + 10240 = 51,200; dt_bias, A_log, D 3*128 = 384; gated norm 8,192; out_proj 8192*4096 = 33,554,432;
        // block norm 4,096: 109,640,064; x64 = 7,016,964,096. Embedding and lm_head 32768*4096 = 134,217,728 each;
        // norm_f 4,096. Total 7,285,403,648 (model card: 7.29B params, safetensors BF16).
        [InlineData("mamba-codestral-7b-v0.1.json", 7_285_403_648d)]
        public void State_space_parameters_match_transformers(string file, double parameters)
        {
            var cost = ModelCalculator.Cost(Definition(file), 1, 1, CountingOptions.Default);
            Assert.Equal(parameters, cost.Total.Parameters);
            Assert.Equal(parameters, cost.Total.ActiveParameters);
        }

        /// <summary>
        /// A mamba2 config that writes only its size takes Mamba2Config's defaults (configuration_mamba2.py, read at
        /// huggingface/transformers f2a39d495c8c365996a33c6ae9506ad9c9339f4b): expand 2, num_heads 128, head_dim 64,
        /// n_groups 8 (not 1), state_size 128, conv_kernel 4, use_bias false, use_conv_bias true, chunk_size 256,
        /// tie_word_embeddings false; time_step_rank ("auto") shapes nothing, Mamba2Mixer has no dt_proj.
        /// D 4096, L 2, V 1000: I 8192 = 128 x 64; conv_dim 8192 + 2*8*128 = 10,240; in_proj 4096*(16384 + 2048 + 128)
        /// = 76,021,760; conv1d 10240*4 + 10240 = 51,200; dt_bias, A_log, D 384; gated norm 8,192; out_proj 33,554,432;
        /// block norm 4,096: 109,640,064; x2 = 219,280,128. Embedding and lm_head 1000*4096 = 4,096,000 each; norm_f
        /// 4,096. Total 227,476,224. (With n_groups 1 it would be 2 x 14 x 128 x (4096 + 4) = 14,694,400 fewer.)
        /// </summary>
        [Fact]
        public void A_defaults_only_mamba2_config_counts_Mamba2Configs_defaults()
        {
            var model = HybridFamilyTests.LoadJson("{\"model_type\": \"mamba2\", \"hidden_size\": 4096, \"num_hidden_layers\": 2, \"vocab_size\": 1000}");
            Assert.Equal(227_476_224d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            var ssm = model.Transformer.StateSpace;
            Assert.Equal((8192L, 128L, 64L, 8L, 128L, 4L, 256L), (ssm.InnerDim, ssm.Heads, ssm.HeadDim, ssm.Groups, ssm.StateSize, ssm.ConvKernel, ssm.ChunkSize));
        }

        [Fact]
        public void A_mamba2_config_whose_heads_do_not_tile_the_inner_width_is_an_error_at_num_heads()
        {
            // D 768: I = 2 x 768 = 1536, but the default 128 heads of 64 are 8192 channels; Mamba2Mixer could not run it.
            var e = Assert.Throws<ModelDefinitionException>(() => HybridFamilyTests.LoadJson(
                "{\"model_type\": \"mamba2\", \"hidden_size\": 768, \"num_hidden_layers\": 2, \"vocab_size\": 1000}"));
            Assert.Equal("InvalidShape", e.ErrorId);
            Assert.Contains("128 x 64", e.Reason);
            // Written heads that tile it load: 24 heads of 64 = 1536.
            var ok = HybridFamilyTests.LoadJson("{\"model_type\": \"mamba2\", \"hidden_size\": 768, \"num_hidden_layers\": 2, \"vocab_size\": 1000, \"num_heads\": 24}");
            Assert.Equal(24, ok.Transformer.StateSpace.Heads);
        }

        [Fact]
        public void Mamba_decode_state_is_the_same_at_1K_and_1M_context_and_caches_no_keys()
        {
            var c = Definition("mamba-130m-hf.json").Transformer;
            // Per layer: conv window I x K = 1536*4 = 6,144 and SSM state I x N = 1536*16 = 24,576: 30,720; x24 = 737,280.
            foreach (long context in new[] { 1024L, 1L << 20 })
            {
                var rows = TransformerExpander.Expand(c, 1, 1, kvLength: context);
                Assert.Equal(737_280d, ModelRows.StateValues(rows));
                Assert.Equal(0d, ModelRows.KvCacheValues(rows, context));
            }
        }

        [Fact]
        public void The_inference_and_memory_cache_of_a_Mamba_model_is_its_state_at_any_context()
        {
            var c = Definition("mamba-130m-hf.json").Transformer;
            // 737,280 state values x 2 bytes (BF16) x batch 4 = 5,898,240 bytes, at 1K as at 1M.
            Assert.Equal(5_898_240d, PSFlops.Engine.Planning.KvCache.Bytes(c, 1024, 4, 2));
            Assert.Equal(5_898_240d, PSFlops.Engine.Planning.KvCache.Bytes(c, 1 << 20, 4, 2));
        }

        [Fact]
        public void Mamba2_decode_state_is_conv_window_plus_heads_x_head_dim_x_state()
        {
            var c = Definition("mamba-codestral-7b-v0.1.json").Transformer;
            // Per layer: conv_dim x K = 10240*4 = 40,960 and H P N = 128*64*128 = 1,048,576: 1,089,536; x64 = 69,730,304.
            foreach (long context in new[] { 1024L, 1L << 20 })
                Assert.Equal(69_730_304d, ModelRows.StateValues(TransformerExpander.Expand(c, 1, 1, kvLength: context)));
        }

        [Fact]
        public void Mamba_matmul_flops_per_token_match_a_hand_count_and_are_linear_in_the_sequence()
        {
            var c = Definition("mamba-130m-hf.json").Transformer;
            var matmul = new CountingOptions(Convention.Matmul);
            // One mixer per token (MACs): in_proj 768*3072 = 2,359,296; x_proj 1536*80 = 122,880; dt_proj 48*1536 = 73,728;
            // out_proj 1536*768 = 1,179,648; conv 1536*4 = 6,144; scan 2*1536*16 = 49,152: 3,790,848 MACs; Matmul FLOPs 2x
            // that (the conv and dt_proj bias adds are elementwise: Full only): 7,581,696.
            double Mixer(long s) => TransformerExpander.Expand(c, s, 1).Single(r => r.Name == "mamba").Spec.Cost(matmul).Flops;
            Assert.Equal(7_581_696d, Mixer(1));
            Assert.Equal(1024 * 7_581_696d, Mixer(1024));
            Assert.Equal(2 * Mixer(1 << 20), Mixer(1 << 21));
        }

        [Fact]
        public void Mamba2_scan_counts_pairs_inside_chunks_only()
        {
            // One small mixer: D 4, I 8 (H 2 x P 4), G 1, N 2, K 4, chunk Q 4, 8 tokens = 2 whole chunks.
            var spec = new Mamba2Spec(4, 8, 2, 4, 1, 2, 4, 4, false, true, 1, 8);
            var matmul = new CountingOptions(Convention.Matmul, CausalMask: true);
            // in_proj width 2*8 + 2*1*2 + 2 = 22: 8*4*22 = 704 MACs; out_proj 8*8*4 = 256; conv_dim 8 + 4 = 12: 8*12*4 = 384;
            // causal pairs per chunk 4*5/2 = 10, two chunks 20: 20 * H (N + P) = 20*2*6 = 240; states and readout
            // 2*8*2*4*2 = 256. MACs 1,840; Matmul FLOPs 3,680 (the conv bias adds are elementwise: Full only).
            var cost = spec.Cost(matmul);
            Assert.Equal(1_840d, cost.Macs);
            Assert.Equal(3_680d, cost.Flops);
        }

        [Fact]
        public void Gated_deltanet_counts_chunks_pairs_solve_and_state()
        {
            // D 4, 1 key head and 2 value heads of width 2, conv 4, chunk 4, 8 tokens (2 chunks), causal, Matmul.
            var spec = new GatedDeltaNetSpec(4, 1, 2, 2, 2, 4, 4, 1, 8);
            // Projections 8*4*(2*2 + 2*4 + 2*2) + 8*4*4 = 640; conv 8*(2*2 + 4)*4 = 256; pairs 2 chunks x 10 = 20:
            // 20*2*(3*2 + 2*2) = 400; triangular solve 2*2*(1 + 4 + 9) = 56; state terms 3*8*2*2*2 = 192. MACs 1,544.
            var cost = spec.Cost(new CountingOptions(Convention.Matmul, CausalMask: true));
            Assert.Equal(1_544d, cost.Macs);
            Assert.Equal(2 * 1_544d, cost.Flops);
            // Decode state: conv 8*4 = 32 and 2 heads x 2 x 2 = 8.
            Assert.Equal(40d, spec.StateValues());

            // A decode step runs the recurrent rule (transformers' recurrent_gated_delta_rule), not a padded chunk: one token,
            // projections 4*(2*2 + 2*4 + 2*2) + 4*4 = 80, conv (2*2 + 4)*4 = 32, state 3 x 2 heads x 2 x 2 = 24: 136 MACs,
            // where the chunked kernel would score a whole 4-wide chunk (10 pairs) and solve it.
            var step = new GatedDeltaNetSpec(4, 1, 2, 2, 2, 4, 4, 1, 1) { Recurrent = true };
            Assert.Equal(136d, step.Cost(new CountingOptions(Convention.Matmul, CausalMask: true)).Macs);
            var qwen3Next = Repo.Config("qwen3-next-80b-a3b-instruct.json").Transformer;
            var decodeMixer = TransformerExpander.Expand(qwen3Next, 1, 1, kvLength: 4096).First(r => r.Spec is GatedDeltaNetSpec).Spec;
            Assert.True(((GatedDeltaNetSpec)decodeMixer).Recurrent);
        }

        [Fact]
        public void A_state_space_layer_validates_its_shape()
        {
            var e = Assert.Throws<FlopsArgumentException>(() => new Mamba2Spec(4, 8, 3, 4, 1, 2, 4, 4, false, true, 1, 8).Cost(CountingOptions.Default));
            Assert.Contains("Heads x HeadDim", e.Message);
            Assert.Throws<FlopsArgumentException>(() => new MambaSpec(4, 0, 2, 4, 1, false, true, 1, 8).Cost(CountingOptions.Default));
        }
    }
}
