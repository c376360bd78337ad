using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Memory, KV cache, decode reads and the PaLM method read the rows, so heterogeneous models come out right.</summary>
    public class HeterogeneousPlanningTests
    {
        private static TransformerConfig Small(string extra) => ModelFileLoader.Parse(
            "name: t\ntransformer:\n  model_dim: 64\n  heads: 4\n  kv_heads: 2\n  head_dim: 16\n  ffn: swiglu\n  norm: rmsnorm\n  vocab_size: 100\n" + extra,
            "t.yaml").Transformer;

        [Fact]
        public void Activations_of_a_dense_layer_and_an_moe_layer_each_by_their_own_rows()
        {
            // Layer 0 dense (F 128), layer 1 MoE (2 routed + 1 shared of 32); s 8, b 1, flash attention, no TP.
            var c = Small("  layers: 2\n  ffn_dim: 128\n  moe: {experts: 4, top_k: 2, shared_experts: 1, expert_ffn_dim: 32, first_dense_layers: 1}\n");
            // Attention: 2*8*64 (Q) + 4*8*32 (K, V) + 2*8*64 (output input) = 3,072, input and mask 3*8*64 = 1,536; two norms
            // 2 x 2*8*64 = 2,048; FFN input and mask 1,536. Dense FFN 6*8*128 = 6,144: 14,336. MoE 6*8*(2*32 + 32) = 4,608: 12,800.
            Assert.Equal((14_336d + 12_800d) / 2, Memory.ActivationBytesPerLayer(c, 8, 1, new MemoryLayout()));
            // Full recomputation keeps each layer's input, 2*8*64 = 1,024; the working set is the larger layer's rebuild,
            // 14,336 - 1,024.
            var full = new MemoryLayout { Recompute = Recompute.Full };
            Assert.Equal(1_024d, Memory.ActivationBytesPerLayer(c, 8, 1, full));
            Assert.Equal(14_336d - 1_024d, Memory.RecomputeWorkingSetBytes(c, 8, 1, full));
        }

        [Fact]
        public void Kv_cache_of_local_and_global_layers_and_of_latent_attention()
        {
            // Gemma-2-27B at 8,192 positions in bf16: 23 local layers keep 4,096, 23 global 8,192; 16 KV heads of 128.
            var gemma = Repo.Model("gemma-2-27b").Transformer;
            double values = 23d * 2 * 16 * 128 * 4096 + 23d * 2 * 16 * 128 * 8192;
            Assert.Equal(values * 2, KvCache.Bytes(gemma, 8192, 1, 2));
            // TP 4: each rank 4 of the 16 KV heads; PP 2: 23 of 46 layers.
            Assert.Equal(values * 2 / 4 / 2, KvCache.BytesPerDevice(gemma, 8192, 1, 2, new ParallelLayout { TensorParallel = 4, PipelineParallel = 2 }));
            // DeepSeek-V3: 61 x 576 latent values per position, the same on every tensor-parallel rank.
            var v3 = Repo.Model("deepseek-v3").Transformer;
            Assert.Equal(61d * 576 * 4096 * 2, KvCache.Bytes(v3, 4096, 1, 2));
            Assert.Equal(61d * 576 * 4096 * 2, KvCache.BytesPerDevice(v3, 4096, 1, 2, new ParallelLayout { TensorParallel = 8 }));
        }

        [Fact]
        public void A_batch_of_one_decodes_reading_exactly_the_active_parameters()
        {
            // DeepSeek-V3, one sequence: each of the 58 MoE layers reads its 8 routed experts (E (1 - (1 - 8/256)^1) = 8) and
            // the shared one, the 3 dense layers everything: 671,026,404,352 - 58 x 248 x 44,040,192 = 37,552,282,624,
            // the active count (HuggingFaceFamilyTests derives it). The MTP module is not read.
            var v3 = Repo.Model("deepseek-v3").Transformer;
            var cost = Inference.Estimate(v3, 16, 4096, 1, 1, 2, CountingOptions.Default);
            Assert.Equal(37_552_282_624d, cost.WeightBytesPerStep, 0);
            Assert.Equal(61d * 576 * 4096 * 2, cost.KvCacheBytes);
        }

        [Fact]
        public void Palm_method_sums_each_layers_attention()
        {
            // DeepSeek-V3 at T 4096: 6N (N active 37,552,282,624) + 3 x (2 x 128 x 4096 x 192 + 2 x 128 x 4096 x 128) per layer
            // and token x 61 = 225,313,695,744 + 61,404,610,560 = 286,718,306,304.
            var work = TrainingWork.Of(Repo.Model("deepseek-v3"), 4096, WorkMethod.PaLM, CountingOptions.Default, Recompute.None);
            Assert.Equal(286_718_306_304d, work.ModelFlopsPerToken);
            // A uniform model keeps PaLM's 6N + 12 L H Q T exactly: Llama-3.1-8B, L 32, H 32, Q 128, T 8192.
            var llama = TrainingWork.Of(Repo.Model("llama-3.1-8b"), 8192, WorkMethod.PaLM, CountingOptions.Default, Recompute.None);
            Assert.Equal(6 * 8_030_261_248d + 12d * 32 * 32 * 128 * 8192, llama.ModelFlopsPerToken);
        }
    }
}
