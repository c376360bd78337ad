using System.Collections.Generic;

namespace PSFlops.Engine.Layers
{
    /// <summary>Builds a single layer from user-given dimensions, with defaults and clear errors for what is missing.</summary>
    public static class LayerBuilder
    {
        /// <summary>A validated spec for the request.</summary>
        public static LayerSpec Build(LayerRequest r)
        {
            var spec = Create(r);
            spec.Validate();
            return spec;
        }

        /// <summary>
        /// The <see cref="LayerRequest"/> fields (by name) that <see cref="Build"/> reads for a layer type, besides
        /// BatchSize and SequenceLength. Lets a caller read only what matters from a piped object; a unit test
        /// checks that no other field changes the result.
        /// </summary>
        public static IReadOnlyList<string> DimensionsOf(LayerType type)
        {
            switch (type)
            {
                case LayerType.Linear: return LinearFields;
                case LayerType.Conv1d:
                case LayerType.Conv2d:
                case LayerType.Conv3d: return ConvFields;
                case LayerType.Attention: return AttentionFields;
                case LayerType.FeedForward: return FeedForwardFields;
                case LayerType.MoE: return MoEFields;
                case LayerType.LayerNorm:
                case LayerType.RMSNorm:
                case LayerType.Softmax:
                case LayerType.Residual: return PerPositionFields;
                case LayerType.Activation: return ActivationFields;
                case LayerType.BatchNorm: return BatchNormFields;
                case LayerType.Embedding: return EmbeddingFields;
                case LayerType.LMHead: return LMHeadFields;
                case LayerType.Pool: return PoolFields;
                default: return NoFields;
            }
        }

        private static readonly string[] NoFields = { };
        private static readonly string[] LinearFields = { "InputDim", "OutputDim", "Bias" };
        private static readonly string[] ConvFields =
            { "InputChannels", "OutputChannels", "KernelSize", "InputSize", "Stride", "Padding", "Dilation", "Groups", "Bias" };
        private static readonly string[] AttentionFields = { "ModelDim", "Heads", "KvHeads", "HeadDim", "KvLength", "Window", "Causal", "Bias" };
        private static readonly string[] FeedForwardFields = { "ModelDim", "HiddenDim", "Gated", "Activation", "Bias" };
        private static readonly string[] MoEFields =
            { "ModelDim", "HiddenDim", "Experts", "TopK", "SharedExperts", "Gated", "Activation", "Bias" };
        private static readonly string[] PerPositionFields = { "Elements", "ModelDim" };
        private static readonly string[] ActivationFields = { "Activation", "Elements", "ModelDim" };
        private static readonly string[] BatchNormFields = { "InputChannels", "ModelDim", "InputSize" };
        private static readonly string[] EmbeddingFields = { "VocabSize", "ModelDim" };
        private static readonly string[] LMHeadFields = { "ModelDim", "VocabSize", "Tied", "Bias" };
        private static readonly string[] PoolFields = { "Pool", "InputChannels", "KernelSize", "InputSize", "Stride", "Padding" };

        private static LayerSpec Create(LayerRequest r)
        {
            Require.Positive(r.BatchSize, "BatchSize");
            Require.Positive(r.SequenceLength, "SequenceLength");
            double rows = (double)r.BatchSize * r.SequenceLength;
            switch (r.Type)
            {
                case LayerType.Linear:
                    return new LinearSpec(Need(r.InputDim, "InputDim", r.Type), Need(r.OutputDim, "OutputDim", r.Type), r.Bias, rows);
                case LayerType.Conv1d: return Conv(r, 1);
                case LayerType.Conv2d: return Conv(r, 2);
                case LayerType.Conv3d: return Conv(r, 3);
                case LayerType.Attention:
                    return AttentionSpec.Create(Need(r.ModelDim, "ModelDim", r.Type), Need(r.Heads, "Heads", r.Type), r.KvHeads, r.HeadDim,
                        r.BatchSize, r.SequenceLength, r.KvLength, r.Window, r.Causal,
                        r.Bias ? AttentionBias.All : AttentionBias.None);
                case LayerType.FeedForward:
                    return new FeedForwardSpec(Need(r.ModelDim, "ModelDim", r.Type), Need(r.HiddenDim, "HiddenDim", r.Type), FfnKindOf(r),
                        r.Activation ?? ActivationKind.GELU, r.Bias, rows);
                case LayerType.MoE:
                    return new MoESpec(Need(r.ModelDim, "ModelDim", r.Type), Need(r.HiddenDim, "HiddenDim", r.Type), Need(r.Experts, "Experts", r.Type),
                        Need(r.TopK, "TopK", r.Type), r.SharedExperts ?? 0, FfnKindOf(r), r.Activation ?? ActivationKind.GELU, r.Bias, rows);
                case LayerType.LayerNorm:
                    return new NormSpec(NormKind.LayerNorm, PerPosition(r), rows);
                case LayerType.RMSNorm:
                    return new NormSpec(NormKind.RMSNorm, PerPosition(r), rows);
                case LayerType.BatchNorm:
                {
                    long channels = Need(r.InputChannels ?? r.ModelDim, "InputChannels", r.Type);
                    double spatial = r.InputSize == null ? 1 : Dims.Expand(r.InputSize, r.InputSize.Count, "InputSize").Product();
                    return new BatchNormSpec(channels, (double)r.BatchSize * channels * spatial);   // in double: B x C can pass long
                }
                case LayerType.Activation:
                    return new ActivationSpec(r.Activation ?? ActivationKind.GELU, rows * PerPosition(r));
                case LayerType.Softmax:
                    return new SoftmaxSpec(rows * PerPosition(r));
                case LayerType.Residual:
                    return new ResidualSpec(rows * PerPosition(r));
                case LayerType.Embedding:
                    return new EmbeddingSpec(Need(r.VocabSize, "VocabSize", r.Type), Need(r.ModelDim, "ModelDim", r.Type), rows);
                case LayerType.LMHead:
                    return new LMHeadSpec(Need(r.ModelDim, "ModelDim", r.Type), Need(r.VocabSize, "VocabSize", r.Type), r.Tied, r.Bias, rows);
                case LayerType.Pool:
                {
                    var input = Need(r.InputSize, "InputSize", r.Type);
                    int rank = input.Count;
                    var kernel = Dims.Expand(Need(r.KernelSize, "KernelSize", r.Type), rank, "KernelSize");
                    return new PoolSpec(r.Pool, Need(r.InputChannels, "InputChannels", r.Type), kernel, Dims.Expand(input, rank, "InputSize"),
                        r.Stride == null ? kernel : Dims.Expand(r.Stride, rank, "Stride"),
                        Dims.Expand(r.Padding ?? new long[] { 0 }, rank, "Padding"), r.BatchSize);
                }
                default:
                    throw new FlopsArgumentException("Type", $"Layer type {r.Type} cannot be built from dimensions alone; use it inside a model file.");
            }
        }

        private static ConvSpec Conv(LayerRequest r, int rank) =>
            new ConvSpec(
                Need(r.InputChannels, "InputChannels", r.Type), Need(r.OutputChannels, "OutputChannels", r.Type),
                Dims.Expand(Need(r.KernelSize, "KernelSize", r.Type), rank, "KernelSize"),
                Dims.Expand(Need(r.InputSize, "InputSize", r.Type), rank, "InputSize"),
                Dims.Expand(r.Stride ?? new long[] { 1 }, rank, "Stride"),
                Dims.Expand(r.Padding ?? new long[] { 0 }, rank, "Padding"),
                Dims.Expand(r.Dilation ?? new long[] { 1 }, rank, "Dilation"),
                r.Groups ?? 1, r.Bias, r.BatchSize);

        private static FfnKind FfnKindOf(LayerRequest r) =>
            !r.Gated ? FfnKind.Mlp : r.Activation == ActivationKind.GELU ? FfnKind.GeGlu : FfnKind.SwiGlu;

        private static long PerPosition(LayerRequest r)
        {
            if (r.Elements.HasValue) return Require.Positive(r.Elements.Value, "Elements");
            if (r.ModelDim.HasValue) return Require.Positive(r.ModelDim.Value, "ModelDim");
            throw Missing("Elements", r.Type, "-Elements or -ModelDim");
        }

        private static long Need(long? value, string name, LayerType type) => value ?? throw Missing(name, type, "-" + name);

        private static IReadOnlyList<long> Need(IReadOnlyList<long> value, string name, LayerType type) =>
            value != null && value.Count > 0 ? value : throw Missing(name, type, "-" + name);

        private static FlopsArgumentException Missing(string name, LayerType type, string what) =>
            new FlopsArgumentException(name, $"{(StartsWithVowel(type) ? "An" : "A")} {type} layer needs {what}; it was not given.", missing: true);

        private static bool StartsWithVowel(LayerType type) => "AEIOU".IndexOf(type.ToString()[0]) >= 0;
    }
}
