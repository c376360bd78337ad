using PSFlops.Engine;
using PSFlops.Engine.Layers;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>The new layer options against hand counts (docs/formulas.md, "MoE in full" and "AttentionSpec options").</summary>
    public class LayerKindTests
    {
        private static readonly CountingOptions Full = CountingOptions.Default;
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        [Fact]
        public void Qwen2_moe_shared_expert_of_its_own_width_with_its_gate()
        {
            // D 8, 4 experts of 4 (gated), top-1, 1 shared expert of 16 with a gate, 2 rows.
            var moe = new MoESpec(8, 4, 4, 1, 1, FfnKind.SwiGlu, ActivationKind.SiLU, false, 2)
                { SharedHiddenDim = 16, SharedGate = true };
            var cost = moe.Cost(Matmul);
            // Params: router 8*4 = 32, gate 8, shared 3*8*16 = 384, experts 4 x 3*8*4 = 384: 808; active 32 + 8 + 384 + 96 = 520.
            Assert.Equal(808d, cost.Parameters);
            Assert.Equal(520d, cost.ActiveParameters);
            // Matmul FLOPs: router 2*2*8*4 = 128, gate 2*2*8 = 32, one routed expert 6*2*8*4 = 384, shared 6*2*8*16 = 1,536: 2,080.
            Assert.Equal(2_080d, cost.Flops);
            // Full adds: gate sigmoid 8 x 2 + scaling 2 x 8 = 32; routed act (8 + 1) x 2 x 4 = 72; shared act 9 x 2 x 16 = 288;
            // router softmax 5 x 2 x 4 = 40; combine 2 x 8 x 1 + 2 x 8 x (1 + 1 - 1) = 32: 2,080 + 464 = 2,544.
            Assert.Equal(2_544d, moe.Cost(Full).Flops);
        }

        [Fact]
        public void Router_bias_and_expert_biases()
        {
            // gpt-oss style: D 8, 2 experts of 4 with biases, router bias, top-1, 1 row.
            var moe = new MoESpec(8, 4, 2, 1, 0, FfnKind.SwiGlu, ActivationKind.SiLU, true, 1) { RouterBias = true };
            // Router 8*2 + 2 = 18; each expert 3*8*4 + (2*4 + 8) = 112: 18 + 224 = 242; active 18 + 112 = 130.
            var cost = moe.Cost(Matmul);
            Assert.Equal(242d, cost.Parameters);
            Assert.Equal(130d, cost.ActiveParameters);
        }

        [Fact]
        public void Qk_norms_sinks_and_soft_capping()
        {
            // D 16, H 2, H_kv 1, d 8, S 4: q rows 4 x 16 wide, new keys 4 x 8.
            var plain = AttentionSpec.Create(16, 2, kvHeads: 1, headDim: 8, sequenceLength: 4);
            var options = plain with { QkNorm = QkNorm.PerHead, Sinks = true, SoftCap = true };
            // Params: + q_norm and k_norm 2 x 8 = 16, + sinks 2.
            Assert.Equal(plain.Cost(Full).Parameters + 18, options.Cost(Full).Parameters);
            Assert.Equal(plain.Cost(Full).Parameters + 24, (plain with { QkNorm = QkNorm.Full }).Cost(Full).Parameters);   // (2 + 1) x 8
            // Full adds: q/k RMSNorm 4 x (4 x 16 + 4 x 8) = 384; sinks 5 x 2 heads x 4 queries = 40; soft-cap 10 per score,
            // 2 heads x 16 pairs = 320: 744 more; none under Matmul.
            Assert.Equal(plain.Cost(Full).Flops + 744, options.Cost(Full).Flops);
            Assert.Equal(plain.Cost(Matmul).Flops, options.Cost(Matmul).Flops);
        }

        [Fact]
        public void Final_soft_capping_embedding_scale_and_a_layernorm_without_shift()
        {
            // Logits 3 rows x V 10: 10 per logit = 300 under Full. Embedding scale: 3 rows x D 4 = 12.
            var head = new LMHeadSpec(4, 10, false, false, 3);
            Assert.Equal(head.Cost(Full).Flops + 300, (head with { SoftCap = true }).Cost(Full).Flops);
            var embedding = new EmbeddingSpec(10, 4, 3);
            Assert.Equal(12d, (embedding with { Scaled = true }).Cost(Full).Flops);
            // Cohere's LayerNorm: weight only (D params), 4 per element.
            var norm = new NormSpec(NormKind.LayerNorm, 4, 3) { NoShift = true };
            Assert.Equal((4d, 48d), (norm.Cost(Full).Parameters, norm.Cost(Full).Flops));
        }
    }
}
