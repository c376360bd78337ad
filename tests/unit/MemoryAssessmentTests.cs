using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// MemoryFit.Assess: the verdict and the smallest layouts Get-ModelMemory reports, composed in the engine. Bare parameter
    /// counts (no activations), so every figure is ZeRO's (2 + 2 + K) accounting by hand (Rajbhandari et al. 2020 §3.1).
    /// </summary>
    public class MemoryAssessmentTests
    {
        // 10e9 bytes, a 10 % reserve: 9e9 usable.
        private static readonly Hardware Device = new Hardware { Name = "ten", MemoryGB = 10 };

        private static MemoryJob Bare(double parameters, ParallelLayout layout, bool inference = false) =>
            new MemoryJob(parameters, null, new Workload(1), layout, new Precision(DataType.BF16), Optimizer.Adam, CountingOptions.Default, inference);

        [Fact]
        public void Without_zero_only_model_parallelism_helps()
        {
            // 1e9 parameters x 16 bytes = 16e9 > 9e9. TP 2 halves it to 8e9: fits. A bare count has no layers, so PP stays 1
            // (nothing found), and without ZeRO data parallelism replicates everything, so it is not searched.
            var a = MemoryFit.Assess(Bare(1e9, ParallelLayout.Single), Device);
            Assert.Equal(16e9, a.Memory.TotalBytes);
            Assert.False(a.Verdict.Fits);
            Assert.Equal(9e9, a.Verdict.UsableBytes);
            Assert.Equal(2L, a.MinTensorParallel);
            Assert.Null(a.MinPipelineParallel);
            Assert.Null(a.MinDataParallel);
            Assert.Equal((2L, 1L, 1L), (a.SmallestLayout.TensorParallel, a.SmallestLayout.PipelineParallel, a.SmallestLayout.DataParallel));
        }

        [Fact]
        public void Zero_1_searches_data_parallelism_too()
        {
            // ZeRO-1: 2P + 2P + 12P / DP = 4e9 + 12e9 / DP: DP 2 gives 10e9 (no), DP 4 gives 7e9 (fits). The fewest devices
            // is still TP 2 (8e9 on 2 devices) rather than DP 4.
            var a = MemoryFit.Assess(Bare(1e9, new ParallelLayout { ZeroStage = 1 }), Device);
            Assert.Equal(4L, a.MinDataParallel);
            Assert.Equal(2L, a.MinTensorParallel);
            Assert.Equal(2L, a.SmallestLayout.DeviceCount);
        }

        [Fact]
        public void Inference_counts_weights_and_never_searches_data_parallelism()
        {
            // 1e9 BF16 weights = 2e9 on a 1e9-byte device (0.9e9 usable): TP 4 gives 0.5e9.
            var small = new Hardware { Name = "one", MemoryGB = 1 };
            var a = MemoryFit.Assess(Bare(1e9, ParallelLayout.Single, inference: true), small);
            Assert.Equal(2e9, a.Memory.TotalBytes);
            Assert.Equal(4L, a.MinTensorParallel);
            Assert.Null(a.MinDataParallel);
            Assert.Equal(4L, a.SmallestLayout.DeviceCount);
        }

        [Fact]
        public void A_smaller_layout_without_a_pipeline_does_not_keep_the_interleaving()
        {
            // Given PP 2 with 2 virtual stages; anything fits, so the fewest devices is TP 1 x PP 1, which cannot interleave:
            // it comes back with VirtualPipelineStages 1 (a valid layout whose DeviceCount is 1), not PP 1 x v 2.
            var c = new PSFlops.Engine.Models.TransformerConfig { Layers = 16, ModelDim = 512, Heads = 8, FfnDim = 2048, VocabSize = 100 };
            var given = new ParallelLayout { PipelineParallel = 2, VirtualPipelineStages = 2 };
            var found = MemoryFit.SmallestLayout(given, c, false, l => true);
            Assert.Equal((1L, 1L), (found.PipelineParallel, found.VirtualPipelineStages));
            Assert.Equal(1L, found.DeviceCount);
            // Llama-3.1-8B (32 layers) training at PP 4 x v 4 with a bare device: the smallest layout is valid, and so
            // its device count is reported rather than an error.
            var job = new MemoryJob(8.03e9, Repo.Model("llama-3.1-8b").Transformer, new Workload(4096),
                new ParallelLayout { PipelineParallel = 4, VirtualPipelineStages = 4, ZeroStage = 1 }, new Precision(DataType.BF16),
                Optimizer.Adam, CountingOptions.Default, false);
            var a = MemoryFit.Assess(job, new Hardware { Name = "big", MemoryGB = 10_000 });
            Assert.Equal((1L, 1L), (a.SmallestLayout.PipelineParallel, a.SmallestLayout.VirtualPipelineStages));
            Assert.Equal(1L, a.MinPipelineParallel);
        }

        [Fact]
        public void The_smallest_layout_keeps_tp_within_the_scale_up_domain()
        {
            // Llama 3 405B training at 8K, micro-batch 1, BF16 + Adam, ZeRO-2, SP, flash attention, no recompute, on H100 SXM
            // (85,520,809,984 bytes, 76,968,728,985.6 usable; scale_up_domain 8 in module/data/hardware.yaml, HGX H100).
            // Psi = 405,853,388,800. At TP 8 with SP one layer keeps 532,676,608 bytes (Llama3OwnLayoutTests), and the first
            // 1F1B stage holds p micro-batches of 126/p layers (m = p without a global batch): 126 x 532,676,608 =
            // 67,117,252,608 whatever p, leaving 9,851,476,377.6 for model states. TP below 8 doubles the activations (134 GB):
            // no. So TP 8, and ZeRO-2 states 2 Psi / (8p) + 14 Psi / (8 p d) = (101,463,347,200 + 710,243,430,400 / d) / p.
            // p d = 64 (512 devices): the second term alone is 11.10e9 > 9.85e9, no. p d = 128 (1024 devices): 5,548,776,800,
            // so 101,463,347,200 / p <= 4.30e9, p >= 24: p = 32, d = 4 (3,170,729,600) or p = 64, d = 2; equal devices go to
            // fewer stages: TP 8 x PP 32 x DP 4, 67,117,252,608 + 3,170,729,600 + 5,548,776,800 = 75,836,759,008 bytes.
            var job = new MemoryJob(405_853_388_800d, Repo.Model("llama-3.1-405b").Transformer, new Workload(8192, 1),
                new ParallelLayout { ZeroStage = 2, SequenceParallel = true }, new Precision(DataType.BF16), Optimizer.Adam,
                new CountingOptions(Convention.Full, false, Recompute.None, true), false);
            var h100 = new Hardware { Name = "H100-SXM", MemoryGB = 80, MemoryBytes = 85_520_809_984, ScaleUpDomain = 8 };
            var a = MemoryFit.Assess(job, h100);
            Assert.Equal((8L, 32L, 4L), (a.SmallestLayout.TensorParallel, a.SmallestLayout.PipelineParallel, a.SmallestLayout.DataParallel));
            Assert.Equal(75_836_759_008d, Memory.Of(job.On(a.SmallestLayout)).TotalBytes, 0);
            // Without a domain (a row that does not say) the rule is the fewest devices: TP 64 x DP 2 = 128 devices, each
            // 67,117,252,608 / 8 of activations + 6 x 8192 x 128256 / 64 of logits + 2 Psi / 64 + 14 Psi / 128 = 65.56 GB,
            // legal (64 divides 128 heads) but its TP all-reduces would cross the scale-out network. -ScaleUpDomain 72
            // (an NVL72 rack) admits it again.
            var open = MemoryFit.Assess(job, h100 with { ScaleUpDomain = null });
            Assert.Equal((64L, 1L, 2L), (open.SmallestLayout.TensorParallel, open.SmallestLayout.PipelineParallel, open.SmallestLayout.DataParallel));
            Assert.Equal(64L, MemoryFit.Assess(job, h100, scaleUpDomain: 72).SmallestLayout.TensorParallel);
            // The per-axis answer keeps its meaning, the smallest TP with the rest as given (PP 1, DP 1, so ZeRO shards
            // nothing): 16 Psi / 64 = 101.5 GB does not fit; 16 Psi / 128 = 50.7 GB + 67,117,252,608 / 16 of activations
            // + 6 x 8192 x 128256 / 128 of logits = 55.0 GB does.
            Assert.Equal(128L, a.MinTensorParallel);
        }

        [Fact]
        public void Candidates_the_global_batch_cannot_split_over_are_skipped_not_errors()
        {
            // ZeRO-3, 1e9 parameters: 16e9 / DP. DP 2 would fit (8e9 <= 9e9), but one sequence per step cannot go to two
            // replicas, so no DP is reported; TP 2 on one replica (8e9) is the smallest layout. Before, the DP 2 candidate
            // threw GlobalBatchSizeLayout and the whole row failed.
            var job = new MemoryJob(1e9, null, new Workload(1, 1, 1), new ParallelLayout { ZeroStage = 3 }, new Precision(DataType.BF16),
                Optimizer.Adam, CountingOptions.Default, false);
            var a = MemoryFit.Assess(job, Device);
            Assert.Null(a.MinDataParallel);
            Assert.Equal((2L, 1L), (a.SmallestLayout.TensorParallel, a.SmallestLayout.DataParallel));
            Assert.False(job.Workload.SplitsOver(new ParallelLayout { DataParallel = 2 }));
            Assert.True(new Workload(1, 2, 8).SplitsOver(new ParallelLayout { DataParallel = 4 }));
        }

        [Fact]
        public void A_job_with_a_global_batch_runs_its_micro_batches_per_replica()
        {
            // Llama 3 405B on Meta's layout (Llama3OwnLayoutTests derives 73,805,510,358 bytes by hand): global batch
            // 2048 = 16 micro-batches of 1 on each of 128 replicas.
            var layout = new ParallelLayout { TensorParallel = 8, PipelineParallel = 16, DataParallel = 128, SequenceParallel = true, ZeroStage = 2 };
            var job = new MemoryJob(405_853_388_800d, Repo.Model("llama-3.1-405b").Transformer, new Workload(8192, 1, 2048), layout,
                new Precision(DataType.BF16), Optimizer.Adam, new CountingOptions(Convention.Full, false, Recompute.None, true), false);
            Assert.Equal(73_805_510_358d, Memory.Of(job).TotalBytes, 0);
        }
    }
}
