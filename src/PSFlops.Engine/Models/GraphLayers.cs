using System;
using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>What each layer key of the layer-graph form does to the shape, and the spec it adds.</summary>
    internal static class GraphLayers
    {
        public static long[] Apply(LayerNode node, int index, long[] shape, long batch, string block, string path,
            Func<ArgValue, ArgValue> resolve, List<LayerRow> sink)
        {
            ArgValue Get(string key) => node.Args.TryGetValue(key, out var v) && v.Value != null ? resolve(v) : null;
            long Long(string key, long fallback) => Get(key) is ArgValue v ? Arg.Long(v, key) : fallback;
            long Need(string key) => Get(key) is ArgValue v ? Arg.Long(v, key)
                : throw new ModelDefinitionException("YamlMissingKey", $"{node.Kind} needs '{key}'.", node.Location);
            bool Bool(string key, bool fallback) => Get(key) is ArgValue v ? Arg.Bool(v, key) : fallback;
            IReadOnlyList<long> Sizes(string key, long fallback) => Get(key) is ArgValue v ? Arg.Longs(v, key) : new[] { fallback };
            IReadOnlyList<long> NeedSizes(string key) => Get(key) is ArgValue v ? Arg.Longs(v, key)
                : throw new ModelDefinitionException("YamlMissingKey", $"{node.Kind} needs '{key}'.", node.Location);
            T Choice<T>(string key, IReadOnlyDictionary<string, T> names, T fallback)
            {
                if (!(Get(key) is ArgValue v)) return fallback;
                string text = Arg.Text(v, key).ToLowerInvariant();
                return names.TryGetValue(text, out var value) ? value
                    : throw new ModelDefinitionException("YamlInvalidValue", $"'{key}' must be one of {string.Join(", ", names.Keys)}; got '{text}'.", v.Location);
            }

            string name = node.Name ?? $"{node.Kind}_{index}";
            string rowName = path.Length == 0 ? name : path + "." + name;
            void Add(LayerSpec spec)
            {
                spec.Validate();   // here, so that a bad dimension is reported at this layer's line
                sink.Add(new LayerRow(block, rowName, 1, spec));
            }
            double elements = batch * GraphExpander.Product(shape);

            switch (node.Kind)
            {
                case "linear":
                {
                    // On an image, torchvision permutes to channels-last first (ConvNeXt, Swin): 'axes: channels'.
                    int axis = Axis(node, shape, Get("axes"), allowAll: false);
                    long output = Need("out_features");
                    Add(new LinearSpec(shape[axis], output, Bool("bias", true), elements / shape[axis]));
                    return With(shape, axis, output);
                }
                case "conv1d":
                case "conv2d":
                case "conv3d":
                {
                    int rank = node.Kind[4] - '0';
                    Expect(node, shape, rank + 1, rank == 1 ? "[channels, length]" : rank == 2 ? "[channels, height, width]" : "[channels, depth, height, width]");
                    var spatial = new Dims(shape.Skip(1));
                    var spec = new ConvSpec(shape[0], Need("out_channels"),
                        Dims.Expand(NeedSizes("kernel_size"), rank, "kernel_size"), spatial,
                        Dims.Expand(Sizes("stride", 1), rank, "stride"), Dims.Expand(Sizes("padding", 0), rank, "padding"),
                        Dims.Expand(Sizes("dilation", 1), rank, "dilation"), Long("groups", 1), Bool("bias", true), batch);
                    Add(spec);
                    return new[] { spec.OutputChannels }.Concat(spec.Output.Values).ToArray();
                }
                case "batchnorm":
                    Add(new BatchNormSpec(shape[0], elements));
                    return shape;
                case "layernorm":
                case "rmsnorm":
                {
                    // Over which axes matters for the parameters (ConvNeXt's LayerNorm2d: 2C; over the width: 2W),
                    // so an image must say: 'axes: channels' (each position), 'last' or 'all' (LayerNorm([C, H, W])).
                    int axis = Axis(node, shape, Get("axes"), allowAll: true);
                    double size = axis < 0 ? GraphExpander.Product(shape) : shape[axis];
                    if (size > Require.MaxDimension)
                        throw GraphExpander.Invalid(node.Location, $"{node.Kind}: more than 2^53 values are normalised together.");
                    Add(new NormSpec(node.Kind == "layernorm" ? NormKind.LayerNorm : NormKind.RMSNorm, (long)size, elements / size));
                    return shape;
                }
                case "layer_scale":
                {
                    int axis = Axis(node, shape, Get("axes"), allowAll: false);
                    Add(new LayerScaleSpec(shape[axis], elements));
                    return shape;
                }
                case "relu": Add(new ActivationSpec(ActivationKind.ReLU, elements)); return shape;
                case "gelu": Add(new ActivationSpec(ActivationKind.GELU, elements)); return shape;
                case "silu": Add(new ActivationSpec(ActivationKind.SiLU, elements)); return shape;
                case "tanh": Add(new ActivationSpec(ActivationKind.Tanh, elements)); return shape;
                case "sigmoid": Add(new ActivationSpec(ActivationKind.Sigmoid, elements)); return shape;
                case "hardsigmoid": Add(new ActivationSpec(ActivationKind.HardSigmoid, elements)); return shape;
                case "hardswish": Add(new ActivationSpec(ActivationKind.HardSwish, elements)); return shape;
                case "relu6": Add(new ActivationSpec(ActivationKind.ReLU6, elements)); return shape;
                case "squeeze_excitation":
                {
                    if (shape.Length < 2) Expect(node, shape, 3, "[channels, spatial...]");
                    Add(new SqueezeExcitationSpec(shape[0], Need("squeeze_channels"), new Dims(shape.Skip(1)),
                        Choice("activation", Names.AnyActivation, ActivationKind.ReLU), Choice("gate", Names.Gate, ActivationKind.Sigmoid), batch));
                    return shape;
                }
                case "window_attention":
                {
                    Expect(node, shape, 3, "[channels, height, width]");
                    var window = Dims.Expand(NeedSizes("window_size"), 2, "window_size");
                    Add(new WindowAttentionSpec(shape[0], Need("heads"), window, Dims.Expand(Sizes("shift_size", 0), 2, "shift_size"),
                        shape[1], shape[2], Bool("relative_position_bias", true), Bool("bias", true), batch));
                    return shape;
                }
                case "patch_merging":
                    return PatchMerging.Apply(node, shape, batch, block, rowName, sink);
                case "softmax": Add(new SoftmaxSpec(elements)); return shape;
                case "maxpool":
                case "avgpool":
                {
                    if (shape.Length < 2) Expect(node, shape, 2, "[channels, spatial...]");
                    int rank = shape.Length - 1;
                    var kernel = Dims.Expand(NeedSizes("kernel_size"), rank, "kernel_size");
                    var spec = new PoolSpec(node.Kind == "maxpool" ? PoolKind.Max : PoolKind.Average, shape[0], kernel,
                        new Dims(shape.Skip(1)), Get("stride") == null ? kernel : Dims.Expand(Sizes("stride", 1), rank, "stride"),
                        Dims.Expand(Sizes("padding", 0), rank, "padding"), batch) { CeilMode = Bool("ceil_mode", false) };
                    Add(spec);
                    return new[] { shape[0] }.Concat(spec.Output.Values).ToArray();
                }
                case "adaptive_avgpool":
                {
                    if (shape.Length < 2) Expect(node, shape, 2, "[channels, spatial...]");
                    int rank = shape.Length - 1;
                    var output = Dims.Expand(Sizes("output_size", 1), rank, "output_size");
                    var kernel = new long[rank];
                    for (int i = 0; i < rank; i++)
                    {
                        long input = shape[i + 1];
                        if (output[i] <= 0 || input % output[i] != 0)
                            throw GraphExpander.Invalid(node.Location, $"adaptive_avgpool: output_size {output[i]} must divide the input size {input}.");
                        kernel[i] = input / output[i];
                    }
                    var k = new Dims(kernel);
                    Add(new PoolSpec(PoolKind.Average, shape[0], k, new Dims(shape.Skip(1)), k, new Dims(new long[rank]), batch));
                    return new[] { shape[0] }.Concat(output.Values).ToArray();
                }
                case "flatten":
                    return new[] { Features(node, shape, 0) };
                case "dropout":
                    return shape;
                case "to_tokens":
                    if (shape.Length < 2) Expect(node, shape, 3, "[channels, height, width]");
                    return new[] { Features(node, shape, 1), shape[0] };
                case "class_token":
                    Expect(node, shape, 2, "[tokens, dim]");
                    Add(new ClassTokenSpec(shape[1]));
                    return new[] { shape[0] + 1, shape[1] };
                case "position_embedding":
                    Expect(node, shape, 2, "[tokens, dim]");
                    Add(new PositionEmbeddingSpec(shape[0], shape[1], (double)batch * shape[0]));
                    return shape;
                case "select_token":
                {
                    Expect(node, shape, 2, "[tokens, dim]");
                    long at = Long("index", 0);
                    if (at < 0 || at >= shape[0])
                        throw GraphExpander.Invalid(node.Location, $"select_token: index {at} is outside the {shape[0]} tokens.");
                    return new[] { shape[1] };
                }
                case "attention":
                    Expect(node, shape, 2, "[tokens, dim]");
                    Add(AttentionSpec.Create(shape[1], Need("heads"), Get("kv_heads") == null ? (long?)null : Long("kv_heads", 0),
                        Get("head_dim") == null ? (long?)null : Long("head_dim", 0), batch, shape[0], null,
                        Get("window") == null ? (long?)null : Long("window", 0), Bool("causal", false),
                        Bool("bias", true) ? AttentionBias.All : AttentionBias.None));
                    return shape;
                case "feedforward":
                {
                    Expect(node, shape, 2, "[tokens, dim]");
                    var ffn = Choice("ffn", Names.Ffn, FfnKind.Mlp);
                    Add(new FeedForwardSpec(shape[1], Need("ffn_dim"), ffn, Choice("activation", Names.Activation, ActivationKind.GELU),
                        Bool("bias", true), (double)batch * shape[0]));
                    return shape;
                }
                case "transformer_block":
                {
                    Expect(node, shape, 2, "[tokens, dim]");
                    var config = new TransformerConfig
                    {
                        Layers = 1, ModelDim = shape[1], Heads = Need("heads"),
                        KvHeads = Get("kv_heads") == null ? (long?)null : Long("kv_heads", 0),
                        HeadDim = Get("head_dim") == null ? (long?)null : Long("head_dim", 0),
                        FfnDim = Need("ffn_dim"), Ffn = Choice("ffn", Names.Ffn, FfnKind.Mlp),
                        Activation = Choice("activation", Names.Activation, ActivationKind.GELU),
                        Norm = Choice("norm", Names.Norm, NormKind.LayerNorm),
                        Causal = Bool("causal", false),
                        Window = Get("window") == null ? (long?)null : Long("window", 0),
                        Bias = Bool("bias", true) ? TransformerBias.AllButHead : TransformerBias.None,
                        ParallelBlock = Bool("parallel", false),
                    };
                    foreach (var (part, spec) in TransformerExpander.Block(config, shape[0], batch))
                    {
                        spec.Validate();
                        sink.Add(new LayerRow(block, rowName + "." + part, 1, spec));
                    }
                    return shape;
                }
                default:
                    throw new ModelDefinitionException("UnknownLayerType", $"Unknown layer type '{node.Kind}'.", node.Location);
            }
        }

        /// <summary>
        /// The axis a per-position layer works over: 'channels' (the first size of an image), 'last', or for norms
        /// 'all' (returned as -1). A [tokens, dim] or [features] input defaults to the last; a [channels, h, w]
        /// input has no default, since guessing silently miscounts (normalising the width of a ConvNeXt map).
        /// </summary>
        private static int Axis(LayerNode node, long[] shape, ArgValue axes, bool allowAll)
        {
            if (axes == null)
            {
                if (shape.Length <= 2) return shape.Length - 1;
                throw new ModelDefinitionException("YamlMissingKey",
                    $"{node.Kind} on a [{GraphExpander.Show(shape)}] input needs 'axes': channels (over the channels at each position, as ConvNeXt's LayerNorm2d or a channels-last Linear), last{(allowAll ? ", or all" : "")}.",
                    node.Location);
            }
            string text = Arg.Text(axes, "axes").ToLowerInvariant();
            switch (text)
            {
                case "channels": return 0;
                case "last": return shape.Length - 1;
                case "all" when allowAll: return -1;
                default:
                    throw new ModelDefinitionException("YamlInvalidValue",
                        $"'axes' must be channels, last{(allowAll ? " or all" : "")}; got '{text}'.", axes.Location);
            }
        }

        /// <summary>
        /// The product of shape[from..] as one dimension (flatten, to_tokens), refused past 2^53 instead of
        /// wrapping: a long product of two 2^53 sizes would overflow to 0 or a negative size.
        /// </summary>
        private static long Features(LayerNode node, long[] shape, int from)
        {
            double product = 1;
            for (int i = from; i < shape.Length; i++) product *= shape[i];
            if (product > Require.MaxDimension)
                throw GraphExpander.Invalid(node.Location, System.FormattableString.Invariant(
                    $"{node.Kind} of [{GraphExpander.Show(shape)}] gives {product:R} values, more than 2^53 ({Require.MaxDimension}); a dimension must stay exact."));
            return (long)product;
        }

        private static void Expect(LayerNode node, long[] shape, int rank, string expected)
        {
            if (shape.Length != rank)
                throw GraphExpander.Invalid(node.Location, $"{node.Kind} needs a {expected} input; the previous layer gives [{GraphExpander.Show(shape)}].");
        }

        private static long[] With(long[] shape, int at, long value)
        {
            var copy = (long[])shape.Clone();
            copy[at] = value;
            return copy;
        }
    }

    /// <summary>Names of the enumerations as model files spell them.</summary>
    public static class Names
    {
        public static readonly IReadOnlyDictionary<string, FfnKind> Ffn = new Dictionary<string, FfnKind>
        { ["mlp"] = FfnKind.Mlp, ["swiglu"] = FfnKind.SwiGlu, ["geglu"] = FfnKind.GeGlu };

        public static readonly IReadOnlyDictionary<string, ActivationKind> Activation = new Dictionary<string, ActivationKind>
        { ["gelu"] = ActivationKind.GELU, ["silu"] = ActivationKind.SiLU, ["relu"] = ActivationKind.ReLU, ["tanh"] = ActivationKind.Tanh };

        /// <summary>Every activation a graph layer may name (the squeeze-and-excitation activation).</summary>
        public static readonly IReadOnlyDictionary<string, ActivationKind> AnyActivation = new Dictionary<string, ActivationKind>
        {
            ["relu"] = ActivationKind.ReLU, ["relu6"] = ActivationKind.ReLU6, ["silu"] = ActivationKind.SiLU, ["gelu"] = ActivationKind.GELU,
            ["tanh"] = ActivationKind.Tanh, ["sigmoid"] = ActivationKind.Sigmoid, ["hardsigmoid"] = ActivationKind.HardSigmoid,
            ["hardswish"] = ActivationKind.HardSwish,
        };

        /// <summary>Squeeze-and-excitation gates: sigmoid (EfficientNet, RegNetY) or hardsigmoid (MobileNetV3).</summary>
        public static readonly IReadOnlyDictionary<string, ActivationKind> Gate = new Dictionary<string, ActivationKind>
        { ["sigmoid"] = ActivationKind.Sigmoid, ["hardsigmoid"] = ActivationKind.HardSigmoid };

        public static readonly IReadOnlyDictionary<string, NormKind> Norm = new Dictionary<string, NormKind>
        { ["layernorm"] = NormKind.LayerNorm, ["rmsnorm"] = NormKind.RMSNorm };
    }
}
