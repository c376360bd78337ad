using PSFlops.Engine;
using PSFlops.Engine.Layers;
using Xunit;

namespace PSFlops.Tests
{
    public class InvalidDimensionTests
    {
        [Theory]
        [InlineData(0L, "InputDim")]
        [InlineData(-3L, "InputDim")]
        public void Non_positive_dimensions_name_the_parameter(long value, string name)
        {
            var e = Assert.Throws<FlopsArgumentException>(() => new LinearSpec(value, 4, false, 1).Cost(CountingOptions.Default));
            Assert.Equal(name, e.ParamName);
            Assert.False(e.Missing);
        }

        [Fact]
        public void Dimensions_past_two_to_the_53_are_refused()
        {
            Assert.Throws<FlopsArgumentException>(() => new LinearSpec(1L << 54, 4, false, 1).Cost(CountingOptions.Default));
            // The boundary itself: 2^53 is accepted (2 x 2^53 x 4 FLOPs is still exact), 2^53 + 1 is not.
            Assert.Equal(8d * (1L << 53), new LinearSpec(1L << 53, 4, false, 1).Cost(CountingOptions.Default).Flops);
            Assert.Throws<FlopsArgumentException>(() => new LinearSpec((1L << 53) + 1, 4, false, 1).Cost(CountingOptions.Default));
        }

        [Fact]
        public void Heads_must_divide_model_dim_without_head_dim_and_kv_heads_must_divide_heads()
        {
            Assert.Equal("Heads", Assert.Throws<FlopsArgumentException>(() => AttentionSpec.Create(100, 3)).ParamName);
            Assert.Equal("KvHeads", Assert.Throws<FlopsArgumentException>(() => AttentionSpec.Create(96, 12, kvHeads: 5)).ParamName);
            AttentionSpec.Create(100, 3, headDim: 32); // fine: head_dim given
        }

        [Fact]
        public void Kernel_larger_than_padded_input_and_groups_not_dividing_are_refused()
        {
            var tooBig = new LayerRequest { Type = LayerType.Conv2d, InputChannels = 3, OutputChannels = 8, KernelSize = new long[] { 7 }, InputSize = new long[] { 5 } };
            Assert.Equal("KernelSize", Assert.Throws<FlopsArgumentException>(() => LayerBuilder.Build(tooBig)).ParamName);
            var groups = tooBig with { KernelSize = new long[] { 3 }, Groups = 2 };
            Assert.Equal("Groups", Assert.Throws<FlopsArgumentException>(() => LayerBuilder.Build(groups)).ParamName);
        }

        [Fact]
        public void A_missing_dimension_is_named()
        {
            var e = Assert.Throws<FlopsArgumentException>(() => LayerBuilder.Build(new LayerRequest { Type = LayerType.Linear, InputDim = 4 }));
            Assert.Equal("OutputDim", e.ParamName);
            Assert.True(e.Missing);
            Assert.Contains("-OutputDim", e.Reason);
        }

        [Fact]
        public void Top_k_above_experts_is_refused()
        {
            Assert.Throws<FlopsArgumentException>(() =>
                new MoESpec(64, 256, 4, 5, 0, FfnKind.Mlp, ActivationKind.GELU, false, 1).Cost(CountingOptions.Default));
        }
    }
}
