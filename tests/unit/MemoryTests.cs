using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Memory per device against ZeRO (Rajbhandari et al. 2020) and Korthikanti et al. 2022.</summary>
    public class MemoryTests
    {
        /// <summary>
        /// ZeRO, Figure 1: Ψ = 7.5B parameters, N_d = 64, K = 12 (mixed-precision Adam), GB = 10^9 bytes:
        /// baseline (2 + 2 + K)Ψ = 120 GB; P_os 2Ψ + 2Ψ + KΨ/N_d = 31.4 GB; P_os+g 2Ψ + (2 + K)Ψ/N_d = 16.6 GB;
        /// P_os+g+p (2 + 2 + K)Ψ/N_d = 1.9 GB.
        /// </summary>
        [Theory]
        [InlineData(0, 120.0, 120e9)]                // 16 x 7.5e9
        [InlineData(1, 31.4, 31.40625e9)]            // (2 + 2) x 7.5e9 + 12 x 7.5e9 / 64
        [InlineData(2, 16.6, 16.640625e9)]           // 2 x 7.5e9 + 14 x 7.5e9 / 64
        [InlineData(3, 1.9, 1.875e9)]                // 16 x 7.5e9 / 64
        public void Zero_figure_1_per_device_model_states(int stage, double printedGB, double exactBytes)
        {
            var states = Memory.ModelStates(7.5e9, new MemoryLayout { ZeroStage = stage, DataParallel = 64 });
            Assert.Equal(printedGB, System.Math.Round(states.TotalBytes / 1e9, 1));
            Assert.Equal(exactBytes, states.TotalBytes);
            Assert.Equal(12d, Memory.OptimizerBytesPerParameter(Optimizer.Adam, DataType.BF16));
        }

        [Fact]
        public void Optimizer_states_for_other_optimizers_and_plain_fp32()
        {
            Assert.Equal(8d, Memory.OptimizerBytesPerParameter(Optimizer.SgdMomentum, DataType.BF16));  // master 4 + momentum 4
            Assert.Equal(4d, Memory.OptimizerBytesPerParameter(Optimizer.Adafactor, DataType.BF16));    // master only
            Assert.Equal(8d, Memory.OptimizerBytesPerParameter(Optimizer.Adam, DataType.FP32));         // moments, no master copy
            // Tensor x pipeline parallelism split the states first: 1e9 params over 4 x 2 devices, FP32 Adam: 16 bytes each / 8.
            var split = Memory.ModelStates(1e9, new MemoryLayout { DataType = DataType.FP32, TensorParallel = 4, PipelineParallel = 2 });
            Assert.Equal(16e9 / 8, split.TotalBytes);
        }

        private static readonly TransformerConfig Gpt3Layer = new TransformerConfig
        {
            Layers = 96, ModelDim = 12288, Heads = 96, FfnDim = 4 * 12288, Ffn = FfnKind.Mlp, VocabSize = 50257,
            // GPT-3 as Megatron trains it, with dropout: Table 2 counts the 1-byte masks (as^2b and 2sbh).
            AttentionDropout = true, HiddenDropout = true,
        };

        /// <summary>
        /// Korthikanti et al. 2022, Table 2, per GPT-3 layer (s 2048, b 1, h 12288, a 96), t = 8, bytes:
        /// sbh = 25,165,824 and 5as/h = 80, so no parallelism sbh(34 + 80) = 2,868,903,936; tensor parallel
        /// sbh(10 + 24/8 + 80/8) = 578,813,952; + sequence parallel sbh(34/8 + 80/8) = 358,612,992; tensor parallel
        /// + selective sbh(10 + 24/8) = 327,155,712; + sequence parallel sbh(34/8) = 106,954,752; full recompute 2sbh.
        /// </summary>
        [Theory]
        [InlineData(1, false, Recompute.None, 2_868_903_936d)]
        [InlineData(8, false, Recompute.None, 578_813_952d)]
        [InlineData(8, true, Recompute.None, 358_612_992d)]
        [InlineData(8, false, Recompute.Selective, 327_155_712d)]
        [InlineData(8, true, Recompute.Selective, 106_954_752d)]
        [InlineData(8, false, Recompute.Full, 50_331_648d)]
        // Issue 13: with sequence parallelism the checkpointed layer input is the sequence-sharded one, 2sbh / t =
        // 50,331,648 / 8 (the old figure, 2sbh whole, was wrong for SP).
        [InlineData(8, true, Recompute.Full, 6_291_456d)]
        public void Korthikanti_activation_memory_of_a_gpt3_layer(long t, bool sequenceParallel, Recompute recompute, double bytes)
        {
            // Korthikanti counts eager attention: flash attention off explicitly.
            var layout = new MemoryLayout { TensorParallel = t, SequenceParallel = sequenceParallel, Recompute = recompute, FlashAttention = false };
            Assert.Equal(bytes, Memory.ActivationBytesPerLayer(Gpt3Layer, 2048, 1, layout));
        }

        [Fact]
        public void Flash_attention_drops_the_s_squared_term()
        {
            // sbh x 34 = 25,165,824 x 34 = 855,638,016: Eq. 1 without 5as/h.
            Assert.Equal(855_638_016d, Memory.ActivationBytesPerLayer(Gpt3Layer, 2048, 1, new MemoryLayout { FlashAttention = true }));
        }

        [Fact]
        public void Grouped_query_and_gated_ffn_generalise_equation_1()
        {
            // Llama-2-70B layer, s 4096, b 1: h 8192, h_q 8192, h_kv 8 x 128 = 1024, F 28672 gated, a 64.
            // Attention 2sb h_q (Q) + 2sb h_kv (K) + 2sb h_kv (V) + 2sb h_q (output input) = sb (16384 + 4096 + 16384)
            // FFN gated 6 sb F = sb 172,032. Trained with dropout (Korthikanti's Eq. 1): whole 10 sbh = sb 81,920 (inputs,
            // norm inputs, two 1-byte masks), scores 5 a s sb = sb 5 x 64 x 4096 (softmax 2, mask 1, dropout output 2).
            double sb = 4096;
            double expected = sb * (16384 + 4096 + 16384 + 172_032 + 81_920 + 5d * 64 * 4096);
            var llama = Repo.Model("llama-2-70b").Transformer;
            var withDropout = llama with { AttentionDropout = true, HiddenDropout = true };
            Assert.Equal(expected, Memory.ActivationBytesPerLayer(withDropout, 4096, 1, new MemoryLayout { FlashAttention = false }));
            // As Llama 2 trains (HF config attention_dropout 0.0, no hidden dropout): no masks, whole 8 sbh = sb 65,536, and
            // the softmax output alone, 2 a s sb, serves as the score x V input.
            double withoutMasks = sb * (16384 + 4096 + 16384 + 172_032 + 65_536 + 2d * 64 * 4096);
            Assert.Equal(withoutMasks, Memory.ActivationBytesPerLayer(llama, 4096, 1, new MemoryLayout { FlashAttention = false }));
        }

        [Fact]
        public void A_70b_model_in_bf16_needs_two_80_gb_devices_for_inference()
        {
            // Weights 68,976,648,192 x 2 bytes = 137.95 GB; KV cache at 4K, batch 1, fp16: 2 x 80 x 8 x 128 x 4096 x 2.
            var llama = Repo.Model("llama-2-70b").Transformer;
            var one = Memory.Inference(68_976_648_192d, llama, 4096, 1, DataType.BF16, DataType.BF16, 1);
            Assert.Equal(2 * 68_976_648_192d + 1_342_177_280d, one.TotalBytes);
            var two = Memory.Inference(68_976_648_192d, llama, 4096, 1, DataType.BF16, DataType.BF16, 2);
            Assert.Equal(68_976_648_192d + 1_342_177_280d / 2, two.TotalBytes);
            double usable = 80e9 * 0.9;   // an 80 GB device less a 10 % reserve
            Assert.True(one.TotalBytes > usable);
            Assert.True(two.TotalBytes <= usable);
            Assert.Equal(2L, MemoryFit.Smallest(MemoryFit.PowersOfTwo(1 << 20), tp => Memory.Inference(68_976_648_192d, llama, 4096, 1, DataType.BF16, DataType.BF16, tp).TotalBytes <= usable));
            // The KV cache splits over at most 8 devices (8 KV heads): at TP 16 it is 1/8, not 1/16.
            Assert.Equal(1_342_177_280d / 8, Memory.Inference(0, llama, 4096, 1, DataType.BF16, DataType.BF16, 16).KvCacheBytes);
        }
    }
}
