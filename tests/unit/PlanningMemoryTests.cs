using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Issue 13 items 4, 5, 7, 9 and 10: each figure the issue found wrong, derived by hand. Model shapes from the
    /// built-in files (Llama 3.1: Llama Team 2024, arXiv:2407.21783 Table 3; Llama 2: Touvron et al. 2023 Table 1).
    /// </summary>
    public class PlanningMemoryTests
    {
        private static TransformerConfig Llama(string name) => Repo.Model(name).Transformer;

        [Fact]
        public void Full_recompute_with_sequence_parallelism_keeps_the_layer_inputs_sharded()
        {
            // 405B (126 layers, h 16384) at s 32768, b 1, TP 8 with SP: 2 s b h L / t = 2 x 32768 x 16384 x 126 / 8
            // = 16,911,433,728 bytes (about 16.9 GB; 135 GB without the / t).
            var layout = new MemoryLayout { TensorParallel = 8, SequenceParallel = true, Recompute = Recompute.Full };
            Assert.Equal(16_911_433_728d, Memory.ActivationBytesPerLayer(Llama("llama-3.1-405b"), 32768, 1, layout) * 126);
        }

        [Fact]
        public void Full_recompute_adds_the_working_set_of_the_layer_being_rebuilt()
        {
            // Llama-3.1-8B at s 32768, b 1, eager attention, TP 1: the rebuilt layer holds Eq. 1's whole set less the
            // stored input 2sbh. Per token: Q 2h_q + K,V 4h_kv + output-projection input 2h_q + gated FFN 6F + whole 8h
            // (inputs and norm inputs; Llama has no dropout masks) + the softmax output 2as (no attention dropout, so no mask
            // and no dropout output), h = h_q = 4096, h_kv = 8 x 128 = 1024, F 14336, a 32. The scores alone are
            // 2 x 32 x 32768^2 = 68.7 GB (171.8 GB with Korthikanti's 5as, for a model trained with dropout).
            double s = 32768;
            double expected = s * (2 * 4096 + 4 * 1024 + 2 * 4096 + 6 * 14336 + 8 * 4096 + 2 * 32 * s - 2 * 4096);
            var layout = new MemoryLayout { Recompute = Recompute.Full, FlashAttention = false };
            Assert.Equal(expected, Memory.RecomputeWorkingSetBytes(Llama("llama-3.1-8b"), 32768, 1, layout));
            Assert.True(expected > 68.7e9);
            // Selective recomputation rebuilds only the scores: 2 a s^2 b here (5 a s^2 b with dropout); with flash attention none.
            Assert.Equal(2 * 32 * s * s, Memory.RecomputeWorkingSetBytes(Llama("llama-3.1-8b"), 32768, 1,
                new MemoryLayout { Recompute = Recompute.Selective, FlashAttention = false }));
            var withDropout = Llama("llama-3.1-8b") with { AttentionDropout = true, HiddenDropout = true };
            Assert.Equal(5 * 32 * s * s, Memory.RecomputeWorkingSetBytes(withDropout, 32768, 1,
                new MemoryLayout { Recompute = Recompute.Selective, FlashAttention = false }));
            Assert.Equal(0d, Memory.RecomputeWorkingSetBytes(Llama("llama-3.1-8b"), 32768, 1,
                new MemoryLayout { Recompute = Recompute.Selective, FlashAttention = true }));
        }

        [Fact]
        public void Logits_and_their_softmax_are_counted_vocabulary_parallel()
        {
            // Llama 3 vocabulary 128,256 at s 8192, b 1: bf16 logits 2 s V + fp32 softmax 4 s V = 6 x 8192 x 128256
            // = 6,304,038,912 bytes at TP 1; Megatron's vocabulary-parallel cross-entropy splits it over TP 8.
            var c = Llama("llama-3.1-8b");
            Assert.Equal(6_304_038_912d, Memory.LogitsBytes(c, 8192, 1, new MemoryLayout()));
            Assert.Equal(6_304_038_912d / 8, Memory.LogitsBytes(c, 8192, 1, new MemoryLayout { TensorParallel = 8 }));
            // In the total: 32 layers of activations plus the logits (PP 1), nothing recomputed.
            var layout = new MemoryLayout();
            Assert.Equal(Memory.ActivationBytesPerLayer(c, 8192, 1, layout) * 32 + 6_304_038_912d, Memory.TrainingActivationBytes(c, 8192, 1, layout));
        }

        [Fact]
        public void One_kv_split_rule_replicates_kv_heads_beyond_their_count()
        {
            // Llama-2-70B (80 layers, 8 KV heads, head dim 128) at 4096 tokens, bf16: 2 x 80 x 8 x 128 x 4096 x 2 = 1,342,177,280.
            var c = Llama("llama-2-70b");
            Assert.Equal(1_342_177_280d, KvCache.Bytes(c, 4096, 1, 2));
            // TP 16 > 8 KV heads: each device keeps one head (a replica), 1/8 of the cache = 0.168 GB, not 1/16.
            Assert.Equal(1_342_177_280d / 8, KvCache.BytesPerDevice(c, 4096, 1, 2, new ParallelLayout { TensorParallel = 16 }));
            Assert.Equal(1L, KvCache.KvHeadsPerDevice(c, 16));
            // TP 4: two heads each. PP 4: 20 layers per stage. DP replicates and changes nothing.
            Assert.Equal(1_342_177_280d / 4 / 4, KvCache.BytesPerDevice(c, 4096, 1, 2, new ParallelLayout { TensorParallel = 4, PipelineParallel = 4, DataParallel = 3 }));
        }

        [Fact]
        public void Inference_memory_honours_pipeline_parallelism()
        {
            // 405B on TP 8 x PP 4 at 8192 tokens, bf16: weights P x 2 / 32; KV 2 x ceil(126/4)=32 layers x 1 head x 128 x 8192 x 2.
            var c = Llama("llama-3.1-405b");
            var m = Memory.Inference(405e9, c, 8192, 1, new Precision(DataType.BF16), new ParallelLayout { TensorParallel = 8, PipelineParallel = 4 });
            Assert.Equal(405e9 * 2 / 32, m.WeightBytes);
            Assert.Equal(2d * 32 * 1 * 128 * 8192 * 2, m.KvCacheBytes);
        }

        [Fact]
        public void Layout_is_checked_against_the_model_shape_with_error_ids()
        {
            var c = Llama("llama-3.1-8b");   // 32 heads, 32 layers, dense
            Assert.Equal("TensorParallelHeads", Assert.Throws<FlopsArgumentException>(() => new ParallelLayout { TensorParallel = 3 }.CheckAgainst(c)).ErrorId);
            Assert.Equal("PipelineParallelLayers", Assert.Throws<FlopsArgumentException>(() => new ParallelLayout { PipelineParallel = 33 }.CheckAgainst(c)).ErrorId);
            Assert.Equal("ExpertParallelExperts", Assert.Throws<FlopsArgumentException>(() => new ParallelLayout { ExpertParallel = 2, DataParallel = 2 }.CheckAgainst(c)).ErrorId);
            // Mixtral has 8 experts: EP 3 does not divide them.
            Assert.Equal("ExpertParallelExperts", Assert.Throws<FlopsArgumentException>(() =>
                new ParallelLayout { ExpertParallel = 3, DataParallel = 3 }.CheckAgainst(Llama("mixtral-8x7b"))).ErrorId);
            // GPT-2 learns 1024 positions (Radford et al. 2019): 2048 tokens is an error.
            Assert.Equal("SequenceBeyondPositions", Assert.Throws<FlopsArgumentException>(() =>
                ParallelLayout.Single.CheckSequence(Repo.Model("gpt2").Transformer, 2048)).ErrorId);
            // Devices are the product TP x PP x DP x CP; EP adds none.
            Assert.Equal(2L * 3 * 5 * 7, new ParallelLayout { TensorParallel = 2, PipelineParallel = 3, DataParallel = 5, ContextParallel = 7 }.DeviceCount);
        }

        [Fact]
        public void Smallest_layout_searches_tp_and_pp_and_never_exceeds_the_heads()
        {
            // A model of 8 heads and 16 layers that fits only on 16 or more devices: TP stops at 8, so TP 8 x PP 2.
            var c = new TransformerConfig { Layers = 16, ModelDim = 512, Heads = 8, FfnDim = 2048, VocabSize = 100 };
            var found = MemoryFit.SmallestLayout(ParallelLayout.Single, c, false, l => l.DeviceCount >= 16);
            Assert.Equal(8L, found.TensorParallel);
            Assert.Equal(2L, found.PipelineParallel);
            // Equal device counts prefer TP within one 8-device node over more pipeline stages: 8 devices is TP 8 x PP 1.
            var eight = MemoryFit.SmallestLayout(ParallelLayout.Single, c, false, l => l.DeviceCount >= 8);
            Assert.Equal((8L, 1L), (eight.TensorParallel, eight.PipelineParallel));
            // Data parallelism is searched only when asked (ZeRO): then 32 devices come as DP.
            Assert.Null(MemoryFit.SmallestLayout(ParallelLayout.Single, c, false, l => l.DataParallel >= 4));
            Assert.Equal(4L, MemoryFit.SmallestLayout(ParallelLayout.Single, c, true, l => l.DataParallel >= 4).DataParallel);
        }

        [Fact]
        public void Fit_verdict_uses_the_runtime_capacity_less_the_stated_reserve()
        {
            // H100 SXM: nvidia-smi 81,559 MiB = 85,520,809,984 bytes (modal-labs/modal-client PR #2797); 10 % reserve.
            var h100 = new Hardware { Name = "H100", MemoryGB = 80, MemoryBytes = 85_520_809_984 };
            var v = MemoryFit.Verdict(76e9, h100);
            Assert.Equal(85_520_809_984d * 0.9, v.UsableBytes);
            Assert.True(v.Fits);                        // 76 GB < 76.97 GB usable; against 80e9 x 0.9 = 72 GB it would not fit
            Assert.Equal(76e9 / 85_520_809_984d, v.Fraction);
            // A row without memory_bytes falls back to the printed GB x 10^9.
            Assert.Equal(24e9, new Hardware { Name = "x", MemoryGB = 24 }.MemoryBytes);
        }

        [Fact]
        public void Matmul_convention_counts_no_bias_adds()
        {
            // Linear 4 -> 4 with bias over 3 rows: 3 x 4 x 4 = 48 MACs; Matmul 2 x 48 = 96; Full adds 3 x 4 = 12 bias adds.
            var linear = new LinearSpec(4, 4, true, 3);
            Assert.Equal(96d, linear.Cost(new CountingOptions(Convention.Matmul)).Flops);
            Assert.Equal(108d, linear.Cost(new CountingOptions(Convention.Full)).Flops);
            // GPT-2 (every projection biased): under Matmul the whole model's FLOPs are exactly 2 x MACs.
            var cost = ModelCalculator.Cost(Repo.Model("gpt2"), 1024, 1, new CountingOptions(Convention.Matmul)).Total;
            Assert.Equal(2 * cost.Macs, cost.Flops);
        }
    }
}
