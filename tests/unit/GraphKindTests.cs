using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The graph-form kinds of issue 16 on small inputs, every expected figure counted by hand in the comment
    /// (docs/formulas.md derives the formulas; the torchvision totals in ModelLibraryTests check them at scale).
    /// </summary>
    public class GraphKindTests
    {
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        private static LayerCost Cost(string layers, string input, CountingOptions options = null) =>
            ModelCalculator.Cost(ModelFileLoader.Parse($"input: {input}\nlayers:\n{layers}", "g.yaml"), 1, 1, options ?? CountingOptions.Default).Total;

        private static ModelDefinitionException Fails(string layers, string input) =>
            Assert.Throws<ModelDefinitionException>(() =>
                ModelCalculator.Cost(ModelFileLoader.Parse($"input: {input}\nlayers:\n{layers}", "g.yaml"), 1, 1, CountingOptions.Default));

        [Fact]
        public void Concat_joins_channels_and_an_empty_branch_is_the_identity()
        {
            // [4, 8, 8] -> the input (4) beside a 1x1 conv to 2 = [6, 8, 8]; then a 1x1 conv to 1 sees 6 channels.
            // Params: 2 x 4 + 1 x 6 = 14. MACs: 64 x 2 x 4 + 64 x 1 x 6 = 512 + 384 = 896.
            var cost = Cost("  - concat:\n      branches:\n        - []\n        - - conv2d: {out_channels: 2, kernel_size: 1, bias: false}\n" +
                            "  - conv2d: {out_channels: 1, kernel_size: 1, bias: false}\n", "[4, 8, 8]", Matmul);
            Assert.Equal((14d, 896d), (cost.Parameters, cost.Macs));
        }

        [Fact]
        public void Concat_refuses_branches_of_different_sizes_and_a_single_branch_at_their_line()
        {
            // A 3x3 conv without padding gives 6x6 beside the 8x8 identity.
            var sizes = Fails("  - concat:\n      branches: [[], [conv2d: {out_channels: 2, kernel_size: 3}]]\n", "[4, 8, 8]");
            Assert.Equal(("InvalidShape", 3L), (sizes.ErrorId, sizes.Location.Line));
            var single = Fails("  - concat:\n      branches: [[]]\n", "[4, 8, 8]");
            Assert.Equal(("YamlWrongType", 4L), (single.ErrorId, single.Location.Line));
        }

        [Theory]
        // PyTorch's pooling output: floor or ceil((in + 2 pad - k) / s) + 1, and in ceil mode a window starting in the
        // right padding is dropped. 54, k3 s2: floor 25 + 1 = 26, ceil 26 + 1 = 27 (SqueezeNet's second pool).
        // 5, k2 s2 pad 1: ceil(5 / 2) + 1 = 4, but (4 - 1) x 2 = 6 >= 5 + 1, so 3 (nn.MaxPool2d(2, 2, 1, ceil_mode=True)).
        [InlineData("[1, 54, 54]", "kernel_size: 3, stride: 2", false, 26 * 26)]
        [InlineData("[1, 54, 54]", "kernel_size: 3, stride: 2", true, 27 * 27)]
        [InlineData("[1, 5, 5]", "kernel_size: 2, stride: 2, padding: 1", true, 3 * 3)]
        public void Maxpool_ceil_mode_follows_pytorch(string input, string pool, bool ceil, double outputs)
        {
            // A 1-output linear without bias after the pool has one weight per pooled value.
            var cost = Cost($"  - maxpool: {{{pool}, ceil_mode: {(ceil ? "true" : "false")}}}\n  - flatten: {{}}\n  - linear: {{out_features: 1, bias: false}}\n", input);
            Assert.Equal(outputs, cost.Parameters);
        }

        [Theory]
        // ConvNeXt's stem output [96, 56, 56]: LayerNorm2d over the 96 channels has 2 x 96 = 192 parameters; over the
        // width it would be 2 x 56 = 112 (the old silent miscount); LayerNorm([96, 56, 56]) 2 x 96 x 56 x 56 = 602,112.
        [InlineData("channels", 192d)]
        [InlineData("last", 112d)]
        [InlineData("all", 602_112d)]
        public void Image_layernorm_counts_the_axes_it_is_told(string axes, double parameters)
        {
            Assert.Equal(parameters, Cost($"  - layernorm: {{axes: {axes}}}\n", "[96, 56, 56]").Parameters);
        }

        [Fact]
        public void Image_layernorm_linear_or_layer_scale_without_axes_is_an_error_at_the_layer_never_a_guess()
        {
            foreach (string layer in new[] { "layernorm: {}", "rmsnorm: {}", "linear: {out_features: 4}", "layer_scale: {}" })
            {
                var e = Fails($"  - {layer}\n", "[96, 56, 56]");
                Assert.Equal(("YamlMissingKey", 3L, 5L), (e.ErrorId, e.Location.Line, e.Location.Column));
                Assert.Contains("axes", e.Reason);
            }
            var bad = Fails("  - layernorm: {axes: width}\n", "[96, 56, 56]");
            Assert.Equal(("YamlInvalidValue", 3L), (bad.ErrorId, bad.Location.Line));
            // A [tokens, dim] input keeps its default, the last dimension: 2 x 768 (ViT).
            Assert.Equal(1536d, Cost("  - layernorm: {}\n", "[197, 768]").Parameters);
        }

        [Fact]
        public void Channel_linear_and_layer_scale_on_an_image()
        {
            // [8, 4, 4], Linear 8 -> 16 over channels at each of 16 positions: 8 x 16 + 16 = 144 params, 16 x 8 x 16 = 2,048 MACs;
            // then layer scale over the 16 channels: 16 params, 16 x 16 = 256 multiplies (Full only).
            string layers = "  - linear: {out_features: 16, axes: channels}\n  - layer_scale: {axes: channels}\n";
            var full = Cost(layers, "[8, 4, 4]");
            var matmul = Cost(layers, "[8, 4, 4]", Matmul);
            Assert.Equal((160d, 2048d), (full.Parameters, full.Macs));
            // Matmul: 2 x 2,048 = 4,096 (bias adds are elementwise, Full only, issue 13); Full adds the 256 bias adds
            // and the 256 layer-scale multiplies: 4,608.
            Assert.Equal((4096d, 4608d), (matmul.Flops, full.Flops));
        }

        [Fact]
        public void Squeeze_excitation_by_hand()
        {
            // [16, 7, 7], squeeze to 4, SiLU, sigmoid gate. Params: 16 x 4 + 4 + 4 x 16 + 16 = 148.
            // MACs: two 1x1 convs on one position, 16 x 4 each = 128. Matmul FLOPs: 2 x 128 = 256 (the bias adds 4 + 16 = 20 are elementwise, Full only).
            // Full adds the pool (16 x 49 = 784: 48 adds and a divide per channel), the input scaling (784 multiplies),
            // SiLU on 4 values (8 each = 32) and the sigmoid gate on 16 (8 each = 128): 256 + 20 + 784 + 784 + 32 + 128 = 2,004.
            string layer = "  - squeeze_excitation: {squeeze_channels: 4, activation: silu, gate: sigmoid}\n";
            var full = Cost(layer, "[16, 7, 7]");
            Assert.Equal((148d, 128d, 2004d), (full.Parameters, full.Macs, full.Flops));
            Assert.Equal(256d, Cost(layer, "[16, 7, 7]", Matmul).Flops);
        }

        [Theory]
        // Full FLOPs per element (docs/formulas.md): sigmoid 8, hardswish 5, relu6 2, hardsigmoid 4; over [4] values.
        [InlineData("sigmoid", 32d)]
        [InlineData("hardswish", 20d)]
        [InlineData("relu6", 8d)]
        [InlineData("hardsigmoid", 16d)]
        public void New_activations_cost_their_stated_flops_per_element(string kind, double flops)
        {
            Assert.Equal(flops, Cost($"  - {kind}: {{}}\n", "[4]").Flops);
            Assert.Equal(0d, Cost($"  - {kind}: {{}}\n", "[4]", Matmul).Flops);
        }

        [Fact]
        public void Window_attention_by_hand()
        {
            // [8, 4, 4], 2 heads (head dim 4), 2x2 windows: 4 tiles of 4 tokens.
            // Params: q, k, v, out 4 x 8 x 8 + biases 4 x 8 = 288, + bias table (2x2-1)^2 x 2 heads = 18: 306.
            // MACs per tile: qkv 4 x 8 x 24 = 768, out 4 x 8 x 8 = 256, scores 2 x 4 x 4 x 4 = 128, x V 128: 1,280; x 4 tiles = 5,120.
            // Matmul FLOPs: 2 x 5,120 = 10,240 (bias adds are elementwise, Full only, issue 13).
            // Full: + bias adds 4 tiles x 4 tokens x (24 + 8) = 512, + 6 per score (scale and softmax) over 4 x 2 x 16 = 128 scores = 768, + 128 bias adds: 11,648;
            // shifted by 1, + 128 mask adds: 11,776.
            var plain = Cost("  - window_attention: {heads: 2, window_size: 2}\n", "[8, 4, 4]");
            Assert.Equal((306d, 5120d, 11_648d), (plain.Parameters, plain.Macs, plain.Flops));
            Assert.Equal(10_240d, Cost("  - window_attention: {heads: 2, window_size: 2}\n", "[8, 4, 4]", Matmul).Flops);
            Assert.Equal(11_776d, Cost("  - window_attention: {heads: 2, window_size: 2, shift_size: 1}\n", "[8, 4, 4]").Flops);
            // A 5x5 map is padded to 6x6 first (torchvision pads, then projects): 9 tiles x 1,280 = 11,520 MACs.
            Assert.Equal(11_520d, Cost("  - window_attention: {heads: 2, window_size: 2}\n", "[8, 5, 5]").Macs);
            // A window covering the whole map is never shifted: one tile, Matmul 2 x 1,280 + 4 x 32 = 2,688, Full + 7 x 32 = 2,912.
            Assert.Equal(2912d, Cost("  - window_attention: {heads: 2, window_size: 2, shift_size: 1}\n", "[8, 2, 2]").Flops);
        }

        [Fact]
        public void One_window_over_the_whole_map_is_plain_attention_over_its_tokens()
        {
            // A 7x7 window on a 7x7 map, no bias table: the same work as the 'attention' kind on the 49 tokens.
            var windowed = Cost("  - window_attention: {heads: 3, window_size: 7, relative_position_bias: false}\n", "[48, 7, 7]");
            var plain = Cost("  - to_tokens: {}\n  - attention: {heads: 3}\n", "[48, 7, 7]");
            Assert.Equal((plain.Parameters, plain.Macs, plain.Flops), (windowed.Parameters, windowed.Macs, windowed.Flops));
        }

        [Fact]
        public void Patch_merging_by_hand()
        {
            // [8, 4, 4] -> 2x2 neighbours gathered into 32 channels at 2x2, LayerNorm(32) and Linear 32 -> 16 without bias:
            // params 64 + 512 = 576, MACs 4 x 32 x 16 = 2,048; a 1x1 conv to 1 afterwards sees 16 channels (16 params).
            string layers = "  - patch_merging: {}\n  - conv2d: {out_channels: 1, kernel_size: 1, bias: false}\n";
            var cost = Cost(layers, "[8, 4, 4]");
            Assert.Equal((592d, 2048d + 4 * 16), (cost.Parameters, cost.Macs));
            // An odd 5x5 map is padded to 6x6: 3x3 positions, 9 x 512 = 4,608 MACs in the reduction.
            Assert.Equal(4608d, Cost("  - patch_merging: {}\n", "[8, 5, 5]").Macs);
        }

        [Fact]
        public void Bad_keys_and_values_of_the_new_kinds_are_located()
        {
            var unknown = Fails("  - squeeze_excitation: {squeeze: 4}\n", "[16, 7, 7]");
            Assert.Equal(("YamlUnknownKey", 3L), (unknown.ErrorId, unknown.Location.Line));
            Assert.Contains("squeeze_channels", unknown.Reason);
            var gate = Fails("  - squeeze_excitation: {squeeze_channels: 4, gate: relu}\n", "[16, 7, 7]");
            Assert.Equal(("YamlInvalidValue", 3L), (gate.ErrorId, gate.Location.Line));
            var heads = Fails("  - window_attention: {window_size: 7}\n", "[96, 56, 56]");
            Assert.Equal("YamlMissingKey", heads.ErrorId);
            var divides = Fails("  - window_attention: {heads: 5, window_size: 7}\n", "[96, 56, 56]");
            Assert.Equal(("InvalidShape", 3L), (divides.ErrorId, divides.Location.Line));
            var shift = Fails("  - window_attention: {heads: 3, window_size: 7, shift_size: 7}\n", "[96, 56, 56]");
            Assert.Equal("InvalidShape", shift.ErrorId);
            var ceil = Fails("  - maxpool: {kernel_size: 2, ceil_mode: 1}\n", "[1, 8, 8]");
            Assert.Equal(("YamlWrongType", 3L), (ceil.ErrorId, ceil.Location.Line));
            var huge = Fails("  - window_attention: {heads: 3, window_size: 1099511627777}\n", "[96, 56, 56]");   // (2^40 + 1)^2 tokens: wraps to 2^41 + 1 in a long
            Assert.Equal(("InvalidShape", 3L), (huge.ErrorId, huge.Location.Line));
            var branches = Fails("  - concat: {branch: [[], []]}\n", "[4, 8, 8]");
            Assert.Equal(("YamlUnknownKey", 3L), (branches.ErrorId, branches.Location.Line));
            Assert.Contains("branches", branches.Reason);
            var rank = Fails("  - patch_merging: {}\n", "[16, 8]");
            Assert.Equal(("InvalidShape", 3L), (rank.ErrorId, rank.Location.Line));
        }
    }
}
