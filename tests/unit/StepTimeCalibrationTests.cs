using System;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;
using Xunit.Abstractions;

namespace PSFlops.Tests
{
    /// <summary>The step-time model against Korthikanti et al. 2022 Tables 4 and 5 (docs/step-time.md, "Errors").</summary>
    public class StepTimeCalibrationTests
    {
        private readonly ITestOutputHelper _out;
        public StepTimeCalibrationTests(ITestOutputHelper output) => _out = output;

        private static double Table4LogError(StepTimeCalibration c)
        {
            var run = Korthikanti.Find("22B");
            double sum = 0;
            foreach (var (sp, recompute, f, b) in Korthikanti.Table4)
            {
                var layer = StepTime.Layer(Korthikanti.Profile(run), Korthikanti.Layout(run, sp) with { Recompute = recompute }, Korthikanti.A100, Korthikanti.Selene, c);
                sum += Math.Pow(Math.Log(layer.ForwardSeconds * 1e3 / f), 2) + Math.Pow(Math.Log(layer.BackwardSeconds * 1e3 / b), 2);
            }
            return sum;
        }

        [Fact]
        public void The_two_constants_are_the_least_squares_fit_to_table_4()
        {
            // Re-run the fit: a grid of 0.1 over traffic 0.5..5 and exposure 0..1; the shipped constants must be its minimum.
            var best = (from k in Enumerable.Range(5, 46).Select(i => i / 10.0)
                        from phi in Enumerable.Range(0, 11).Select(i => i / 10.0)
                        let c = new StepTimeCalibration(k, phi)
                        orderby Table4LogError(c)
                        select c).First();
            Assert.Equal(StepTimeCalibration.Default, best);
        }

        [Fact]
        public void Table_4_per_layer_times_within_2_percent()
        {
            var run = Korthikanti.Find("22B");
            foreach (var (sp, recompute, f, b) in Korthikanti.Table4)
            {
                var layer = StepTime.Layer(Korthikanti.Profile(run), Korthikanti.Layout(run, sp) with { Recompute = recompute }, Korthikanti.A100, Korthikanti.Selene);
                Assert.InRange(layer.ForwardSeconds * 1e3 / f, 0.98, 1.02);
                Assert.InRange(layer.BackwardSeconds * 1e3 / b, 0.98, 1.02);
            }
        }

        [Fact]
        public void Table_5_iteration_times_within_9_percent_both_columns()
        {
            // Not fitted: Table 5 checks the constants fitted on Table 4 (docs/step-time.md reports -8.3 % .. -1.9 %).
            foreach (var (label, predicted, measured) in Korthikanti.Table5Errors())
            {
                Assert.True(Math.Abs(predicted / measured - 1) <= 0.09, $"{label}: {predicted:F2} s against {measured} s");
                // docs/step-time.md: "every one is low" (the model leaves out costs it cannot see).
                Assert.True(predicted < measured, $"{label}: {predicted:F2} s is not below the measured {measured} s");
            }
        }

        [Fact]
        public void Selective_recompute_beats_full_on_every_run()
        {
            foreach (var run in Korthikanti.Table5)
            {
                var profile = Korthikanti.Profile(run);
                double full = StepTime.Estimate(profile, Korthikanti.Layout(run, false), Korthikanti.A100, Korthikanti.Selene).StepSeconds;
                double selective = StepTime.Estimate(profile, Korthikanti.Layout(run, false) with { Recompute = Recompute.Selective }, Korthikanti.A100, Korthikanti.Selene).StepSeconds;
                Assert.True(selective < full, run.Name);
            }
        }

        [Fact]
        public void Interleaving_shrinks_the_bubble()
        {
            var run = Korthikanti.Find("175B");
            var profile = Korthikanti.Profile(run);
            var plain = StepTime.Estimate(profile, Korthikanti.Layout(run, true) with { Layout = Korthikanti.Layout(run, true).Layout with { VirtualPipelineStages = 1 } }, Korthikanti.A100, Korthikanti.Selene);
            var interleaved = StepTime.Estimate(profile, Korthikanti.Layout(run, true), Korthikanti.A100, Korthikanti.Selene);
            Assert.True(interleaved.PipelineBubbleSeconds < plain.PipelineBubbleSeconds);
            Assert.True(interleaved.StepSeconds < plain.StepSeconds);
            // ... at the price of v times the point-to-point traffic (Narayanan §2.2.2).
            Assert.Equal(3, interleaved.PipelineCommSeconds / plain.PipelineCommSeconds, 9);
        }

        [Fact]
        public void More_data_parallelism_at_a_fixed_global_batch_lowers_throughput_per_device()
        {
            // 175B, TP 8 x PP 8, global batch 64: DP 1, 2, 4 leave 64, 32, 16 micro-batches per pipeline (bigger bubble)
            // and add a gradient all-reduce across nodes.
            var run = Korthikanti.Find("175B");
            var profile = Korthikanti.Profile(run);
            double[] perDevice = new long[] { 1, 2, 4 }.Select(dp =>
            {
                var e = StepTime.Estimate(profile, Korthikanti.Layout(run, true) with { Layout = Korthikanti.Layout(run, true).Layout with { DataParallel = dp } }, Korthikanti.A100, Korthikanti.Selene);
                return e.TokensPerSecond / e.Layout.DeviceCount;
            }).ToArray();
            Assert.True(perDevice[0] > perDevice[1] && perDevice[1] > perDevice[2], string.Join(", ", perDevice));
        }

        [Fact]
        public void Prints_the_error_table()
        {
            var r22 = Korthikanti.Find("22B");
            foreach (var (sp, recompute, f, b) in Korthikanti.Table4)
            {
                var layer = StepTime.Layer(Korthikanti.Profile(r22), Korthikanti.Layout(r22, sp) with { Recompute = recompute }, Korthikanti.A100, Korthikanti.Selene);
                _out.WriteLine($"T4 sp={sp} {recompute}: fwd {layer.ForwardSeconds * 1e3:F2} ({f}, {(layer.ForwardSeconds * 1e3 / f - 1) * 100:+0.0;-0.0} %) bwd {layer.BackwardSeconds * 1e3:F2} ({b}, {(layer.BackwardSeconds * 1e3 / b - 1) * 100:+0.0;-0.0} %)");
            }
            foreach (var (label, predicted, measured) in Korthikanti.Table5Errors())
                _out.WriteLine($"T5 {label}: {predicted:F2} s vs {measured} s ({(predicted / measured - 1) * 100:+0.0;-0.0} %)");
            foreach (var run in Korthikanti.Table5)
            {
                var e = StepTime.Estimate(Korthikanti.Profile(run), Korthikanti.Layout(run, true), Korthikanti.A100, Korthikanti.Selene);
                _out.WriteLine($"MFU {run.Name}: {e.Mfu:P1} HFU {e.Hfu:P1}; compute {e.ComputeSeconds:F2} tp {e.TensorParallelCommSeconds:F2} bubble {e.PipelineBubbleSeconds:F2} pp {e.PipelineCommSeconds:F2} opt {e.OptimizerSeconds:F3}");
            }
        }
    }
}
