using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// A sweep's shared ServingCostCache against the direct computation: every estimate of a sweep that reuses one cache
    /// equals the estimate computed with a fresh one, and each step's bytes as a function of the batch (StepTraffic) equal
    /// the sum over the rows expanded at that batch. The models cover each way a step's rows depend on the batch: learned
    /// positions (GPT-2), MoE (Mixtral), MLA with MoE and an MTP module beside the main model (DeepSeek-V3), a state-space
    /// model (Mamba), an attention/SSM/MoE hybrid (Jamba), encoder-decoders (T5 v1.1, Whisper's audio front end), a vision
    /// tower run at prefill (LLaVA-1.5).
    /// </summary>
    public class ServingCostCacheTests
    {
        public static IEnumerable<object[]> Models() => new[]
        {
            new object[] { "gpt2" }, new object[] { "mixtral-8x7b" }, new object[] { "deepseek-v3" },
            new object[] { "mamba-130m-hf.json" }, new object[] { "jamba-v0.1.json" },
            new object[] { "t5-v1_1-base.json" }, new object[] { "whisper-large-v3.json" }, new object[] { "llava-1.5-7b-hf.json" },
        };

        private static TransformerConfig Load(string name) =>
            (name.EndsWith(".json") ? Repo.Config(name) : Repo.Model(name)).Transformer;

        // Figures from the H100 SXM datasheet (80 GB, 3,350 GB/s, 989.5 dense BF16 TFLOP/s, 1,979 FP8); the values only
        // need to be the same on both paths.
        private static readonly Hardware H100 = new Hardware
        {
            Name = "H100-SXM", MemoryGB = 80, MemoryBandwidthGBps = 3350, Bf16TFlops = 989.5, Fp8TFlops = 1979, Int8TOps = 1979,
        };

        private static readonly ServingSystem Nvlink = new ServingSystem { ScaleUpGBps = 900, ScaleUpDomain = 8, ScaleOutGbps = 400 };

        [Theory]
        [MemberData(nameof(Models))]
        public void A_shared_cache_gives_the_record_a_fresh_one_gives(string name)
        {
            var c = Load(name);
            var counting = new CountingOptions(Convention.Full, CausalMask: true);
            var cache = new ServingCostCache(c, counting);
            // Two layouts (TP 2 x PP 2 when the heads allow it), two precisions (the FP8 cache has another byte size),
            // prompts and contexts revisited out of order, so that a key missing one of them would hand back a stale entry.
            var layouts = new List<ParallelLayout> { new ParallelLayout() };
            if (c.Heads % 2 == 0) layouts.Add(new ParallelLayout { TensorParallel = 2, PipelineParallel = 2, DataParallel = 3 });
            var precisions = new[] { new ServingOptions { Counting = counting }, new ServingOptions { Counting = counting, Precision = new Precision(DataType.FP8) } };
            int compared = 0;
            foreach (var options in precisions)
                foreach (var layout in layouts)
                    foreach (long batch in new long[] { 1, 7, 64, 7 })
                        foreach (var (prompt, context) in new[] { (64L, 256L), (256L, 256L), (64L, 400L), (64L, 256L) })
                        {
                            var workload = new ServingWorkload(prompt, context, batch, 100);
                            var shared = Serving.Estimate(c, H100, Nvlink, layout, workload, options, cache);
                            var fresh = Serving.Estimate(c, H100, Nvlink, layout, workload, options);
                            Assert.Equal(fresh, shared);
                            compared++;
                        }
            Assert.True(compared >= 32);
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void Each_steps_bytes_at_a_batch_equal_the_sum_over_the_rows_expanded_at_that_batch(string name)
        {
            var c = Load(name);
            var cache = new ServingCostCache(c, CountingOptions.Default);
            foreach (var precision in new[] { Precision.Default, new Precision(DataType.INT4) })
                foreach (var phase in new[] { InferencePhase.Decode, InferencePhase.Prefill })
                    foreach (long length in new long[] { 1, 300, 4096 })
                        foreach (long batch in new long[] { 1, 3, 1000 })
                        {
                            // The direct path: the rows expanded at the batch, each kind's bytes summed (what Get-LayerFlops'
                            // roofline shows row by row). Every figure here is an integer (or half of one) below 2^53, so the
                            // two sums agree to the last bit whatever their order.
                            var direct = Serving.Traffic(StepRoofline.StepRows(c, phase, length, batch), precision);
                            var swept = cache.Traffic(phase, length, precision).At(batch);
                            Assert.True(direct.TotalBytes < 9e15);
                            Assert.Equal(direct.WeightBytes, swept.WeightBytes);
                            Assert.Equal(direct.ActivationBytes, swept.ActivationBytes);
                            Assert.Equal(direct.KvCacheReadBytes, swept.KvCacheReadBytes);
                            Assert.Equal(direct.KvCacheWriteBytes, swept.KvCacheWriteBytes);
                        }
        }

        [Fact]
        public void A_search_sharing_one_cache_across_contexts_finds_what_fresh_searches_find()
        {
            // Find-ServingLayout holds one cache for a model's sweep of contexts; every deployment it returns must be the one
            // a search with its own cache returns, in the same order.
            var c = Repo.Model("mixtral-8x7b").Transformer;
            var options = new ServingOptions();
            var shared = new ServingCostCache(c, options.Counting);
            foreach (long context in new long[] { 4096, 1024, 32768, 4096 })
            {
                var withShared = Serving.Search(c, H100, Nvlink, 16, 512, context, 100, options, costs: shared);
                var withFresh = Serving.Search(c, H100, Nvlink, 16, 512, context, 100, options);
                Assert.NotEmpty(withFresh);
                Assert.Equal(withFresh, withShared);
            }
        }

        [Fact]
        public void A_sequence_beyond_a_learned_position_table_is_refused_after_shorter_ones_passed()
        {
            // GPT-2's learned position table has 1,024 positions (n_positions); the cache skips the check only for lengths
            // no longer than one that passed.
            var c = Repo.Model("gpt2").Transformer;
            var cache = new ServingCostCache(c, CountingOptions.Default);
            var layout = new ParallelLayout();
            Serving.Estimate(c, H100, Nvlink, layout, new ServingWorkload(1024, 1024, 1), new ServingOptions(), cache);
            Serving.Estimate(c, H100, Nvlink, layout, new ServingWorkload(10, 10, 1), new ServingOptions(), cache);
            var e = Assert.Throws<FlopsArgumentException>(() =>
                Serving.Estimate(c, H100, Nvlink, layout, new ServingWorkload(16, 1025, 1), new ServingOptions(), cache));
            Assert.Equal("SequenceBeyondPositions", e.ErrorId);
            // A layout the model refuses is refused on a cache that checked another layout (GPT-2 has 12 heads).
            Assert.Throws<FlopsArgumentException>(() => Serving.Estimate(c, H100, Nvlink, new ParallelLayout { TensorParallel = 5 },
                new ServingWorkload(16, 16, 1), new ServingOptions(), cache));
        }

        [Fact]
        public void The_kv_split_per_sequence_is_the_one_kv_rule()
        {
            // Llama-2-70B: 80 layers x 8 KV heads x 128. One sequence at 4096 in BF16: 2 x 80 x 8 x 128 x 4096 x 2 B =
            // 1,342,177,280 B. On TP 16 each rank holds one KV head (8 of 16 replicated) and PP 2 halves the layers:
            // 1,342,177,280 / 8 / 2 = 83,886,080 B, a share of 1/16.
            var c = Repo.Model("llama-2-70b").Transformer;
            var cache = new ServingCostCache(c, CountingOptions.Default);
            var split = cache.KvPerSequence(4096, 2, new ParallelLayout { TensorParallel = 16, PipelineParallel = 2 });
            Assert.Equal(83_886_080d, split.BytesPerDevice);
            Assert.Equal(1d / 16, split.Share);
            // Data parallelism replicates the deployment: same figure, not a stale entry of another layout.
            Assert.Equal(split, cache.KvPerSequence(4096, 2, new ParallelLayout { TensorParallel = 16, PipelineParallel = 2, DataParallel = 4 }));
            Assert.Equal(1_342_177_280d, cache.KvPerSequence(4096, 2, new ParallelLayout()).BytesPerDevice);
        }
    }
}
