using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Heterogeneous stacks against hand derivations: matmul FLOPs per token (full square and causal) and KV-cache bytes
    /// of an MoE model with a dense first layer, a multi-head latent attention model, and a sliding/full-alternating one.
    /// All three: D 64, vocab 100 (LM head 2 x 64 x 100 = 12,800 FLOPs per token), S 8, no biases, Matmul convention.
    /// </summary>
    public class BlockGroupTests
    {
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);
        private static readonly CountingOptions Causal = new CountingOptions(Convention.Matmul, CausalMask: true);

        private const string Common = "  model_dim: 64\n  heads: 4\n  ffn: swiglu\n  norm: rmsnorm\n  vocab_size: 100\n";

        private static ModelDefinition Model(string body) => ModelFileLoader.Parse("name: t\ntransformer:\n" + Common + body, "t.yaml");

        private static double PerToken(ModelDefinition m, CountingOptions o) => ModelCalculator.Cost(m, 8, 1, o).Total.Flops / 8;

        private static double KvBytes(ModelDefinition m, long context) =>
            ModelRows.KvCacheValues(ModelCalculator.Expand(m, 1, 1), context) * 2;   // bf16

        // 2 layers, kv_heads 2, head_dim 16; layer 0 dense (F 128), layer 1 MoE: 4 experts of 32, top-2, 1 shared.
        private static readonly string MoE = "  layers: 2\n  kv_heads: 2\n  head_dim: 16\n  ffn_dim: 128\n" +
            "  moe: {experts: 4, top_k: 2, shared_experts: 1, expert_ffn_dim: 32, first_dense_layers: 1}\n";

        [Fact]
        public void MoE_with_a_dense_first_layer()
        {
            var m = Model(MoE);
            // Groups: "layers 0 dense" and "layers 1 moe", one layer each.
            Assert.Equal(new[] { ("layers 0 dense", 1L), ("layers 1 moe", 1L) }, m.Transformer.Groups.Select(g => (g.Name, g.Count)));
            // Per token and layer: q 2*64*64 = 8,192, k and v 2*64*32 = 4,096 each, o 8,192 (24,576); scores and
            // values 2*4*8*16 = 1,024 each over the full square (causal: 36 pairs of 64 per head, 4.5 keys per
            // query: 576 each). Dense FFN 6*64*128 = 49,152; MoE: router 2*64*4 = 512 + (2 routed + 1 shared)
            // x 6*64*32 = 36,864 = 37,376. Full: 2*(24,576 + 2,048) + 49,152 + 37,376 + 12,800 = 152,576;
            // causal: 2*(24,576 + 1,152) + 49,152 + 37,376 + 12,800 = 150,784.
            Assert.Equal(152_576d, PerToken(m, Matmul));
            Assert.Equal(150_784d, PerToken(m, Causal));
            // KV: 2 x 2 layers x 2 kv heads x 16 x 8 positions x 2 bytes = 2,048.
            Assert.Equal(2d * 2 * 2 * 16 * 8 * 2, KvBytes(m, 8));
            // Parameters: attention 4*64*64/... q 4,096 + k, v 2,048 each + o 4,096 = 12,288 per layer; norms 128 per
            // layer; dense FFN 3*64*128 = 24,576; MoE router 256 + 5 experts x 3*64*32 = 30,720 (active 256 + 3 x
            // 6,144 = 18,688); embedding 6,400, final norm 64, head 6,400.
            var cost = ModelCalculator.Cost(m, 8, 1, Matmul).Total;
            Assert.Equal(2 * (12_288d + 128) + 24_576 + 256 + 30_720 + 6_400 + 64 + 6_400, cost.Parameters);
            Assert.Equal(2 * (12_288d + 128) + 24_576 + 256 + 18_432 + 6_400 + 64 + 6_400, cost.ActiveParameters);
        }

        // 1 layer of MLA: q_lora 32, kv_lora 16, nope 8, rope 4, v 8 (qk head 12), FFN 128.
        private const string Mla = "  layers: 1\n  ffn_dim: 128\n" +
            "  attention: {kind: mla, q_lora_rank: 32, kv_lora_rank: 16, qk_nope_head_dim: 8, qk_rope_head_dim: 4, v_head_dim: 8}\n";

        [Fact]
        public void Multi_head_latent_attention()
        {
            var m = Model(Mla);
            // Per token: q_a 2*64*32 = 4,096, q_b 2*32*4*12 = 3,072, kv_a 2*64*20 = 2,560, kv_b 2*16*4*16 = 2,048,
            // scores 2*4*8*12 = 768, values 2*4*8*8 = 512, o 2*32*64 = 4,096, FFN 6*64*128 = 49,152, head 12,800:
            // 79,104. Causal (4.5 keys per query): scores 432, values 288: 78,544.
            Assert.Equal(79_104d, PerToken(m, Matmul));
            Assert.Equal(78_544d, PerToken(m, Causal));
            // KV: the latent and the rope key, (16 + 4) values per position: 20 x 8 x 1 layer x 2 bytes = 320.
            Assert.Equal(320d, KvBytes(m, 8));
            // Parameters: q_a 2,048 + q_a_norm 32 + q_b 1,536 + kv_a 1,280 + kv_a_norm 16 + kv_b 1,024 + o 2,048 = 7,984.
            var attention = ModelCalculator.Cost(m, 8, 1, Matmul).Rows.Single(r => r.Row.Name == "attention").Cost;
            Assert.Equal(7_984d, attention.Parameters);
        }

        [Fact]
        public void Latent_attention_decode_expanded_and_absorbed()
        {
            var c = Model(Mla).Transformer;
            var row = TransformerExpander.Expand(c, 1, 1, kvLength: 8).Single(r => r.Name == "attention");
            // One new token against 8 cached latents. Expanded: q 7,168, kv_a 2,560 (the new token only), kv_b
            // re-expands all 8: 2*8*16*64 = 16,384, scores 2*4*8*12 = 768, values 2*4*8*8 = 512, o 4,096: 31,488.
            Assert.Equal(31_488d, row.Spec.Cost(Matmul).Flops);
            // Absorbed: q 7,168, kv_a 2,560, q_nope x W_UK 2*4*8*16 = 1,024, scores over the latent 2*4*8*20 = 1,280,
            // values 2*4*8*16 = 1,024, latent x W_UV 2*4*16*8 = 1,024, o 4,096: 18,176.
            Assert.Equal(18_176d, row.Spec.Cost(Matmul with { AbsorbedLatentAttention = true }).Flops);
        }

        // 2 layers, kv_heads 2, head_dim 16, FFN 128; layer 0 slides over 4 keys, layer 1 is full.
        private const string Alternating = "  layers: 2\n  kv_heads: 2\n  head_dim: 16\n  ffn_dim: 128\n  window: 4\n  layer_types: [sliding, full]\n";

        [Fact]
        public void Sliding_and_full_layers_alternating()
        {
            var m = Model(Alternating);
            Assert.Equal(new[] { "layers 0 sliding", "layers 1 full" }, m.Transformer.Groups.Select(g => g.Name));
            // Per token: projections 24,576 per layer; sliding: 4 keys per query, scores and values 2*4*4*16 = 512
            // each; full: 1,024 each; FFN 49,152 per layer; head 12,800. Full: 49,152 + 1,024 + 2,048 + 98,304 +
            // 12,800 = 163,328. Causal: sliding queries see 1, 2, 3, 4, 4, 4, 4, 4 = 26 keys (3.25 per query: 416
            // each), full 36 (4.5: 576 each): 49,152 + 832 + 1,152 + 98,304 + 12,800 = 162,240.
            Assert.Equal(163_328d, PerToken(m, Matmul));
            Assert.Equal(162_240d, PerToken(m, Causal));
            // KV: 2 x 2 kv heads x 16 x (4 + 8 positions) x 2 bytes = 1,536 at context 8; at 1,000: the sliding
            // layer still holds 4 positions, the full one 1,000: 2*2*16*1004*2 = 128,512.
            Assert.Equal(1_536d, KvBytes(m, 8));
            Assert.Equal(128_512d, KvBytes(m, 1000));
        }

        [Fact]
        public void Gemma_2_27b_kv_cache_counts_each_layer_kinds_positions()
        {
            // 23 local layers hold min(8192, 4096) positions, 23 global ones all 8192; 16 KV heads of 128 (docs/formulas.md).
            var rows = ModelCalculator.Expand(Repo.Model("gemma-2-27b"), 1, 1);
            Assert.Equal(23d * 2 * 16 * 128 * 4096 + 23d * 2 * 16 * 128 * 8192, ModelRows.KvCacheValues(rows, 8192));
            // DeepSeek-V3: 61 layers x (512 + 64) latent values per position; the MTP module is not decoded.
            var v3 = ModelCalculator.Expand(Repo.Model("deepseek-v3"), 1, 1);
            Assert.Equal(61d * 576 * 1000, ModelRows.KvCacheValues(v3, 1000));
        }

        [Fact]
        public void Activation_bytes_summed_over_rows_are_korthikanti_equation_1()
        {
            // Korthikanti et al. 2022 Eq. 1: a layer keeps s b h (34 + 5 a s / h) bytes (MHA, F = 4h, plain MLP, eager):
            // 24 s b h split by TP, 10 s b h not, 5 a s^2 b scores. h 64, a 4, s 8, b 2, LayerNorm.
            var m = ModelFileLoader.Parse("name: t\ntransformer:\n  layers: 3\n  model_dim: 64\n  heads: 4\n  ffn_dim: 256\n  vocab_size: 100\n", "t.yaml");
            var sum = ModelRows.ActivationBytes(ModelCalculator.Expand(m, 8, 2));
            double sbh = 8 * 2 * 64;
            Assert.Equal(3 * 24 * sbh, sum.Sharded);
            Assert.Equal(3 * 10 * sbh, sum.Replicated);
            Assert.Equal(3 * 5d * 4 * 8 * 8 * 2, sum.Scores);
        }

        [Fact]
        public void Kv_cache_per_tensor_parallel_rank_splits_heads_and_replicates_latents()
        {
            // MoE model above: 2 kv heads. TP 2: one head per rank; TP 4: still one (replicated): 2 x 2 layers x 1 x 16 x 8.
            var moe = ModelCalculator.Expand(Model(MoE), 1, 1);
            Assert.Equal(2d * 2 * 1 * 16 * 8, ModelRows.KvCacheValues(moe, 8, 2));
            Assert.Equal(2d * 2 * 1 * 16 * 8, ModelRows.KvCacheValues(moe, 8, 4));
            // MLA: every rank holds the whole latent, 20 values x 8 positions.
            Assert.Equal(160d, ModelRows.KvCacheValues(ModelCalculator.Expand(Model(Mla), 1, 1), 8, 4));
        }

        [Fact]
        public void Depth_costs_nothing_for_a_uniform_stack_and_a_pattern_is_read_once_up_to_its_limit()
        {
            // One group of 2^40 MoE layers: no per-layer work anywhere.
            var deep = Model("  layers: 1099511627776\n  ffn_dim: 8\n  moe: {experts: 2, top_k: 1}\n");
            Assert.Equal(1099511627776L, ModelCalculator.Expand(deep, 1, 1).Single(r => r.Name == "moe").Count);
            // A per-layer pattern is read layer by layer at load time, so it is refused past BlockGroups.MaxPatternLayers, at the key.
            var e = Assert.Throws<ModelDefinitionException>(() => Model("  layers: 1000000\n  ffn_dim: 8\n  window: 2\n  layer_types: [sliding, full]\n"));
            Assert.Equal(("InvalidShape", 11L), (e.ErrorId, e.Location.Line));
        }

        [Fact]
        public void Chunked_attention_pairs_by_hand()
        {
            // 10 positions in chunks of 4 (4, 4, 2): causal pairs 10 + 10 + 3 = 23; full square 16 + 16 + 4 = 36.
            Assert.Equal(23d, AttentionSpec.ChunkedPairs(10, 10, 4, causal: true));
            Assert.Equal(36d, AttentionSpec.ChunkedPairs(10, 10, 4, causal: false));
            // Decoding position 9 (the 10th) against the cache: it sees the 2 positions of its chunk (8 and 9).
            Assert.Equal(2d, AttentionSpec.ChunkedPairs(1, 10, 4, causal: true));
        }

        [Fact]
        public void A_uniform_model_is_one_group_named_layers_and_keeps_its_rows()
        {
            var llama = Repo.Model("llama-3.1-8b");
            Assert.Null(llama.Transformer.Groups);
            var blocks = ModelCalculator.Expand(llama, 8, 1).Select(r => r.Block).Distinct();
            Assert.Equal(new[] { "embeddings", "layers", "head" }, blocks);
        }

        [Fact]
        public void Group_names_say_which_layers()
        {
            Assert.Equal("3-60", BlockGroups.Indexes(Enumerable.Range(3, 58).Select(i => (long)i).ToList()));
            Assert.Equal("0-44 every 2", BlockGroups.Indexes(Enumerable.Range(0, 23).Select(i => 2L * i).ToList()));
            Assert.Equal("0-1,5,9-10", BlockGroups.Indexes(new long[] { 0, 1, 5, 9, 10 }));
            // Gemma-2-27B: 23 local layers (0, 2, ..., 44) and 23 global ones.
            var gemma = Repo.Model("gemma-2-27b").Transformer.Groups;
            Assert.Equal(new[] { ("layers 0-44 every 2 sliding", 23L), ("layers 1-45 every 2 full", 23L) }, gemma.Select(g => (g.Name, g.Count)));
        }

        [Fact]
        public void New_yaml_keys_report_their_place()
        {
            // Lines 1-7 are the name, "transformer:" and the common keys; the body starts at line 8.
            System.Exception Fails(string body) => Assert.Throws<ModelDefinitionException>(() => Model(body));
            var kind = (ModelDefinitionException)Fails("  layers: 1\n  ffn_dim: 8\n  attention: {kind: gqa}\n");
            Assert.Equal(("YamlInvalidValue", 10L), (kind.ErrorId, kind.Location.Line));
            var mlaKey = (ModelDefinitionException)Fails("  layers: 1\n  ffn_dim: 8\n  attention: {kv_lora_rank: 8}\n");
            Assert.Equal("YamlUnknownKey", mlaKey.ErrorId);
            var type = (ModelDefinitionException)Fails("  layers: 2\n  ffn_dim: 8\n  window: 4\n  layer_types: [sliding, global]\n");
            Assert.Equal(("YamlInvalidValue", 11L), (type.ErrorId, type.Location.Line));
            var noWindow = (ModelDefinitionException)Fails("  layers: 2\n  ffn_dim: 8\n  layer_types: [sliding, full]\n");
            Assert.Equal("YamlMissingKey", noWindow.ErrorId);
            var length = (ModelDefinitionException)Fails("  layers: 4\n  ffn_dim: 8\n  window: 2\n  layer_types: [sliding, full, full]\n");
            Assert.Equal(("InvalidShape", 11L), (length.ErrorId, length.Location.Line));
            var every = (ModelDefinitionException)Fails("  layers: 2\n  ffn_dim: 8\n  moe: {experts: 2, top_k: 1, every: 0}\n");
            Assert.Equal(("InvalidShape", 10L), (every.ErrorId, every.Location.Line));
            var dense = (ModelDefinitionException)Fails("  layers: 2\n  moe: {experts: 2, top_k: 1, expert_ffn_dim: 8, first_dense_layers: 1}\n");
            Assert.Equal("InvalidShape", dense.ErrorId);
        }
    }
}
