using System;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>The engine against formulas and figures printed in papers (docs/references.md quotes them).</summary>
    public class PublishedReferenceTests
    {
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        private static TransformerConfig Gpt(long layers, long d, long heads, long vocab, long positions) => new TransformerConfig
        {
            Layers = layers, ModelDim = d, Heads = heads, FfnDim = 4 * d, Ffn = FfnKind.Mlp, Activation = ActivationKind.GELU,
            Norm = NormKind.LayerNorm, Bias = TransformerBias.None, VocabSize = vocab, TiedEmbeddings = true,
            Positions = PositionKind.Learned, MaxSequenceLength = positions,
        };

        /// <summary>
        /// Kaplan et al. 2020, Table 1 (arXiv:2001.08361): per token, QKV 2 n_layer d_model 3 d_attn, Project
        /// 2 n_layer d_attn d_model, Feedforward 2 n_layer 2 d_model d_ff, Mask 2 n_layer n_ctx d_attn.
        /// The Mask row matches our scores + scores x V under a causal mask: each query sees (n_ctx + 1) / 2
        /// keys on average, 2 matmuls x 2 FLOPs x d_attn each = 2 (n_ctx + 1) d_attn, so it differs by 1/n_ctx.
        /// </summary>
        [Fact]
        public void Kaplan_table_1_per_operation_counts_for_gpt2_small_shape()
        {
            const long layers = 12, d = 768, ctx = 1024, dff = 3072;
            var c = Gpt(layers, d, 12, 50257, ctx);
            var block = TransformerExpander.Block(c with { Causal = true }, ctx, 1);
            var causal = new CountingOptions(Convention.Matmul, CausalMask: true);
            var attention = block.Single(p => p.Name == "attention").Spec.Cost(causal).Breakdown;
            var ffn = block.Single(p => p.Name == "feed_forward").Spec.Cost(causal).Breakdown;
            double perToken(double v) => v * layers / ctx;

            Assert.Equal(2d * layers * d * 3 * d, perToken(attention.AttentionProjection));
            Assert.Equal(2d * layers * d * d, perToken(attention.AttentionOutput));
            Assert.Equal(2d * layers * 2 * d * dff, perToken(ffn.FeedForward));
            double mask = perToken(attention.AttentionScore + attention.AttentionValue);
            Assert.Equal(2d * layers * (ctx + 1) * d, mask);

            // N = 2 d_model n_layer (2 d_attn + d_ff) = 84,934,656 non-embedding parameters (Eq. 2.1).
            double nonEmbedding = block.Where(p => p.Name == "attention" || p.Name == "feed_forward")
                .Sum(p => p.Spec.Cost(Matmul).Parameters) * layers;
            Assert.Equal(84_934_656d, nonEmbedding);
            // C_forward = 2N + 2 n_layer n_ctx d_attn = 188,743,680 per token (Eq. 2.2). The causal count has
            // (n_ctx + 1) for n_ctx: 169,869,312 + 2 x 12 x 1025 x 768 = 188,762,112.
            double forward = perToken(attention.Total + ffn.Total);
            Assert.Equal(188_762_112d, forward);
        }

        /// <summary>
        /// PaLM (Chowdhery et al. 2022), Appendix B: training FLOPs per token = 6N + 12 L H Q T. The attention
        /// term is exactly our scores and scores x V (full square, no mask) times 3 for training:
        /// 3 x (2 + 2) H Q T per layer and token. PaLM 540B: L 118, H 48, Q 256 (reproduces Table 22's 3.28 TFLOPs),
        /// T 2048, multi-query attention, d_model 18432.
        /// </summary>
        [Fact]
        public void Palm_attention_term_is_12_L_H_Q_T()
        {
            const long L = 118, H = 48, Q = 256, T = 2048, D = 18432;
            var attention = AttentionSpec.Create(D, H, kvHeads: 1, headDim: Q, sequenceLength: T).Cost(Matmul).Breakdown;
            double perTokenTraining = Passes.Training(attention.AttentionScore + attention.AttentionValue) * L / T;
            Assert.Equal(35_634_806_784d, perTokenTraining);             // 12*118*48*256*2048, by hand
            Assert.Equal(12d * L * H * Q * T, perTokenTraining);
            double total = Engine.Planning.Planner.Palm(540.35e9, L, H, Q, T);
            Assert.Equal(3.28e12, Math.Round(total / 1e10) * 1e10);       // Table 22 prints 3.28 TFLOPs per token
        }

        /// <summary>
        /// Megatron-LM (Narayanan et al. 2021, §5.1, Eq. 3): with activation recomputation, FLOPs per
        /// iteration F = 96 B s l h^2 (1 + s / 6h + V / 16 l h). Our Matmul-convention count with full
        /// recomputation is the same sum: 4 x (24 B s h^2 + 4 B s^2 h) per layer, plus 3 x 2 B s h V for
        /// the logits (not recomputed: Eq. 3's V term is 6 B s h V). Configurations of Table 1.
        /// </summary>
        [Theory]
        [InlineData(24, 2304, 24, 512)]        // 1.7B
        [InlineData(80, 12288, 96, 2304)]      // 145.6B
        [InlineData(128, 25600, 160, 3072)]    // 1T
        public void Megatron_equation_3_iteration_flops(long l, long h, long heads, long B)
        {
            const long s = 2048, V = 51200;
            var cost = ModelCalculator.Cost(new ModelDefinition { Transformer = Gpt(l, h, heads, V, s) }, s, B, Matmul);
            double ours = cost.HardwareFlops(Recompute.Full);   // layers recomputed, the logit layer not
            double megatron = 96d * B * s * l * h * h * (1 + s / (6d * h) + V / (16d * l * h));
            Assert.Equal(1, ours / megatron, 12);
        }

        /// <summary>Megatron-LM Eq. 2: P = 12 l h^2 (1 + 13 / 12h + (V + s) / 12 l h). It leaves out the final LayerNorm (2h).</summary>
        [Theory]
        [InlineData(24, 2304, 24, 1.7e9)]
        [InlineData(128, 25600, 160, 1008.0e9)]
        public void Megatron_equation_2_parameters(long l, long h, long heads, double printed)
        {
            const long s = 2048, V = 51200;
            var c = Gpt(l, h, heads, V, s) with { Bias = TransformerBias.AllButHead };
            double ours = ModelCalculator.Cost(new ModelDefinition { Transformer = c }, s, 1, Matmul).Total.Parameters;
            double megatron = 12d * l * h * h * (1 + 13 / (12d * h) + (V + s) / (12d * l * h));
            Assert.Equal(megatron + 2 * h, ours, 0);
            Assert.Equal(printed, Math.Round(ours / 1e8) * 1e8, 0);   // Table 1 prints billions to one decimal
        }
    }
}
