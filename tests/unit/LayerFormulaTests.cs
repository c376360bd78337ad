using PSFlops.Engine;
using PSFlops.Engine.Layers;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Each formula against values worked out by hand here, not by the engine.</summary>
    public class LayerFormulaTests
    {
        private static readonly CountingOptions Full = CountingOptions.Default;
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        [Fact]
        public void Linear_counts_two_flops_per_mac_and_one_per_bias_element()
        {
            // 2048 rows x (4096 -> 1024): 2048*4096*1024 = 8,589,934,592 MACs; + 2048*1024 bias adds.
            var cost = new LinearSpec(4096, 1024, true, 2048).Cost(Full);
            Assert.Equal(8_589_934_592d, cost.Macs);
            Assert.Equal(2 * 8_589_934_592d + 2_097_152d, cost.Flops);
            Assert.Equal(4096d * 1024 + 1024, cost.Parameters);
            Assert.Equal(2 * 8_589_934_592d, new LinearSpec(4096, 1024, false, 2048).Cost(Matmul).Flops);
        }

        [Fact]
        public void Conv2d_resnet_stem_matches_hand_count()
        {
            // ResNet stem: 3 -> 64, 7x7, stride 2, pad 3 on 224x224: out = floor((224 + 6 - 6 - 1) / 2) + 1 = 112.
            // MACs = 112*112*64 * (3*7*7) = 802,816 * 147 = 118,013,952.
            var spec = new ConvSpec(3, 64, Dims.Of(7, 7), Dims.Of(224, 224), Dims.Of(2, 2), Dims.Of(3, 3), Dims.Of(1, 1), 1, false, 1);
            Assert.Equal(Dims.Of(112, 112), spec.Output);
            var cost = spec.Cost(Full);
            Assert.Equal(118_013_952d, cost.Macs);
            Assert.Equal(64d * 3 * 49, cost.Parameters);
        }

        [Fact]
        public void Depthwise_conv_with_groups_equal_to_channels()
        {
            // 32 channels, groups 32, 3x3, pad 1 on 56x56 -> 56x56; each output sees 1 channel x 9 weights.
            // MACs = 2 (batch) * 56*56*32 * 9 = 1,806,336; parameters 32*1*9 + 32 bias.
            var cost = new ConvSpec(32, 32, Dims.Of(3, 3), Dims.Of(56, 56), Dims.Of(1, 1), Dims.Of(1, 1), Dims.Of(1, 1), 32, true, 2).Cost(Full);
            Assert.Equal(1_806_336d, cost.Macs);
            Assert.Equal(2 * 1_806_336d + 2d * 56 * 56 * 32, cost.Flops);
            Assert.Equal(32d * 9 + 32, cost.Parameters);
        }

        [Fact]
        public void Dilated_conv_output_size_uses_the_dilated_span()
        {
            // Conv1d k=3, dilation 4: span = 4*(3-1)+1 = 9; in 20, pad 0, stride 1 -> out 12. MACs = 12*8*16*3.
            var spec = new ConvSpec(16, 8, Dims.Of(3), Dims.Of(20), Dims.Of(1), Dims.Of(0), Dims.Of(4), 1, false, 1);
            Assert.Equal(Dims.Of(12), spec.Output);
            Assert.Equal(12d * 8 * 16 * 3, spec.Cost(Full).Macs);
        }

        [Fact]
        public void Stride_larger_than_kernel_skips_inputs()
        {
            // k=2, stride 5 on 23: out = floor((23 - 2) / 5) + 1 = 5.
            var spec = new ConvSpec(1, 1, Dims.Of(2), Dims.Of(23), Dims.Of(5), Dims.Of(0), Dims.Of(1), 1, false, 1);
            Assert.Equal(Dims.Of(5), spec.Output);
            Assert.Equal(5d * 2, spec.Cost(Full).Macs);
        }

        [Fact]
        public void Conv3d_counts_every_spatial_dimension()
        {
            // 4 -> 8 channels, 3x3x3, pad 1 on 8x8x8 -> 8x8x8. MACs = 512 * 8 * 4*27 = 442,368.
            var cost = new ConvSpec(4, 8, Dims.Of(3, 3, 3), Dims.Of(8, 8, 8), Dims.Of(1, 1, 1), Dims.Of(1, 1, 1), Dims.Of(1, 1, 1), 1, false, 1).Cost(Full);
            Assert.Equal(442_368d, cost.Macs);
        }

        [Fact]
        public void Multi_head_self_attention_matches_hand_count()
        {
            // D=1024, H=16, d_h=64, B=2, S=128, no bias. T = 256.
            // Q,K,V,O projections: 4 * 256*1024*1024 MACs = 1,073,741,824.
            // Scores: B*H*S*S*d_h = 2*16*128*128*64 = 33,554,432 MACs; scores x V the same.
            // Full: scale + softmax = 6 per score, B*H*S*S = 524,288 scores.
            var spec = AttentionSpec.Create(1024, 16, batch: 2, sequenceLength: 128);
            var cost = spec.Cost(Full);
            Assert.Equal(1_073_741_824d + 2 * 33_554_432d, cost.Macs);
            Assert.Equal(2 * 3 * 268_435_456d, cost.Breakdown.AttentionProjection);
            Assert.Equal(2 * 33_554_432d, cost.Breakdown.AttentionScore);
            Assert.Equal(2 * 33_554_432d, cost.Breakdown.AttentionValue);
            Assert.Equal(6 * 524_288d, cost.Breakdown.AttentionSoftmax);
            Assert.Equal(2 * 268_435_456d, cost.Breakdown.AttentionOutput);
            Assert.Equal(4d * 1024 * 1024, cost.Parameters);
            Assert.Equal(0d, spec.Cost(Matmul).Breakdown.AttentionSoftmax);
        }

        [Fact]
        public void Grouped_query_and_multi_query_shrink_only_the_kv_projections()
        {
            // Llama-2-70B shape: D=8192, H=64, kv 8, d_h=128, one token. K and V: 2 * 8192*1024 MACs each direction.
            var gqa = AttentionSpec.Create(8192, 64, kvHeads: 8).Cost(Matmul);
            Assert.Equal(2 * (8192d * 8192 + 2 * 8192d * 1024), gqa.Breakdown.AttentionProjection);
            Assert.Equal(2 * 8192d * 8192 + 2 * 8192d * 1024, gqa.Parameters);
            var mqa = AttentionSpec.Create(8192, 64, kvHeads: 1).Cost(Matmul);
            Assert.Equal(2 * (8192d * 8192 + 2 * 8192d * 128), mqa.Breakdown.AttentionProjection);
        }

        [Fact]
        public void Head_dim_need_not_equal_model_dim_over_heads()
        {
            // D=512, H=8, d_h=128 (H*d_h = 1024 != 512), S=10: Q projection 10*512*1024 MACs; O 10*1024*512.
            var cost = AttentionSpec.Create(512, 8, headDim: 128, sequenceLength: 10).Cost(Matmul);
            Assert.Equal(2 * 3 * 10d * 512 * 1024, cost.Breakdown.AttentionProjection);
            Assert.Equal(2 * 10d * 1024 * 512, cost.Breakdown.AttentionOutput);
            Assert.Equal(2 * 8d * 10 * 10 * 128, cost.Breakdown.AttentionScore);
        }

        [Fact]
        public void Window_larger_than_the_sequence_changes_nothing()
        {
            var plain = AttentionSpec.Create(256, 4, sequenceLength: 100).Cost(Full);
            var windowed = AttentionSpec.Create(256, 4, sequenceLength: 100, window: 4096).Cost(Full);
            Assert.Equal(plain.Flops, windowed.Flops);
            // A window of 10 scores 100*10 pairs per head: 4 heads * 1000 * 64 MACs.
            var narrow = AttentionSpec.Create(256, 4, sequenceLength: 100, window: 10).Cost(Full);
            Assert.Equal(2 * 4d * 100 * 10 * 64, narrow.Breakdown.AttentionScore);
        }

        [Fact]
        public void Causal_mask_counts_the_lower_triangle()
        {
            // S=6: 6*7/2 = 21 pairs per head. Window 3 causal: 1+2+3+3+3+3 = 15. Decode 1 query vs 50 keys: 50.
            var options = new CountingOptions(Convention.Matmul, CausalMask: true);
            Assert.Equal(21d, AttentionSpec.Create(64, 1, sequenceLength: 6, causal: true).ScoredPairs(options));
            Assert.Equal(15d, AttentionSpec.Create(64, 1, sequenceLength: 6, window: 3, causal: true).ScoredPairs(options));
            Assert.Equal(50d, AttentionSpec.Create(64, 1, sequenceLength: 1, kvLength: 50, causal: true).ScoredPairs(options));
            // Window 4 with 3 queries at the end of 10 keys: each sees 4.
            Assert.Equal(12d, AttentionSpec.CausalPairs(3, 10, 4));
            // An encoder (not causal) ignores the mask option.
            Assert.Equal(36d, AttentionSpec.Create(64, 1, sequenceLength: 6, causal: false).ScoredPairs(options));
        }

        [Fact]
        public void Cross_attention_uses_the_key_length_for_k_v_and_scores()
        {
            // 4 queries attend over 9 encoder positions: K,V projections over 9 rows; 4*9 pairs.
            var cost = AttentionSpec.Create(128, 2, sequenceLength: 4, kvLength: 9).Cost(Matmul);
            Assert.Equal(2 * (4d * 128 * 128 + 2 * 9d * 128 * 128), cost.Breakdown.AttentionProjection);
            Assert.Equal(2 * 2d * 4 * 9 * 64, cost.Breakdown.AttentionScore);
        }

        [Fact]
        public void Kv_cached_decode_projects_only_the_new_tokens()
        {
            // One new token against 100 cached positions, D 128, 2 heads: Q, K, V, O each over 1 row (4 x 128 x 128
            // MACs); scores and x V over 100 keys: 2 heads x 100 x 64 each.
            var decode = AttentionSpec.Create(128, 2, sequenceLength: 1, kvLength: 100) with { KvCached = true };
            Assert.Equal(4d * 128 * 128 + 2 * 2d * 100 * 64, decode.Cost(Matmul).Macs);
        }

        [Fact]
        public void Feed_forward_plain_and_gated()
        {
            // Plain 768 -> 3072 -> 768 over 10 tokens with bias and GELU:
            // MACs 2*10*768*3072; bias 10*3072 + 10*768; GELU 8 per hidden element.
            var mlp = new FeedForwardSpec(768, 3072, FfnKind.Mlp, ActivationKind.GELU, true, 10).Cost(Full);
            Assert.Equal(2 * 10d * 768 * 3072, mlp.Macs);
            Assert.Equal(2 * 2 * 10d * 768 * 3072 + 10d * 3072 + 10d * 768, mlp.Breakdown.FeedForward);
            Assert.Equal(8 * 10d * 3072, mlp.Breakdown.Activation);
            Assert.Equal(2d * 768 * 3072 + 3072 + 768, mlp.Parameters);
            // SwiGLU 4096 -> 11008 (Llama-2-7B), no bias: 3 matrices; SiLU 8 + gate multiply 1 per hidden element.
            var swiglu = new FeedForwardSpec(4096, 11008, FfnKind.SwiGlu, ActivationKind.SiLU, false, 1).Cost(Full);
            Assert.Equal(3d * 4096 * 11008, swiglu.Macs);
            Assert.Equal(9d * 11008, swiglu.Breakdown.Activation);
            Assert.Equal(3d * 4096 * 11008, swiglu.Parameters);
        }

        [Fact]
        public void Mixture_of_experts_counts_top_k_experts_per_token_and_all_parameters()
        {
            // Mixtral layer: D=4096, F=14336, 8 experts, top-2, SwiGLU, one token.
            // Router 4096*8 MACs; 2 experts * 3*4096*14336 MACs. Parameters: router + 8 experts; active: router + 2.
            var cost = new MoESpec(4096, 14336, 8, 2, 0, FfnKind.SwiGlu, ActivationKind.SiLU, false, 1).Cost(Matmul);
            double expert = 3d * 4096 * 14336;
            Assert.Equal(4096d * 8 + 2 * expert, cost.Macs);
            Assert.Equal(4096d * 8 + 8 * expert, cost.Parameters);
            Assert.Equal(4096d * 8 + 2 * expert, cost.ActiveParameters);
            // One shared expert adds one FFN per token and to both parameter counts.
            var shared = new MoESpec(4096, 14336, 8, 2, 1, FfnKind.SwiGlu, ActivationKind.SiLU, false, 1).Cost(Matmul);
            Assert.Equal(cost.Macs + expert, shared.Macs);
            Assert.Equal(cost.ActiveParameters + expert, shared.ActiveParameters);
        }

        [Fact]
        public void Norms_activations_softmax_and_pooling_elementwise_costs()
        {
            Assert.Equal(5d * 10 * 768, new NormSpec(NormKind.LayerNorm, 768, 10).Cost(Full).Flops);
            Assert.Equal(2d * 768, new NormSpec(NormKind.LayerNorm, 768, 10).Cost(Full).Parameters);
            Assert.Equal(4d * 10 * 4096, new NormSpec(NormKind.RMSNorm, 4096, 10).Cost(Full).Flops);
            Assert.Equal(0d, new NormSpec(NormKind.RMSNorm, 4096, 10).Cost(Matmul).Flops);
            Assert.Equal(2d * 1000, new BatchNormSpec(10, 1000).Cost(Full).Flops);
            Assert.Equal(1000d, new ActivationSpec(ActivationKind.ReLU, 1000).Cost(Full).Flops);
            Assert.Equal(8000d, new ActivationSpec(ActivationKind.SiLU, 1000).Cost(Full).Flops);
            Assert.Equal(5000d, new SoftmaxSpec(1000).Cost(Full).Flops);
            // Max pool 3x3 stride 2 pad 1 on 64x112x112 -> 56x56: 8 comparisons per output.
            var pool = new PoolSpec(PoolKind.Max, 64, Dims.Of(3, 3), Dims.Of(112, 112), Dims.Of(2, 2), Dims.Of(1, 1), 1);
            Assert.Equal(Dims.Of(56, 56), pool.Output);
            Assert.Equal(8d * 64 * 56 * 56, pool.Cost(Full).Flops);
            // Average pool adds a divide: 9 per output.
            Assert.Equal(9d * 64 * 56 * 56, (pool with { Kind = PoolKind.Average }).Cost(Full).Flops);
        }

        [Fact]
        public void Embedding_is_free_and_a_tied_head_has_no_parameters()
        {
            var embedding = new EmbeddingSpec(50257, 768, 1024).Cost(Full);
            Assert.Equal(0d, embedding.Flops);
            Assert.Equal(50257d * 768, embedding.Parameters);
            var tied = new LMHeadSpec(768, 50257, true, false, 1024).Cost(Full);
            Assert.Equal(2 * 1024d * 768 * 50257, tied.Flops);
            Assert.Equal(0d, tied.Parameters);
            Assert.Equal(768d * 50257, new LMHeadSpec(768, 50257, false, false, 1024).Cost(Full).Parameters);
        }

        [Fact]
        public void Passes_backward_training_and_recomputation()
        {
            var forward = AttentionSpec.Create(1024, 16, sequenceLength: 128).Cost(Full).Breakdown;
            Assert.Equal(2 * forward.Total, Engine.Models.Passes.Backward(forward.Total));
            Assert.Equal(3 * forward.Total, Engine.Models.Passes.Training(forward.Total));
            Assert.Equal(4 * forward.Total, Engine.Models.Passes.Hardware(forward.Total, forward, Recompute.Full));
            Assert.Equal(3 * forward.Total + forward.AttentionScore + forward.AttentionSoftmax + forward.AttentionValue,
                Engine.Models.Passes.Hardware(forward.Total, forward, Recompute.Selective));
            Assert.Equal(3 * forward.Total, Engine.Models.Passes.Hardware(forward.Total, forward, Recompute.None));
        }

        [Fact]
        public void Full_recompute_reruns_checkpointed_rows_whatever_their_block_is_called()
        {
            // A graph block may be named "head" or "embeddings"; only rows marked not checkpointed (a transformer's
            // embeddings and head) stay out. Linear 64 -> 32 over 4 rows: 2 x 4 x 64 x 32 = 16,384 FLOPs.
            var linear = new LinearSpec(64, 32, false, 4);
            var graph = Engine.Models.ModelCost.Compute(new[] { new Engine.Models.LayerRow("head", "fc", 1, linear) }, 1, 4, Full);
            Assert.Equal(4 * 16384d, graph.HardwareFlops(Recompute.Full));
            var transformerHead = Engine.Models.ModelCost.Compute(
                new[] { new Engine.Models.LayerRow("head", "lm_head", 1, linear, Checkpointed: false) }, 1, 4, Full);
            Assert.Equal(3 * 16384d, transformerHead.HardwareFlops(Recompute.Full));
        }
    }
}
