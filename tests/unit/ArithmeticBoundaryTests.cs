using System;
using FsCheck;
using FsCheck.Xunit;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The engine's arithmetic near the top of its range: every dimension up to 2^53 is accepted, so products of two
    /// of them (2^106) pass long's 2^63. Each property states the count from its definition, in double, and checks the
    /// engine gives exactly that (products of powers of two and small integers are exact in double), finite and
    /// positive: before these fixes pool and BatchNorm FLOPs wrapped to 0, flatten to a negative size, TP x PP to a
    /// negative divisor.
    /// </summary>
    public class ArithmeticBoundaryTests
    {
        private const long Max = Require.MaxDimension;   // 2^53
        private static readonly CountingOptions Full = CountingOptions.Default;

        // A large dimension: 2^40 .. 2^53, from a generated exponent and a small odd factor, so values are exact in double.
        private static long Large(PositiveInt p, NonNegativeInt shift) =>
            Math.Min(Max, (1L << (40 + shift.Get % 14)) * (1 + 2 * (p.Get % 3)) / (p.Get % 3 == 0 ? 1 : 4));

        [Property(MaxTest = 300)]
        public bool Max_pool_flops_over_huge_batch_and_channels_are_exact(PositiveInt b, NonNegativeInt bs, PositiveInt c, NonNegativeInt cs, PositiveInt k)
        {
            long batch = Large(b, bs), channels = Large(c, cs), kernel = 1 + k.Get % 4, input = kernel * 3;
            var spec = new PoolSpec(PoolKind.Max, channels, Dims.Of(kernel), Dims.Of(input), Dims.Of(kernel), Dims.Of(0), batch);
            // Definition (conventions.md): kernel - 1 comparisons per output; stride = kernel gives input / kernel = 3 outputs.
            double expected = (double)batch * channels * 3 * (kernel - 1);
            double flops = spec.Cost(Full).Flops;
            return flops == expected && !double.IsInfinity(flops) && flops >= 0;
        }

        [Property(MaxTest = 300)]
        public bool BatchNorm_over_huge_batch_and_channels_is_two_per_element(PositiveInt b, NonNegativeInt bs, PositiveInt c, NonNegativeInt cs)
        {
            long batch = Large(b, bs), channels = Large(c, cs);
            var spec = LayerBuilder.Build(new LayerRequest { Type = LayerType.BatchNorm, InputChannels = channels, BatchSize = batch });
            // Scale and shift: 2 FLOPs per element, B x C elements (no spatial size given).
            return spec.Cost(Full).Flops == 2d * batch * channels;
        }

        [Property(MaxTest = 300)]
        public bool Dilated_kernels_past_long_are_refused_not_wrapped(PositiveInt d, NonNegativeInt ds, PositiveInt k, NonNegativeInt ks)
        {
            long dilation = Large(d, ds), kernel = Large(k, ks);
            var request = new LayerRequest
            {
                Type = LayerType.Conv1d, InputChannels = 1, OutputChannels = 1, KernelSize = new[] { kernel },
                InputSize = new[] { 8L }, Dilation = new[] { dilation },
            };
            // dilation x (kernel - 1) + 1 is at least 2^80 here, far beyond the padded input of 8: refused, whatever long would have made of it.
            var e = Assert.Throws<FlopsArgumentException>(() => LayerBuilder.Build(request));
            return e.ParamName == "KernelSize";
        }

        [Property(MaxTest = 300)]
        public bool Model_states_over_huge_tensor_and_pipeline_parallel_stay_positive(PositiveInt t, NonNegativeInt ts, PositiveInt p, NonNegativeInt ps)
        {
            long tensor = Large(t, ts), pipeline = Large(p, ps);
            var states = Memory.ModelStates(1e12, new MemoryLayout { TensorParallel = tensor, PipelineParallel = pipeline, DataType = DataType.FP32 });
            // FP32 weights: 4 bytes per parameter, split over TP x PP devices (2^80 .. 2^106 here, past long).
            double expected = 1e12 / ((double)tensor * pipeline) * 4;
            return Math.Abs(states.WeightBytes / expected - 1) < 1e-15 && states.WeightBytes > 0;
        }

        [Fact]
        public void Flatten_past_two_to_the_53_is_refused_at_its_line()
        {
            // [2^27, 2^27] flattens to 2^54 features: one more than an exact dimension allows. long would hold it, but
            // [2^32, 2^32] would wrap to 0; both are refused.
            foreach (long side in new[] { 1L << 27, 1L << 32 })
            {
                string yaml = $"name: f\ninput: [{side}, {side}]\nlayers:\n  - flatten: {{}}\n  - linear: {{out_features: 2}}\n";
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(yaml, "f.yaml"));
                Assert.Equal("InvalidShape", e.ErrorId);
                Assert.Equal(4, e.Location.Line);
            }
        }

        [Fact]
        public void Flatten_at_two_to_the_53_is_exact()
        {
            // [2^26, 2^27] = 2^53 features into a 1-output linear: 2 x 2^53 FLOPs (matmul) plus 1 bias add.
            string yaml = $"name: f\ninput: [{1L << 26}, {1L << 27}]\nlayers:\n  - flatten: {{}}\n  - linear: {{out_features: 1}}\n";
            var model = ModelFileLoader.Parse(yaml, "f.yaml");
            var cost = ModelCalculator.Cost(model, 1, 1, CountingOptions.Default);
            Assert.Equal(2 * Math.Pow(2, 53) + 1, cost.Total.Flops);
        }

        [Fact]
        public void A_finite_memory_figure_whose_bytes_would_be_infinite_is_refused()
        {
            var e = Assert.Throws<ModelDefinitionException>(() =>
                HardwareFileLoader.Parse("hardware:\n  - name: X\n    memory_gb: 1e308\n", "hw.yaml"));
            Assert.Equal("InvalidShape", e.ErrorId);
            Assert.Equal(3, e.Location.Line);
        }
    }
}
