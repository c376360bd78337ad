using System.Collections.Generic;

namespace PSFlops.Engine.Layers
{
    /// <summary>Builds a single layer from user-given dimensions, with defaults and clear errors for what is missing.</summary>
    public static class LayerBuilder
    {
        public static LayerSpec Build(LayerRequest r)
        {
            Require.Positive(r.BatchSize, "BatchSize");
            Require.Positive(r.SequenceLength, "SequenceLength");
            double rows = (double)r.BatchSize * r.SequenceLength;
            switch (r.Type)
            {
                case LayerType.Linear:
                    return new LinearSpec(Need(r.InputDim, "InputDim"), Need(r.OutputDim, "OutputDim"), r.Bias, rows);
                case LayerType.Conv1d: return Conv(r, 1);
                case LayerType.Conv2d: return Conv(r, 2);
                case LayerType.Conv3d: return Conv(r, 3);
                case LayerType.Attention:
                    return AttentionSpec.Create(Need(r.ModelDim, "ModelDim"), Need(r.Heads, "Heads"), r.KvHeads, r.HeadDim,
                        r.BatchSize, r.SequenceLength, r.KvLength, r.Window, r.Causal,
                        r.Bias ? AttentionBias.All : AttentionBias.None);
                case LayerType.FeedForward:
                    return new FeedForwardSpec(Need(r.ModelDim, "ModelDim"), Need(r.HiddenDim, "HiddenDim"), FfnKindOf(r),
                        r.Activation ?? ActivationKind.GELU, r.Bias, rows);
                case LayerType.MoE:
                    return new MoESpec(Need(r.ModelDim, "ModelDim"), Need(r.HiddenDim, "HiddenDim"), Need(r.Experts, "Experts"),
                        Need(r.TopK, "TopK"), r.SharedExperts ?? 0, FfnKindOf(r), r.Activation ?? ActivationKind.GELU, r.Bias, rows);
                case LayerType.LayerNorm:
                    return new NormSpec(NormKind.LayerNorm, PerPosition(r), rows);
                case LayerType.RMSNorm:
                    return new NormSpec(NormKind.RMSNorm, PerPosition(r), rows);
                case LayerType.BatchNorm:
                {
                    long channels = Need(r.InputChannels ?? r.ModelDim, "InputChannels");
                    double spatial = r.InputSize == null ? 1 : Dims.Expand(r.InputSize, r.InputSize.Count, "InputSize").Product();
                    return new BatchNormSpec(channels, r.BatchSize * channels * spatial);
                }
                case LayerType.Activation:
                    return new ActivationSpec(r.Activation ?? ActivationKind.GELU, rows * PerPosition(r));
                case LayerType.Softmax:
                    return new SoftmaxSpec(rows * PerPosition(r));
                case LayerType.Residual:
                    return new ResidualSpec(rows * PerPosition(r));
                case LayerType.Embedding:
                    return new EmbeddingSpec(Need(r.VocabSize, "VocabSize"), Need(r.ModelDim, "ModelDim"), rows);
                case LayerType.LMHead:
                    return new LMHeadSpec(Need(r.ModelDim, "ModelDim"), Need(r.VocabSize, "VocabSize"), r.Tied, r.Bias, rows);
                case LayerType.Pool:
                {
                    var input = Need(r.InputSize, "InputSize");
                    int rank = input.Count;
                    var kernel = Dims.Expand(Need(r.KernelSize, "KernelSize"), rank, "KernelSize");
                    return new PoolSpec(r.Pool, Need(r.InputChannels, "InputChannels"), kernel, Dims.Expand(input, rank, "InputSize"),
                        r.Stride == null ? kernel : Dims.Expand(r.Stride, rank, "Stride"),
                        Dims.Expand(r.Padding ?? new long[] { 0 }, rank, "Padding"), r.BatchSize);
                }
                default:
                    throw new FlopsArgumentException("Type", $"Layer type {r.Type} cannot be built from dimensions alone; use it inside a model file.");
            }
        }

        private static ConvSpec Conv(LayerRequest r, int rank)
        {
            var spec = new ConvSpec(
                Need(r.InputChannels, "InputChannels"), Need(r.OutputChannels, "OutputChannels"),
                Dims.Expand(Need(r.KernelSize, "KernelSize"), rank, "KernelSize"),
                Dims.Expand(Need(r.InputSize, "InputSize"), rank, "InputSize"),
                Dims.Expand(r.Stride ?? new long[] { 1 }, rank, "Stride"),
                Dims.Expand(r.Padding ?? new long[] { 0 }, rank, "Padding"),
                Dims.Expand(r.Dilation ?? new long[] { 1 }, rank, "Dilation"),
                r.Groups ?? 1, r.Bias, r.BatchSize);
            spec.Validate();
            return spec;
        }

        private static FfnKind FfnKindOf(LayerRequest r) =>
            !r.Gated ? FfnKind.Mlp : r.Activation == ActivationKind.GELU ? FfnKind.GeGlu : FfnKind.SwiGlu;

        private static long PerPosition(LayerRequest r)
        {
            if (r.Elements.HasValue) return r.Elements.Value;
            if (r.ModelDim.HasValue) return r.ModelDim.Value;
            throw Missing($"Elements' or 'ModelDim", r.Type);
        }

        private static long Need(long? value, string name) => value ?? throw Missing(name, null);

        private static IReadOnlyList<long> Need(IReadOnlyList<long> value, string name) =>
            value != null && value.Count > 0 ? value : throw Missing(name, null);

        private static FlopsArgumentException Missing(string name, LayerType? type) =>
            new FlopsArgumentException(name.Split('\'')[0], $"This layer type needs the '{name}' dimension; it was not given.");
    }
}
