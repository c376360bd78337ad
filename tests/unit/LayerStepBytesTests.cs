using PSFlops.Engine;
using PSFlops.Engine.Layers;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The layer kinds' own step-bytes members (LayerSpec.StepBytes, TokenDependentRows, WeightBytesAt) at plain sizes,
    /// without Planning's Precision: each size lands on its own term, and only lookups and MoE read batch-dependent
    /// weights. Tiny shapes, every figure derived by hand in the comment (the formulas are docs/inference.md's table).
    /// </summary>
    public class LayerStepBytesTests
    {
        // Three different sizes, so that a size priced onto the wrong term changes the figure.
        private static readonly BytesPerValue Sizes = new BytesPerValue(Weight: 1, Activation: 2, CacheValue: 4);

        [Fact]
        public void Attention_prices_weights_activations_and_cache_at_their_own_sizes()
        {
            // D 8, H 2 of d_h 4 (q width 8), one KV head (kv width 4); decoding one token against 10 cached positions.
            var attention = AttentionSpec.Create(8, 2, kvHeads: 1, headDim: 4, sequenceLength: 1, kvLength: 10) with { KvCached = true };
            var bytes = attention.StepBytes(100, Sizes);
            Assert.Equal(100d, bytes.WeightBytes);            // 100 parameters x 1 B
            // q_proj in 8 + k, v in 2 x 8 + q out 8 + o in 8 and out 8 = 48; core: load q 8, store 8 = 16; 64 values x 2 B.
            Assert.Equal(128d, bytes.ActivationBytes);
            Assert.Equal(320d, bytes.KvCacheReadBytes);       // 2 (K, V) x 10 positions x 4 wide x 4 B
            Assert.Equal(32d, bytes.KvCacheWriteBytes);       // 2 x 1 new position x 4 wide x 4 B
            Assert.Null(attention.TokenDependentRows());
        }

        [Fact]
        public void A_decode_steps_cross_attention_reads_the_encoders_cache_and_projects_no_keys()
        {
            // D 8, H 2 of d_h 4, one KV head (kv width 4), k/v/o biased; decoding one token against 6 encoder positions.
            // Parameters: q 64 + k 32 + v 32 + o 64 = 192 weights, biases k 4 + v 4 + o 8 = 16: 208. k_proj and v_proj
            // (32 + 4 each = 72) stay unread: 136 x 1 B. Activations: q in 8, q out 8, o in 8, o out 8 = 32; core 16; 48 x 2 B.
            // Cache: read 2 x 6 x 4 x 4 B = 192, nothing written.
            var bias = new AttentionBias(Query: false, Key: true, Value: true, Output: true);
            var cross = AttentionSpec.Create(8, 2, kvHeads: 1, headDim: 4, sequenceLength: 1, kvLength: 6, bias: bias)
                with { CrossAttention = true, KvCached = true };
            Assert.Equal(new LayerBytes(136, 96, 192, 0), cross.StepBytes(208, Sizes));
            // At prefill the same layer projects all 6 encoder positions and writes them to the cache: 2 x 6 x 4 x 4 B = 192.
            var prefill = cross with { KvCached = false };
            Assert.Equal(192d, prefill.StepBytes(208, Sizes).KvCacheWriteBytes);
            Assert.Equal(208d, prefill.StepBytes(208, Sizes).WeightBytes);
        }

        [Fact]
        public void An_encoders_self_attention_keeps_its_keys_as_activations_and_a_decode_chunk_caps_the_keys_read()
        {
            // The 8-wide layer over 5 positions, uncached (an encoder): K and V stored 2 x 5 x 4 and read back 2 x 5 x 4 as
            // activations, 80 values, beside projections 5 x (8 + 2 x 8 + 8 + 8 + 8) = 240 and core 5 x 16 = 80: 400 x 2 B.
            var encoder = AttentionSpec.Create(8, 2, kvHeads: 1, headDim: 4, sequenceLength: 5) with { Uncached = true };
            Assert.Equal(new LayerBytes(100, 800, 0, 0), encoder.StepBytes(100, Sizes));
            // Llama 4's chunked layer decoding at a 10-position context with chunks of 4: the cache keeps one chunk and the
            // step reads it, 2 x 4 x 4 x 4 B = 128, where a global layer reads all 10 (320, the first test).
            var chunked = AttentionSpec.Create(8, 2, kvHeads: 1, headDim: 4, sequenceLength: 1, kvLength: 10)
                with { KvCached = true, Chunk = 4 };
            Assert.Equal(128d, chunked.StepBytes(100, Sizes).KvCacheReadBytes);
        }

        [Fact]
        public void A_kind_that_overrides_nothing_reads_its_weights_only_whatever_the_rows()
        {
            // BatchNorm over 64 channels: scale and shift, 128 parameters x 1 B; no activation or cache term.
            var norm = new BatchNormSpec(64, 1000);
            Assert.Equal(new LayerBytes(128, 0, 0, 0), norm.StepBytes(128, Sizes));
            Assert.Null(norm.TokenDependentRows());
            Assert.Equal(128d, norm.WeightBytesAt(128, Sizes, 1e6));
        }

        [Fact]
        public void A_linear_layer_reads_its_matrix_once_at_any_batch()
        {
            // 33 -> 65 with a bias: 33 x 65 + 65 = 2,210 weights x 1 B, at 7 rows or a million.
            var linear = new LinearSpec(33, 65, true, 7);
            Assert.Equal(2210d, linear.StepBytes(2210, Sizes).WeightBytes);
            Assert.Equal(2210d, linear.WeightBytesAt(2210, Sizes, 1e6));
            Assert.Equal(2 * (7 * 33 + 7 * 65d), linear.StepBytes(2210, Sizes).ActivationBytes);   // input and output, 2 B each
        }

        [Fact]
        public void An_embedding_reads_the_rows_its_tokens_index_and_never_more_than_the_table()
        {
            // A 50 x 8 table looked up by 3 tokens: 3 rows x 8 x 1 B = 24; by 1,000 tokens: the whole table, 50 x 8 = 400.
            var embedding = new EmbeddingSpec(50, 8, 3);
            Assert.Equal(3d, embedding.TokenDependentRows());
            Assert.Equal(24d, embedding.StepBytes(400, Sizes).WeightBytes);
            Assert.Equal(400d, embedding.WeightBytesAt(400, Sizes, 1000));
        }

        [Fact]
        public void An_moe_layer_reads_the_experts_its_tokens_pick_in_expectation()
        {
            // D 4, 4 plain experts of F 8 (2 x 4 x 8 = 64 weights each), top-2, no shared expert; router 4 x 4 = 16:
            // 16 + 4 x 64 = 272 parameters. One token: E (1 - (1 - k/E)^1) = 4 x 1/2 = 2 experts touched, 2 untouched:
            // 272 - 2 x 64 = 144 weights x 1 B. Two tokens: 4 (1 - 1/4) = 3 touched, 272 - 64 = 208.
            var moe = new MoESpec(4, 8, 4, 2, 0, FfnKind.Mlp, ActivationKind.ReLU, false, 1);
            Assert.Equal(272d, moe.Cost(CountingOptions.Default).Parameters);
            Assert.Equal(1d, moe.TokenDependentRows());
            var bytes = moe.StepBytes(272, Sizes);
            Assert.Equal(144d, bytes.WeightBytes);
            Assert.Equal(208d, moe.WeightBytesAt(272, Sizes, 2));
            // Router: input 4 and logits 4; the experts as a plain FFN over 2 routed rows: 2 x (2 x 4 + 4 x 8) = 80; 88 x 2 B.
            Assert.Equal(176d, bytes.ActivationBytes);
            Assert.Equal(0d, bytes.KvCacheBytes);
        }
    }
}
