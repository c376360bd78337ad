using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Figures the output records used to derive themselves, now the engine's (per token, shares, link units, DP from devices).</summary>
    public class EngineFiguresTests
    {
        // Linear 4 -> 4 without bias over 3 rows: 3 x 4 x 4 = 48 MACs, 96 FLOPs under Matmul (2 x MACs).
        private static readonly LayerCost Linear = new LinearSpec(4, 4, false, 3).Cost(new CountingOptions(Convention.Matmul));

        [Fact]
        public void Per_token_and_pass_figures_of_model_totals()
        {
            // 96 forward FLOPs over 3 tokens: 32 per token; backward 2 x 96 = 192, training 3 x 96 = 288 (96 per token).
            var totals = new ModelTotals(16, 16, 48, Linear.Breakdown, Linear.Breakdown, 3, 1);
            Assert.Equal(32d, totals.ForwardFlopsPerToken);
            Assert.Equal(192d, totals.BackwardFlops);
            Assert.Equal(288d, totals.TrainingFlops);
            Assert.Equal(96d, totals.TrainingFlopsPerToken);
            // Without recomputation hardware FLOPs are the training FLOPs; full recomputation runs the forward again: 384, 128 per token.
            Assert.Equal(96d, totals.HardwareFlopsPerToken(Recompute.None));
            Assert.Equal(128d, totals.HardwareFlopsPerToken(Recompute.Full));
            Assert.Equal(32d, Linear.FlopsPerToken(3, 1));
            Assert.Equal(16d, Linear.FlopsPerToken(3, 2));   // the same 96 FLOPs read as 2 sequences of 3 tokens
        }

        [Fact]
        public void Layer_totals_and_shares()
        {
            Assert.Equal(96d * 5, LayerRowCost.TotalOf(Linear, 5));
            Assert.Equal(0.25, LayerRowCost.Share(1, 4));
            Assert.Equal(0d, LayerRowCost.Share(0, 0));
        }

        [Fact]
        public void Link_figures_print_as_datasheets_give_them()
        {
            // 900 GB/s both directions (NVLink 4 on an H100) is 450e9 bytes/s each way; 400 Gb/s is 50e9 bytes/s.
            var links = Interconnect.Of(new Hardware { Name = "x", MemoryGB = 80, ScaleUpGBps = 900, ScaleUpDomain = 8, ScaleOutGbps = 400 });
            Assert.Equal((450e9, 50e9), (links.ScaleUpBytesPerSecond, links.ScaleOutBytesPerSecond));
            Assert.Equal((900d, 400d), (links.ScaleUpGBps, links.ScaleOutGbps));
        }

        [Fact]
        public void Data_parallel_size_from_a_device_count()
        {
            // 64 devices over TP 8 x PP 2 x CP 1: DP 4. TP 8 x PP 3 = 24 does not divide 64.
            Assert.Equal(new long[] { 4 }, ParallelLayout.DataParallelFor(64, 8, 2, 1));
            Assert.Equal("DeviceCountLayout", Assert.Throws<FlopsArgumentException>(() => ParallelLayout.DataParallelFor(64, 8, 3, 1)).ErrorId);
            Assert.Equal(new long[] { 4 }, ParallelLayout.DataParallelFor(64, 8, 2, 1, new long[] { 4 }));
            Assert.Equal("DeviceCountLayout", Assert.Throws<FlopsArgumentException>(() => ParallelLayout.DataParallelFor(64, 8, 2, 1, new long[] { 2 })).ErrorId);
            Assert.Equal(4L, new ParallelLayout { TensorParallel = 2, PipelineParallel = 2, DataParallel = 8 }.ReplicaDeviceCount);
        }
    }
}
