using System.Collections.Generic;

namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// The dimensions a user gave for one layer (Get-LayerFlops -Type ...). Null means "not given";
    /// <see cref="LayerBuilder"/> turns a request into a spec or names the missing dimension.
    /// </summary>
    public sealed record LayerRequest
    {
        public LayerType Type { get; init; }
        public long BatchSize { get; init; } = 1;
        public long SequenceLength { get; init; } = 1;
        public long? InputDim { get; init; }
        public long? OutputDim { get; init; }
        public bool Bias { get; init; }
        public long? InputChannels { get; init; }
        public long? OutputChannels { get; init; }
        public IReadOnlyList<long> KernelSize { get; init; }
        public IReadOnlyList<long> InputSize { get; init; }
        public IReadOnlyList<long> Stride { get; init; }
        public IReadOnlyList<long> Padding { get; init; }
        public IReadOnlyList<long> Dilation { get; init; }
        public long? Groups { get; init; }
        public long? ModelDim { get; init; }
        public long? Heads { get; init; }
        public long? KvHeads { get; init; }
        public long? HeadDim { get; init; }
        public long? KvLength { get; init; }
        public long? Window { get; init; }
        public bool Causal { get; init; }
        public long? HiddenDim { get; init; }
        public bool Gated { get; init; }
        public ActivationKind? Activation { get; init; }
        public long? Experts { get; init; }
        public long? TopK { get; init; }
        public long? SharedExperts { get; init; }
        public long? Elements { get; init; }
        public long? VocabSize { get; init; }
        public bool Tied { get; init; }
        public PoolKind Pool { get; init; } = PoolKind.Max;
    }
}
