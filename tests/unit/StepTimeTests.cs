using System;
using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Each communication term of the step-time model derived by hand for a small case, and layout validation.</summary>
    public class StepTimeTests
    {
        private static readonly System.Collections.Generic.IReadOnlyList<Hardware> Table =
            HardwareFileLoader.Load(Path.Combine(Repo.Root, "module", "data", "hardware.yaml"));

        private static Hardware Device(string name) => Table.Single(h => h.Name == name);

        private static TrainingStep Step(ParallelLayout layout, long sequence) =>
            new TrainingStep { Layout = layout, Workload = new Workload(sequence, 1, layout.DataParallel) };

        // Efficiency ramp constant by hand: 58e6 x ((370/450) / (150/450) - 1) / 450e9 = 58e6 x 1.4667 / 450e9 = 189.04 us.
        private const double Tau = 58e6 * (370.0 / 150.0 - 1) / 450e9;

        private static double Efficiency(double bytes, double bandwidth) => 370.0 / 450.0 * bytes / (bytes + Tau * bandwidth);

        [Fact]
        public void Only_a_model_with_an_LM_head_writes_logits_on_its_last_stage()
        {
            // GPT-2's head writes its 50,257-wide vocabulary per token; BERT-base (a pooled encoder, no LM head) none, so its
            // step prices no fp32 logits traffic (Memory.LogitsBytes counts none either).
            Assert.Equal(50_257, StepTimeProfile.Of(Repo.Model("gpt2"), 512, flashAttention: true).VocabSize);
            Assert.Equal(0, StepTimeProfile.Of(Repo.Model("bert-base"), 512, flashAttention: true).VocabSize);
        }

        [Fact]
        public void Interconnect_comes_from_the_row_one_direction_and_overrides_replace_it()
        {
            // A100 row: 600 GB/s both directions -> 300e9 B/s one way; 200 Gb/s -> 25e9 B/s (step-time.md, Selene).
            var a100 = Interconnect.Of(Device("A100-SXM-80GB"));
            Assert.Equal((300e9, 8L, 25e9), (a100.ScaleUpBytesPerSecond, a100.ScaleUpDomain, a100.ScaleOutBytesPerSecond));
            // GB200 NVL72 described on a B200 row: 72 devices per domain; an H800's 400 GB/s NVLink.
            var nvl72 = Interconnect.Of(Device("B200"), scaleUpDomain: 72, scaleUpGBps: 400);
            Assert.Equal((200e9, 72L), (nvl72.ScaleUpBytesPerSecond, nvl72.ScaleUpDomain));
            var e = Assert.Throws<FlopsArgumentException>(() => Interconnect.Of(Device("L4")));
            Assert.Equal("NoInterconnect", e.ErrorId);
        }

        [Fact]
        public void Ring_all_reduce_of_1GB_over_4_devices_in_one_domain()
        {
            // By hand: alpha 2(k-1) + 2(k-1)/k x n / (W e(n)); k = 4, n = 1e9 B, W = 300e9 B/s (A100 NVLink one way),
            // e(n) = 0.82222 x 1e9 / (1e9 + 189.04e-6 x 300e9 = 56.71e6) = 0.77810;
            // 6e-5 + 1.5 x 1e9 / (300e9 x 0.77810) = 6e-5 + 6.4259e-3 = 6.4859e-3 s.
            var links = Interconnect.Of(Device("A100-SXM-80GB"));
            Assert.Equal(6.4859e-3, Collectives.Seconds(CollectiveKind.AllReduce, 1e9, 4, 1, links), 7);
            // Reduce-scatter + all-gather move the same bytes as one all-reduce (Korthikanti §6.2).
            double rsag = Collectives.Seconds(CollectiveKind.ReduceScatter, 1e9, 4, 1, links) + Collectives.Seconds(CollectiveKind.AllGather, 1e9, 4, 1, links);
            Assert.Equal(Collectives.Seconds(CollectiveKind.AllReduce, 1e9, 4, 1, links), rsag, 12);
        }

        [Fact]
        public void All_reduce_leaving_the_domain_runs_at_the_network_s_bandwidth()
        {
            // 16 A100s in two domains of 8: one ring through all 16, as fast as its slowest link, the 25e9 B/s network.
            // e(1e9 B on 25e9 B/s) = 0.82222 x 1e9 / (1e9 + 189.04e-6 x 25e9 = 4.726e6) = 0.81835;
            // 30 x 2e-5 + 2 x 15/16 x 1e9 / (25e9 x 0.81835) = 6e-4 + 0.0916473 = 0.0922473 s. Stride 8 (one per domain): the same.
            var links = Interconnect.Of(Device("A100-SXM-80GB"));
            Assert.Equal(0.0922473, Collectives.Seconds(CollectiveKind.AllReduce, 1e9, 16, 1, links), 7);
            Assert.Equal(0.0922473, Collectives.Seconds(CollectiveKind.AllReduce, 1e9, 16, 8, links), 7);
            // Stride 4: two members per domain, still 16 members spread over 8 domains: the network again.
            Assert.Equal(2, Collectives.MembersPerDomain(16, 4, 8));
        }

        [Fact]
        public void Expert_all_to_all_volume_of_mixtral_on_8_h100s()
        {
            // Mixtral 8x7B (32 MoE layers, h 4096, top-2 of 8), EP 8 = DP 8, TP 1, micro-batch 1 x 4096 tokens, one micro-batch.
            // Each all-to-all sends every token's 2 copies: 4096 x 2 x 4096 x 2 B = 67,108,864 B per device; 7/8 leaves the
            // device over NVLink 4 (450e9 B/s one way): e = 0.82222 x 6.711e7 / (6.711e7 + 189.04e-6 x 450e9) = 0.36260;
            // 7 x 1e-5 + 0.875 x 6.711e7 / (450e9 x 0.36260) = 4.2987e-4 s. Dispatch and combine, forward and backward: 4 per
            // layer, 32 layers: 0.055024 s.
            var mixtral = StepTimeProfile.Of(Repo.Model("mixtral-8x7b"), 4096, flashAttention: true);
            var layout = new TrainingStep { Layout = new ParallelLayout { DataParallel = 8, ExpertParallel = 8 }, Workload = new Workload(4096, 1, 8) };
            var estimate = StepTime.Estimate(mixtral, layout, Device("H100-SXM"), Interconnect.Of(Device("H100-SXM")));
            Assert.Equal(0.055024, estimate.ExpertParallelCommSeconds, 5);
            Assert.Equal(67_108_864, 4096 * mixtral.TopK * mixtral.ModelDim * 2.0);
        }

        [Fact]
        public void Pipeline_bubble_is_p_minus_1_over_v_m_of_the_ideal_time()
        {
            // Narayanan et al. 2021 §2.2: bubble / ideal = (p - 1) / (v m). p 4, v 2, m 8: 3/16; v 1: 3/8.
            var run = Korthikanti.Find("175B");
            var profile = Korthikanti.Profile(run);
            foreach (var (v, expected) in new[] { (2L, 3.0 / 16), (1L, 3.0 / 8) })
            {
                var layout = new TrainingStep
                {
                    Layout = new ParallelLayout { TensorParallel = 8, PipelineParallel = 4, VirtualPipelineStages = v },
                    Workload = new Workload(2048, 1, 8), FlashAttention = false,
                };
                var e = StepTime.Estimate(profile, layout, Korthikanti.A100, Korthikanti.Selene);
                double ideal = e.ComputeSeconds + e.TensorParallelCommSeconds + e.PipelineCommSeconds + e.ExpertParallelCommSeconds + e.ContextParallelCommSeconds;
                Assert.Equal(expected, e.PipelineBubbleSeconds / ideal, 12);
            }
        }

        [Fact]
        public void Terms_add_up_to_the_step()
        {
            var run = Korthikanti.Find("530B");
            var e = StepTime.Estimate(Korthikanti.Profile(run), Korthikanti.Layout(run, true) with
            {
                Layout = Korthikanti.Layout(run, true).Layout with { DataParallel = 2 }, Workload = new Workload(2048, 1, 560),
            }, Korthikanti.A100, Korthikanti.Selene);
            double sum = e.ComputeSeconds + e.TensorParallelCommSeconds + e.PipelineBubbleSeconds + e.PipelineCommSeconds
                + e.DataParallelCommSeconds + e.ExpertParallelCommSeconds + e.ContextParallelCommSeconds + e.OptimizerSeconds;
            Assert.Equal(e.StepSeconds, sum, 9);
            Assert.True(e.DataParallelCommSeconds > 0);
        }

        [Fact]
        public void Data_parallel_all_reduce_of_the_gradients_by_hand()
        {
            // gpt2 (124,439,808 parameters with its position table and tied head; docs/references.md) on 8 A100s, pure DP:
            // bf16 gradients 248,879,616 B; ring of 8 in one domain: 14 x 1e-5 + 1.75 x 2.4888e8 / (300e9 x e),
            // e = 0.82222 x 2.4888e8 / (2.4888e8 + 56.71e6) = 0.66966: 1.40e-4 + 2.16797e-3 = 2.30797e-3 s.
            var profile = StepTimeProfile.Of(Repo.Model("gpt2"), 1024, flashAttention: true);
            Assert.Equal(124_439_808, profile.Parameters);
            var e = StepTime.Estimate(profile, new TrainingStep { Layout = new ParallelLayout { DataParallel = 8 }, Workload = new Workload(1024, 8, 64) }, Device("A100-SXM-80GB"), Interconnect.Of(Device("A100-SXM-80GB")));
            Assert.Equal(2.30797e-3, e.DataParallelCommSeconds, 7);
        }

        [Fact]
        public void Memory_and_fit_are_the_memory_engine_s()
        {
            var run = Korthikanti.Find("175B");
            var layout = Korthikanti.Layout(run, true);
            var e = StepTime.Estimate(Korthikanti.Profile(run), layout, Korthikanti.A100, Korthikanti.Selene);
            // As Get-ModelMemory builds it: the shared layout, precision and options, 64 micro-batches in flight.
            var memory = Memory.Training(Korthikanti.Profile(run).Parameters, Korthikanti.Model(run).Transformer, 2048, 1,
                MemoryLayout.From(layout.Layout, Precision.Default, Optimizer.Adam, new CountingOptions(Convention.Matmul, false, Recompute.Selective, false))
                with { MicroBatchesInFlight = 64 });
            Assert.Equal(memory.TotalBytes, e.MemoryBytesPerDevice);
            Assert.Equal(memory.TotalBytes <= Korthikanti.A100.MemoryBytes * 0.9, e.Fits);
        }

        [Fact]
        public void Model_flops_follow_korthikanti_equation_7()
        {
            // Eq. 7: 72 B L s h^2 (1 + s/6h + V/12hL) per step. 175B: B 64, L 96, s 2048, h 12288, V 51200.
            var run = Korthikanti.Find("175B");
            double h = 12288, L = 96, s = 2048, V = 51200;
            double eq7 = 72 * 64 * L * s * h * h * (1 + s / (6 * h) + V / (12 * h * L));
            var e = StepTime.Estimate(Korthikanti.Profile(run), Korthikanti.Layout(run, true), Korthikanti.A100, Korthikanti.Selene);
            Assert.Equal(1, e.ModelFlopsPerStep / eq7, 3);
        }

        [Theory]
        [InlineData(8, 2, 1, 2, 64, "DeviceCountLayout")]
        [InlineData(128, 1, 1, 1, 64, "TensorParallelHeads")]
        [InlineData(64, 1, 1, 1, 64, "TensorParallelHeads")]
        [InlineData(32, 1, 1, 1, 64, "DeviceCountLayout")]
        [InlineData(8, 2, 5, 64, 64, "VirtualPipelineStagesLayout")]
        [InlineData(8, 1, 1, 3, 64, "GlobalBatchSizeLayout")]
        [InlineData(8, 200, 1, 1, 64, "PipelineParallelLayers")]
        [InlineData(8, 8, 3, 5, 65, "VirtualPipelineStagesLayout")]
        [InlineData(8, 1, 3, 8, 64, "VirtualPipelineStagesWithoutPipeline")]
        public void Bad_layouts_have_error_ids(long tp, long pp, long v, long dp, long globalBatch, string id)
        {
            // 175B: 96 heads, 96 layers. 64 does not divide 96 heads; 65 sequences make 13 micro-batches, not a multiple of PP 8;
            // 64 sequences over DP 64 make 1 micro-batch, not a multiple of PP 2.
            var run = Korthikanti.Find("175B");
            var step = new TrainingStep
            {
                Layout = new ParallelLayout { TensorParallel = tp, PipelineParallel = pp, VirtualPipelineStages = v, DataParallel = dp },
                Workload = new Workload(2048, 1, globalBatch),
            };
            var e = Assert.Throws<FlopsArgumentException>(() =>
            {
                StepTime.Validate(Korthikanti.Profile(run), step);
                StepTime.ValidateDevices(step.Layout, 64);
            });
            Assert.Equal(id, e.ErrorId);
        }

        [Fact]
        public void Expert_parallelism_needs_experts_that_it_divides()
        {
            var dense = Korthikanti.Profile(Korthikanti.Find("22B"));
            Assert.Equal("ExpertParallelExperts", Assert.Throws<FlopsArgumentException>(() =>
                StepTime.Validate(dense, Step(new ParallelLayout { DataParallel = 2, ExpertParallel = 2 }, 2048))).ErrorId);
            var mixtral = StepTimeProfile.Of(Repo.Model("mixtral-8x7b"), 4096, true);
            Assert.Equal("ExpertParallelExperts", Assert.Throws<FlopsArgumentException>(() =>
                StepTime.Validate(mixtral, Step(new ParallelLayout { DataParallel = 3, ExpertParallel = 3 }, 4096))).ErrorId);
        }
    }
}
