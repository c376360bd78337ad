using System.Collections.Generic;

namespace PSFlops.Loading
{
    /// <summary>The layer keys of the layer-graph form and the arguments each accepts (model-schema.md).</summary>
    internal static class GraphLayerKinds
    {
        private static readonly string[] Conv = { "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias" };
        private static readonly string[] Pool = { "kernel_size", "stride", "padding", "ceil_mode" };
        private static readonly string[] Axes = { "axes" };
        private static readonly string[] None = { };

        public static readonly IReadOnlyDictionary<string, string[]> Args = new Dictionary<string, string[]>
        {
            ["linear"] = new[] { "out_features", "bias", "axes" },
            ["conv1d"] = Conv, ["conv2d"] = Conv, ["conv3d"] = Conv,
            ["batchnorm"] = None, ["layernorm"] = Axes, ["rmsnorm"] = Axes,
            ["relu"] = None, ["gelu"] = None, ["silu"] = None, ["tanh"] = None, ["softmax"] = None,
            ["sigmoid"] = None, ["hardsigmoid"] = None, ["hardswish"] = None, ["relu6"] = None,
            ["squeeze_excitation"] = new[] { "squeeze_channels", "activation", "gate" },
            ["layer_scale"] = Axes,
            ["window_attention"] = new[] { "heads", "window_size", "shift_size", "relative_position_bias", "bias" },
            ["patch_merging"] = None,
            ["maxpool"] = Pool, ["avgpool"] = Pool, ["adaptive_avgpool"] = new[] { "output_size" },
            ["flatten"] = None, ["dropout"] = new[] { "p" },
            ["attention"] = new[] { "heads", "kv_heads", "head_dim", "causal", "window", "bias" },
            ["feedforward"] = new[] { "ffn_dim", "ffn", "activation", "bias" },
            ["transformer_block"] = new[] { "heads", "kv_heads", "head_dim", "ffn_dim", "ffn", "activation", "norm", "causal", "window", "bias", "parallel" },
            ["to_tokens"] = None, ["class_token"] = None, ["position_embedding"] = None,
            ["select_token"] = new[] { "index" },
        };
    }
}
