using System;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Serving on a deployment (Serving, KvCache, LayerTraffic). Every expected value is derived by hand in the
    /// comment beside it from the model's config.json dimensions and the device's datasheet.
    /// </summary>
    public class ServingTests
    {
        // NVIDIA H100 SXM datasheet: 80 GB, 3,350 GB/s, 989.5 TFLOP/s dense BF16 (half the 1,979 "with sparsity").
        private static readonly Hardware H100 = new Hardware
        {
            Name = "H100-SXM", MemoryGB = 80, MemoryBandwidthGBps = 3350, Bf16TFlops = 989.5, Fp8TFlops = 1979, Int8TOps = 1979,
        };

        // NVLink 4 900 GB/s both directions (450 one way), 8 per domain, 400 Gb/s network, alpha 8 us; efficiency 1
        // so that compute terms are plain peak arithmetic.
        private static readonly ServingSystem Nvlink = new ServingSystem
        {
            ScaleUpGBps = 900, ScaleUpDomain = 8, ScaleOutGbps = 400, CollectiveLatencySeconds = 8e-6, Efficiency = 1,
        };

        private static readonly ServingOptions Bf16 = new ServingOptions();

        private static ParallelLayout Tp(long tp, long pp = 1) => new ParallelLayout { TensorParallel = tp, PipelineParallel = pp };

        private static TransformerConfig Model(string name) => Repo.Model(name).Transformer;

        private static ServingEstimate Estimate(string model, long tp, long batch, long prompt, long context, long pp = 1,
            ServingOptions options = null, Hardware device = null, ServingSystem system = null) =>
            Serving.Estimate(Model(model), device ?? H100, system ?? Nvlink,
                new ParallelLayout { TensorParallel = tp, PipelineParallel = pp },
                new ServingWorkload(prompt, context, batch), options ?? Bf16);

        [Theory]
        // Served weights are every tower's, in BF16 on one device: t5-v1_1-base 247,577,856 x 2 (its encoder runs only at
        // prefill), whisper-large-v3 1,543,490,560 x 2, llava-1.5-7b 7,063,427,072 x 2 (vision tower and projector
        // included); the totals are each family's hand-derived, published count (EncoderDecoderFamilyTests,
        // MultimodalFamilyTests). A decode step reads only the decoder's: less than the resident weights.
        [InlineData("t5-v1_1-base.json", 495_155_712d)]
        [InlineData("whisper-large-v3.json", 3_086_981_120d)]
        [InlineData("llava-1.5-7b-hf.json", 14_126_854_144d)]
        public void Every_tower_s_weights_are_resident_though_decode_reads_the_decoder_s(string config, double weightBytes)
        {
            var c = Repo.Config(config).Transformer;
            var estimate = Serving.Estimate(c, H100, Nvlink, new ParallelLayout(), new ServingWorkload(16, 64, 1), Bf16);
            Assert.Equal(weightBytes, estimate.WeightBytes);
            Assert.True(estimate.DecodeWeightBytesPerStep < weightBytes);
        }

        [Fact]
        public void Kv_cache_splits_over_at_most_the_kv_heads_one_rule_for_memory_and_serving()
        {
            // Llama-2-70B: 80 layers, 8 KV heads of 128. Batch 8 at 4096: 2 x 80 x 8 x 128 x 4096 x 8 x 2 B = 10,737,418,240.
            // On TP 16 each device keeps ceil(8/16) = 1 head: 10,737,418,240 / 8 = 1,342,177,280 (1.34 GB), not / 16 (0.67 GB).
            var llama = Model("llama-2-70b");
            Assert.Equal(10_737_418_240d, KvCache.Bytes(llama, 4096, 8, 2));
            Assert.Equal(1_342_177_280d, KvCache.BytesPerDevice(llama, 4096, 8, 2, Tp(16)));
            Assert.Equal(1_342_177_280d, Memory.Inference(0, llama, 4096, 8, DataType.BF16, DataType.BF16, 16).KvCacheBytes);
            Assert.Equal(1_342_177_280d, Estimate("llama-2-70b", 16, 8, 16, 4096).KvCacheBytes);
            // TP 4: two heads each, a quarter. PP 4 over 80 layers: 20 layers each, a further quarter.
            Assert.Equal(10_737_418_240d / 4, KvCache.BytesPerDevice(llama, 4096, 8, 2, Tp(4)));
            Assert.Equal(10_737_418_240d / 16, KvCache.BytesPerDevice(llama, 4096, 8, 2, Tp(4, 4)));
            // 126 layers on PP 4: the busiest stage holds ceil(126/4) = 32 of them.
            var big = Model("llama-3.1-405b");
            Assert.Equal(KvCache.Bytes(big, 1024, 1, 2) * 32 / 126, KvCache.BytesPerDevice(big, 1024, 1, 2, Tp(1, 4)), 6);
        }

        [Fact]
        public void Kv_split_agrees_with_llm_analysis()
        {
            // llm-analysis analysis.py get_memory_kv_cache_per_layer: 2 b s (h / n_head) max(n_kv / tp, 1) bytes per layer.
            // Llama-3.1-8B (h 4096, 32 heads, 8 KV heads, 32 layers), b 4, s 2048, tp 2, fp8 cache (1 byte).
            double perLayer = 2d * 4 * 2048 * (4096 / 32) * Math.Max(8 / 2, 1) * 1;
            Assert.Equal(perLayer * 32, KvCache.BytesPerDevice(Model("llama-3.1-8b"), 2048, 4, 1, Tp(2)));
        }

        [Fact]
        public void Decode_reads_the_embedding_rows_it_indexes_not_the_table()
        {
            // Llama-3.1-8B: 8,030,261,248 parameters (HF safetensors total); the untied input embedding is 128,256 x 4096
            // = 525,336,576 of them. A batch-1 decode step reads one row (4096) of it:
            // (8,030,261,248 - 525,336,576 + 4096) x 2 B = 15,009,857,536 bytes, 1,050,664,960 (1.05 GB) less than the whole model.
            var e = Estimate("llama-3.1-8b", 1, 1, 1, 8192);
            Assert.Equal(15_009_857_536d, e.DecodeWeightBytesPerStep);
            Assert.Equal(8_030_261_248d * 2 - 1_050_664_960d, e.DecodeWeightBytesPerStep);
            // The weights it holds are still all of them.
            Assert.Equal(8_030_261_248d * 2, e.WeightBytes);
        }

        [Fact]
        public void Tp8_decode_is_the_memory_roofline_of_each_devices_share()
        {
            // Llama-3.1-70B: 70,553,706,496 parameters; input embedding 128,256 x 8192 = 1,050,673,152.
            // Batch 1, context 4096, BF16. Weights read per step: (70,553,706,496 - 1,050,673,152 + 8192) x 2 = 139,006,083,072 B.
            // KV: read 2 x 80 x 8 x 128 x 4096 x 2 = 1,342,177,280 B, and the new token's keys and values written,
            // 2 x 80 x 8 x 128 x 1 x 2 = 327,680 B. On TP 8 each device moves 1/8 of both:
            // (139,006,083,072 + 1,342,504,960) / 8 = 17,543,573,504 B, / 3.35e12 B/s = 5.2369 ms.
            var e = Estimate("llama-3.1-70b", 8, 1, 1, 4096);
            Assert.Equal(139_006_083_072d / 8, e.DecodeWeightBytesPerStep);
            Assert.Equal((1_342_177_280d + 327_680) / 8, e.DecodeKvCacheBytesPerStep);
            Assert.Equal(17_543_573_504d / 3.35e12, e.DecodeMemorySeconds, 12);
            Assert.True(e.DecodeMemoryBound);
            // Two all-reduces per layer of 1 x 8192 x 2 B = 16,384 B over 8 ranks at 450 GB/s one way:
            // 8e-6 + 2 x 7/8 x 16,384 / 450e9 = 8.0637e-6 s; x 160 = 1.29019 ms.
            double allReduce = 8e-6 + 2 * 7d / 8 * 16384 / 450e9;
            Assert.Equal(160 * allReduce, e.DecodeTensorParallelCommSeconds, 12);
            Assert.Equal(17_543_573_504d / 3.35e12 + 160 * allReduce, e.TimePerOutputTokenSeconds, 12);
        }

        [Fact]
        public void Tp_all_reduce_bandwidth_term_agrees_with_llm_analysis()
        {
            // llm-analysis get_latency_fwd_per_tp_comm: 2 b s h (tp - 1) / tp elements x bytes / intra-node bandwidth
            // (450 GB/s for h100-sxm-80gb.json), floored at intra_node_min_message_latency 8 us. Our alpha-beta time
            // adds the alpha instead of taking the larger: the bandwidth term is the same.
            double b = 16, s = 512, h = 8192, tp = 4, bytes = 2;
            double theirs = 2 * b * s * h * (tp - 1) / tp * bytes / 450e9;
            Assert.Equal(theirs, Nvlink.AllReduceSeconds(b * s * h * bytes, 4, 450e9) - 8e-6, 15);
        }

        [Fact]
        public void Decode_all_reduce_shares_training_s_bandwidth_factor_not_its_small_message_ramp()
        {
            // One 8-rank all-reduce of a batch-1 decode message, 1 x 8192 x 2 B = 16,384 B, at 450 GB/s one way.
            // Serving: alpha + 2 x 7/8 x 16,384 / 450e9 = 8e-6 + 6.3716e-8 = 8.0637e-6 s, with the factor 2 (n - 1) / n that
            // training's Collectives.Factor gives (nccl-tests PERFORMANCE.md).
            Assert.Equal(2 * 7d / 8, Collectives.Factor(CollectiveKind.AllReduce, 8));
            Assert.Equal(8e-6 + 1.75 * 16384 / 450e9, Nvlink.AllReduceSeconds(16384, 8, 450e9), 15);
            // Training's model (docs/step-time.md) on the same message: 14 ring steps x 1e-5 s, then the bytes at the link
            // efficiency e(S) = (370/450) S / (S + tau W), tau = 58e6 x ((370/450) / (150/450) - 1) / 450e9 = 189.037 us, so
            // tau W = 85,066,667 B and e(16,384) = 1.58331e-4: 1.4e-4 + 1.75 x 16,384 / (450e9 x 1.58331e-4) = 5.42420e-4 s,
            // 67 x serving's figure. The ramp comes from a 58 MB message (the scaling book); extrapolated to kilobytes it adds
            // ~400 us to every collective, 50 x llm-analysis's small-message floor of 8 us, so serving keeps its alpha
            // (docs/inference.md, "Communication": unifying the two needs a small-message measurement).
            var links = new Interconnect { ScaleUpBytesPerSecond = 450e9, ScaleUpDomain = 8 };
            Assert.Equal(5.42420e-4, Collectives.Seconds(CollectiveKind.AllReduce, 16384, 8, 1, links), 9);
        }

        [Fact]
        public void Tp8_costs_more_than_half_of_tp4_because_of_its_all_reduces()
        {
            // Memory-bound decode halves from TP 4 to TP 8 (8 KV heads, so the KV cache halves too), but each of the
            // 160 all-reduces keeps its 8 us alpha: TP 8 per step is more than half of TP 4's.
            var tp4 = Estimate("llama-3.1-70b", 4, 1, 1, 4096);
            var tp8 = Estimate("llama-3.1-70b", 8, 1, 1, 4096);
            Assert.Equal(tp4.DecodeMemorySeconds / 2, tp8.DecodeMemorySeconds, 12);
            Assert.True(tp8.TimePerOutputTokenSeconds > tp4.TimePerOutputTokenSeconds / 2);
            // By hand: TP 4 = 2 x 5.2369 + 160 x (8e-6 + 1.5 x 16,384 / 450e9) = 11.7636 ms; TP 8 = 6.5271 ms > 5.8818.
            Assert.Equal(2 * 17_543_573_504d / 3.35e12 + 160 * (8e-6 + 1.5 * 16384 / 450e9), tp4.TimePerOutputTokenSeconds, 12);
            // Per device-second the pair differs too: TP 8 serves fewer tokens per device.
            Assert.True(tp8.TokensPerSecondPerDevice < tp4.TokensPerSecondPerDevice);
        }

        [Fact]
        public void Short_prompt_prefill_streams_the_weights_at_least_once()
        {
            // Llama-2-70B (68,976,648,192 parameters; input embedding 32,000 x 8192 = 262,144,000), a 16-token prompt on one
            // H100: weights read (68,976,648,192 - 262,144,000 + 16 x 8192) x 2 = 137,429,270,528 B; KV written
            // 2 x 80 x 8 x 128 x 16 x 2 = 5,242,880 B; / 3.35e12 = 41.0254 ms. Compute is 2 x ~69e9 x 16 = 2.2 TFLOP, 2.2 ms
            // at peak: the memory term binds. (Issue 13: the old figure, FLOPs over peak alone, was 2.2 ms.)
            var e = Estimate("llama-2-70b", 1, 1, 16, 16);
            Assert.Equal((137_429_270_528d + 5_242_880d) / 3.35e12, e.TimeToFirstTokenSeconds, 12);
            Assert.InRange(e.TimeToFirstTokenSeconds, 0.041, 0.0411);
            Assert.True(e.PrefillComputeSeconds < 0.0025);
        }

        [Fact]
        public void Long_prompt_prefill_is_compute_bound_at_the_achievable_fraction()
        {
            // Llama-3.1-8B, 8192-token prompt, Matmul convention with the causal mask. The layers' matrices: 8,030,261,248
            // parameters less the two 525,336,576 tables (embedding, LM head) and the 266,240 RMSNorm gains (65 x 4096)
            // = 6,979,321,856, at 2 x 8192 FLOPs each = 1.14349e14; the LM head on each sequence's last token only
            // (2 x 525,336,576); attention 2 x 2 x 32 layers x 32 heads x 128 x 8192 x 8193 / 2 causal pairs = 1.09968e13.
            // At 0.801 x 989.5e12 FLOP/s that is 0.15816 s; streaming the 15 GB of weights takes 4.8 ms.
            var options = new ServingOptions { Counting = new CountingOptions(Convention.Matmul, CausalMask: true) };
            var system = Nvlink with { Efficiency = 0.801 };
            var e = Estimate("llama-3.1-8b", 1, 1, 8192, 8192, options: options, system: system);
            double matmuls = 2 * 6_979_321_856d * 8192 + 2 * 525_336_576d;
            double attention = 2d * 2 * 32 * 32 * 128 * (8192d * 8193 / 2);
            Assert.Equal(1, e.PrefillFlops / (matmuls + attention), 12);
            Assert.Equal((matmuls + attention) / (0.801 * 989.5e12), e.TimeToFirstTokenSeconds, 9);
        }

        [Fact]
        public void Max_batch_for_llama_3_1_8b_on_an_80_GB_device_at_8k()
        {
            // Capacity 80e9 B less a 10 % reserve = 72e9; weights 8,030,261,248 x 2 = 16,060,522,496; free 55,939,477,504.
            // Per sequence: KV 2 x 32 x 8 x 128 x 8192 x 2 = 1,073,741,824 plus the fp32 logits 128,256 x 4 = 513,024.
            // floor(55,939,477,504 / 1,074,254,848) = floor(52.07) = 52.
            var e = Estimate("llama-3.1-8b", 1, 1, 8192, 8192);
            Assert.Equal(52, e.MaxBatchSize);
            Assert.Equal(52, (long)Math.Floor(55_939_477_504d / 1_074_254_848d));
            Assert.True(Estimate("llama-3.1-8b", 1, 52, 1, 8192).Fits);
            Assert.False(Estimate("llama-3.1-8b", 1, 53, 1, 8192).Fits);
            // With no reserve: floor((80e9 - 16,060,522,496) / 1,074,254,848) = floor(59.52) = 59.
            Assert.Equal(59, Estimate("llama-3.1-8b", 1, 1, 1, 8192, options: new ServingOptions { ReserveFraction = 0 }).MaxBatchSize);
        }

        [Fact]
        public void Fp8_kv_cache_apart_from_bf16_weights_halves_the_cache_not_the_weights()
        {
            // KV per sequence at 8K in fp8: 536,870,912 + logits 513,024 = 537,383,936; floor(55,939,477,504 / 537,383,936) = 104.
            var e = Estimate("llama-3.1-8b", 1, 1, 1, 8192, options: new ServingOptions { Precision = new Precision(DataType.BF16, DataType.FP8) });
            Assert.Equal(104, e.MaxBatchSize);
            Assert.Equal(16_060_522_496d, e.WeightBytes);
        }

        [Fact]
        public void Cost_per_million_tokens_is_price_times_devices_over_tokens_per_second()
        {
            // Llama-3.1-8B, batch 1, context 8192, one H100 at 2.50 per hour. TPOT = (15,009,857,536 + KV read 1,073,741,824
            // + KV written 2 x 32 x 8 x 128 x 2 = 131,072) / 3.35e12
            // = 4.80107 ms (memory-bound; no communication on one device). Tokens/s = 1 / TPOT = 208.29.
            // Cost = 2.50 x 1 / 3600 / 208.29 x 1e6 = 3.334 per million output tokens. llm-analysis's
            // compute_cost_per_1k_tokens is 1000 x cost_per_gpu_hour x num_gpus / 3600 / tokens_per_sec: x 1000 the same.
            var e = Estimate("llama-3.1-8b", 1, 1, 1, 8192, options: new ServingOptions { PricePerDeviceHour = 2.5 });
            double tpot = (15_009_857_536d + 1_073_741_824d + 131_072) / 3.35e12;
            Assert.Equal(tpot, e.TimePerOutputTokenSeconds, 12);
            Assert.Equal(2.5 * 1 / 3600 * tpot * 1e6, e.CostPerMillionOutputTokens.Value, 9);
            Assert.Equal(1000 * e.CostPerMillionOutputTokens.Value / 1e6 * 1000, 1000 * 2.5 * 1 / 3600 / (1 / tpot) * 1000, 9);
            // On TP 2 x PP 2 the price counts all four devices.
            var four = Estimate("llama-3.1-8b", 2, 1, 1, 8192, pp: 2, options: new ServingOptions { PricePerDeviceHour = 2.5 });
            Assert.Equal(2.5 * 4 / 3600 / four.TokensPerSecond * 1e6, four.CostPerMillionOutputTokens.Value, 9);
            Assert.Null(Estimate("llama-3.1-8b", 1, 1, 1, 8192).CostPerMillionOutputTokens);
        }

        [Fact]
        public void Pipeline_stages_add_their_hand_offs_not_a_speed_up()
        {
            // Llama-3.1-70B on PP 2 (TP 1): each stage reads half the weights, one after the other, so the memory term is the
            // TP 1 figure: (139,006,083,072 + 1,342,504,960) / 3.35e12 = 41.895 ms; one hand-off of 8192 x 2 B inside the
            // domain: 8e-6 + 16,384 / 450e9.
            var e = Estimate("llama-3.1-70b", 1, 1, 1, 4096, pp: 2);
            Assert.Equal(140_348_588_032d / 3.35e12, e.DecodeMemorySeconds, 12);
            Assert.Equal(8e-6 + 16384 / 450e9, e.DecodePipelineCommSeconds, 15);
            Assert.Equal(0, e.DecodeTensorParallelCommSeconds);
            // TP 8 x PP 2 = 16 devices spans two 8-device domains: the one boundary crosses the network (400 Gb/s = 50 GB/s).
            var wide = Estimate("llama-3.1-70b", 8, 1, 1, 4096, pp: 2);
            Assert.Equal(8e-6 + 16384 / 50e9, wide.DecodePipelineCommSeconds, 15);
        }

        [Fact]
        public void Tensor_parallel_beyond_the_domain_uses_the_network()
        {
            // TP 16 over 8-device domains: each all-reduce at 50 GB/s: 8e-6 + 2 x 15/16 x 16,384 / 50e9.
            var e = Estimate("llama-3.1-70b", 16, 1, 1, 4096);
            Assert.Equal(160 * (8e-6 + 2 * 15d / 16 * 16384 / 50e9), e.DecodeTensorParallelCommSeconds, 12);
        }

        [Fact]
        public void Moe_decode_reads_the_experts_the_batch_touches()
        {
            // Mixtral-8x7B: 46,702,792,704 parameters, 12,879,925,248 active (top-2 of 8). One token picks 2 experts per
            // layer: 8 (1 - (1 - 2/8)^1) = 2, so it reads the active parameters less the embedding table (32,000 x 4096 =
            // 131,072,000) plus the one row (4096): 12,748,857,344 x 2 B.
            var one = Estimate("mixtral-8x7b", 1, 1, 1, 4096);
            Assert.Equal(12_748_857_344d * 2, one.DecodeWeightBytesPerStep);
            // 64 tokens touch 8 (1 - 0.75^64) = 7.99999 experts: almost all of them.
            var many = Estimate("mixtral-8x7b", 1, 64, 1, 4096);
            double expert = 3d * 4096 * 14336;
            double touched = 8 * (1 - Math.Pow(0.75, 64));
            double expected = (46_702_792_704d - 131_072_000 + 64 * 4096 - 32 * (8 - touched) * expert) * 2;
            Assert.Equal(expected, many.DecodeWeightBytesPerStep, 0);
        }

        [Fact]
        public void A_405b_model_at_32k_does_not_fit_one_h100_and_the_search_finds_deployments_that_do()
        {
            // 405,853,388,800 x 2 B = 811.7 GB of weights against 72 GB usable: no batch fits.
            var one = Estimate("llama-3.1-405b", 1, 1, 32768, 32768);
            Assert.False(one.Fits);
            Assert.Equal(0, one.MaxBatchSize);
            // 16 devices hold 16 x 72 = 1,152 GB: TP 8 x PP 2 (50.7 GB of weights each, KV at 32K 16.9 GB / 8 / 2 per sequence).
            var found = Serving.Search(Model("llama-3.1-405b"), H100, Nvlink, 16, 32768, 32768, null, Bf16);
            Assert.NotEmpty(found);
            Assert.All(found, e => Assert.True(e.Fits));
            Assert.All(found, e => Assert.True(e.Deployment.DeviceCount <= 16));
            Assert.Contains(found, e => e.Deployment.TensorParallel == 8 && e.Deployment.PipelineParallel == 2);
            Assert.DoesNotContain(found, e => e.DevicesPerReplica < 16);   // 811.7 GB needs more than 8 x 72 GB
            for (int i = 1; i < found.Count; i++)
                Assert.True(found[i - 1].TokensPerSecondPerDevice >= found[i].TokensPerSecondPerDevice);
        }

        [Fact]
        public void Search_keeps_only_deployments_that_meet_the_latency_targets()
        {
            var c = Model("llama-3.1-8b");
            var all = Serving.Search(c, H100, Nvlink, 8, 1024, 2048, null, Bf16);
            var fast = Serving.Search(c, H100, Nvlink, 8, 1024, 2048, null, Bf16, maxTimePerOutputToken: 0.010, maxTimeToFirstToken: 0.5);
            Assert.NotEmpty(fast);
            Assert.All(fast, e => Assert.True(e.TimePerOutputTokenSeconds <= 0.010 && e.TimeToFirstTokenSeconds <= 0.5));
            Assert.True(all.Max(e => e.TokensPerSecondPerDevice) >= fast.Max(e => e.TokensPerSecondPerDevice));
            // A target no deployment meets (the weights alone take 0.6 ms to stream on 8 devices): nothing.
            Assert.Empty(Serving.Search(c, H100, Nvlink, 8, 1024, 2048, null, Bf16, maxTimePerOutputToken: 1e-4));
            // Replicas fill the budget: a TP 1 deployment on 8 devices is 8 replicas.
            Assert.Contains(all, e => e.Deployment.TensorParallel == 1 && e.Deployment.DataParallel == 8);
        }

        [Fact]
        public void Layouts_are_checked_against_the_model()
        {
            // Llama-3.1-8B has 32 query heads and 32 layers.
            Assert.Throws<FlopsArgumentException>(() => Estimate("llama-3.1-8b", 3, 1, 1, 1024));
            Assert.Throws<FlopsArgumentException>(() => Estimate("llama-3.1-8b", 1, 1, 1, 1024, pp: 33));
            Assert.Throws<FlopsArgumentException>(() => Estimate("llama-3.1-8b", 1, 0, 1, 1024));
            // GPT-2's learned position table has 1024 rows.
            Assert.Throws<FlopsArgumentException>(() => Estimate("gpt2", 1, 1, 1, 2048));
            // A device without a scale-up figure cannot be priced on more than one device.
            Assert.Throws<FlopsArgumentException>(() => Estimate("llama-3.1-8b", 2, 1, 1, 1024, system: new ServingSystem()));
            Assert.Throws<FlopsArgumentException>(() => Serving.Estimate(Model("llama-3.1-8b"), H100, Nvlink with { Efficiency = 0 },
                new ParallelLayout(), new ServingWorkload(1, 1, 1), Bf16));
        }

        [Fact]
        public void Every_figure_is_finite_and_non_negative_at_extremes()
        {
            var e = Estimate("llama-3.1-8b", 1, 1L << 20, 1, 131072);
            foreach (double v in new[] { e.TimePerOutputTokenSeconds, e.TimeToFirstTokenSeconds, e.TokensPerSecond, e.MemoryBytesPerDevice, e.ArithmeticIntensity })
                Assert.True(v >= 0 && !double.IsNaN(v) && !double.IsInfinity(v));
            Assert.False(e.Fits);
        }

        [Fact]
        public void Layer_traffic_agrees_with_llm_viewer_for_the_linear_layers_and_the_cache()
        {
            // LLM-Viewer model_analyzer.py (@472f71f), decode stage, per linear layer: load_weight ic oc w, load_act ic b a,
            // store_act oc b a (k_proj and v_proj store into the cache instead: oc b kv). Llama-3.1-8B, b 4, 16-bit.
            double D = 4096, F = 14336, Hd = 32 * 128, Kv = 8 * 128, b = 4, a = 2, w = 2;
            double Linear(double ic, double oc) => ic * oc * w + ic * b * a + oc * b * a;
            double LinearToCache(double ic, double oc) => ic * oc * w + ic * b * a + oc * b * a;
            // gate_proj, up_proj, down_proj; their mlp_act is priced on the hidden size (b h, load 2, store 1), ours on the
            // F-wide gate product it actually multiplies (load 2 b F, store b F): docs/inference.md says why.
            double viewerFfn = Linear(D, F) + Linear(D, F) + Linear(F, D);
            double ourAct = 3 * b * F * a;
            var ffn = LayerTraffic.For(new FeedForwardSpec(4096, 14336, FfnKind.SwiGlu, ActivationKind.SiLU, false, 4), Precision.Default);
            Assert.Equal(viewerFfn + ourAct, ffn.TotalBytes);

            // Attention: q_proj, k_proj, v_proj, out_proj as above (with GQA widths); the fused core loads q and stores the
            // output (b Hd each); the cache read is qk_matmul's plus sv_matmul's load_kv_cache: 2 x s d_h b H_kv kv.
            long s = 8192;
            var attention = AttentionSpec.Create(4096, 32, 8, 128, 4, 1, s, causal: true) with { KvCached = true };
            var bytes = LayerTraffic.For(attention, Precision.Default);
            double viewerProjections = Linear(D, Hd) + LinearToCache(D, Kv) + LinearToCache(D, Kv) + Linear(Hd, D);
            Assert.Equal(viewerProjections + 2 * b * Hd * a, bytes.TotalBytes - bytes.KvCacheReadBytes);
            Assert.Equal(2d * s * 128 * 4 * 8 * 2, bytes.KvCacheReadBytes);
            // The norms: load and store b h (LLM-Viewer attn_norm / mlp_norm), plus our h weights.
            var norm = LayerTraffic.For(new NormSpec(NormKind.RMSNorm, 4096, 4), Precision.Default);
            Assert.Equal(2 * b * D * a + D * w, norm.TotalBytes);
        }

        [Fact]
        public void Decode_step_per_layer_roofline_by_hand()
        {
            // Llama-3.1-8B, 16 sequences at 8192, BF16, Matmul convention, H100 (ridge 989.5e12 / 3.35e12 = 295 FLOP/B).
            // FFN (SwiGLU, F 14336): 6 x 16 x 4096 x 14336 = 5,637,144,576 FLOPs; weights 3 x 4096 x 14336 x 2 = 352,321,536 B;
            // activations 16 x (3 x 4096 + 6 x 14336) x 2 = 3,145,728 B; intensity 5,637,144,576 / 355,467,264 = 15.86: memory-bound,
            // 355,467,264 / 3.35e12 = 106.1 us per layer.
            var (_, rows) = StepRoofline.Rows(Model("llama-3.1-8b"), InferencePhase.Decode, 8192, 16, Precision.Default,
                new CountingOptions(Convention.Matmul), H100);
            var ffn = rows.Single(r => r.Layer.Row.Name == "feed_forward");
            Assert.Equal(5_637_144_576d, ffn.Layer.Cost.Flops);
            Assert.Equal(355_467_264d, ffn.Bytes.TotalBytes);
            Assert.Equal(5_637_144_576d / 355_467_264d, ffn.ArithmeticIntensity, 12);
            Assert.Equal(355_467_264d / 3.35e12, ffn.Seconds.Value, 15);
            Assert.True(ffn.MemoryBound);
            Assert.Equal(32, ffn.Layer.Row.Count);
            // Attention reads 16 x 8192 cached positions x 2 x 8 heads x 128 x 2 B = 536,870,912 B of cache per layer.
            var attention = rows.Single(r => r.Layer.Row.Name == "attention");
            Assert.Equal(536_870_912d, attention.Bytes.KvCacheReadBytes);
            Assert.True(attention.MemoryBound);
            // The rows' weights add up to what Serving says one device reads per decode step.
            double weights = rows.Sum(r => r.Bytes.WeightBytes * r.Layer.Row.Count);
            Assert.Equal(Estimate("llama-3.1-8b", 1, 16, 1, 8192).DecodeWeightBytesPerStep, weights);
        }

        [Fact]
        public void Prefill_runs_the_lm_head_on_each_last_token_only()
        {
            // 4 prompts of 512: every layer sees 2048 rows, the LM head 4 (2 x 4 x 4096 x 128,256 FLOPs, as LLM-Viewer's
            // lm_head counts batch x 1 rows).
            var (_, rows) = StepRoofline.Rows(Model("llama-3.1-8b"), InferencePhase.Prefill, 512, 4, Precision.Default, new CountingOptions(Convention.Matmul));
            var head = rows.Single(r => r.Layer.Row.Name == "lm_head");
            Assert.Equal(2d * 4 * 4096 * 128256, head.Layer.Cost.Flops);
            Assert.Null(head.Seconds);
            Assert.Equal(2d * 2048 * 4096 * 14336 * 3, rows.Single(r => r.Layer.Row.Name == "feed_forward").Layer.Cost.Flops);
        }

        [Fact]
        public void Decode_activation_traffic_is_small_at_batch_1_and_left_out_of_the_step()
        {
            // Llama-3.1-8B, batch 1, 16-bit activations, per token: embedding 4096 x 2 = 8,192; per layer attention_norm
            // 2 x 4096 x 2 = 16,384, attention (4 x 4096 + 4 x 4096) x 2 = 65,536, residual 3 x 4096 x 2 = 24,576,
            // feed_forward_norm 16,384, feed_forward (3 x 4096 + 6 x 14336) x 2 = 196,608, residual 24,576: 344,064 x 32
            // = 11,010,048; final_norm 16,384; lm_head (4096 + 128,256) x 2 = 264,704. Total 11,299,328 B, against the
            // step's 15,009,857,536 + 1,073,872,896 = 16,083,730,432 B of weights and cache: 0.07 %.
            var (_, rows) = StepRoofline.Rows(Model("llama-3.1-8b"), InferencePhase.Decode, 8192, 1, Precision.Default, new CountingOptions());
            double activations = rows.Sum(r => r.Bytes.ActivationBytes * r.Layer.Row.Count);
            Assert.Equal(11_299_328d, activations);
            var e = Estimate("llama-3.1-8b", 1, 1, 1, 8192);
            Assert.Equal(16_083_730_432d, e.DecodeBytesPerStep);
            Assert.Equal(0.0007, Math.Round(activations / e.DecodeBytesPerStep, 4));
            // Batch 256 at 1024: 256 x 11,299,328 = 2,892,627,968 B against (7,504,924,672 + 256 x 4096) x 2 = 15,011,946,496 of
            // weights + 256 x 134,348,800 (KV read and written per sequence) = 49,405,239,296 B: 5.9 %.
            var big = Estimate("llama-3.1-8b", 1, 256, 1, 1024);
            var (_, bigRows) = StepRoofline.Rows(Model("llama-3.1-8b"), InferencePhase.Decode, 1024, 256, Precision.Default, new CountingOptions());
            double bigActivations = bigRows.Sum(r => r.Bytes.ActivationBytes * r.Layer.Row.Count);
            Assert.Equal(256 * 11_299_328d, bigActivations);
            Assert.Equal(49_405_239_296d, big.DecodeBytesPerStep);
            Assert.Equal(0.059, Math.Round(bigActivations / big.DecodeBytesPerStep, 3));
        }

        [Theory]
        [InlineData("mixtral-8x7b")]
        [InlineData("gpt2")]
        [InlineData("llama-3.1-8b")]
        public void A_sweep_scales_the_batch_1_step_exactly(string name)
        {
            // The sweep counts each step once at batch 1 and scales it (every FLOP formula has B as a factor). Checked
            // against counting the batch-B step directly, with and without a shared cache.
            var c = Model(name);
            var counting = new CountingOptions(Convention.Full, CausalMask: true);
            var options = new ServingOptions { Counting = counting };
            var cache = new ServingCostCache(c, counting);
            foreach (long batch in new long[] { 1, 3, 64 })
            {
                var cached = Serving.Estimate(c, H100, Nvlink, new ParallelLayout(), new ServingWorkload(512, 1024, batch), options, cache);
                var fresh = Serving.Estimate(c, H100, Nvlink, new ParallelLayout(), new ServingWorkload(512, 1024, batch), options);
                double decode = ModelCost.Compute(StepRoofline.StepRows(c, InferencePhase.Decode, 1024, batch), 1, batch, counting).Total.Flops;
                double prefill = ModelCost.Compute(StepRoofline.StepRows(c, InferencePhase.Prefill, 512, batch), 512, batch, counting).Total.Flops;
                Assert.Equal(1, cached.DecodeFlopsPerStep / decode, 12);
                Assert.Equal(1, cached.PrefillFlops / prefill, 12);
                Assert.Equal(fresh.TimePerOutputTokenSeconds, cached.TimePerOutputTokenSeconds);
                Assert.Equal(fresh.TimeToFirstTokenSeconds, cached.TimeToFirstTokenSeconds);
            }
        }
    }
}
