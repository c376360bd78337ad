using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    public enum PositionKind { Rope, Learned, None }

    /// <summary>Which linear layers of a transformer carry a bias.</summary>
    public sealed record TransformerBias(bool Query, bool Key, bool Value, bool Output, bool FeedForward, bool LMHead)
    {
        public static readonly TransformerBias None = new TransformerBias(false, false, false, false, false, false);
        /// <summary>"bias: true" in a model file: every projection and FFN matrix (GPT-2, BERT, ViT), not the LM head.</summary>
        public static readonly TransformerBias AllButHead = new TransformerBias(true, true, true, true, true, false);

        public AttentionBias Attention => new AttentionBias(Query, Key, Value, Output);
    }

    /// <summary>Mixture-of-experts feed-forward settings.</summary>
    public sealed record MoEConfig(long Experts, long TopK, long SharedExperts, long ExpertFfnDim);

    /// <summary>
    /// The transformer form of a model file (model-schema.md), with every default resolved.
    /// Fields past the fixed schema: TypeVocabSize, EmbeddingNorm, FinalNorm, Pooler and LMHead, which
    /// encoders such as BERT need to match their published parameter counts.
    /// </summary>
    public sealed record TransformerConfig
    {
        public long Layers { get; init; }
        public long ModelDim { get; init; }
        public long Heads { get; init; }
        public long? KvHeads { get; init; }
        public long? HeadDim { get; init; }
        public long FfnDim { get; init; }
        public FfnKind Ffn { get; init; } = FfnKind.Mlp;
        public ActivationKind Activation { get; init; } = ActivationKind.GELU;
        public NormKind Norm { get; init; } = NormKind.LayerNorm;
        public TransformerBias Bias { get; init; } = TransformerBias.None;
        public long VocabSize { get; init; }
        public bool TiedEmbeddings { get; init; }
        public PositionKind Positions { get; init; } = PositionKind.Rope;
        public long? MaxSequenceLength { get; init; }
        public bool Causal { get; init; } = true;
        public long? Window { get; init; }
        public bool ParallelBlock { get; init; }
        public MoEConfig MoE { get; init; }
        public long TypeVocabSize { get; init; }
        public bool EmbeddingNorm { get; init; }
        public bool FinalNorm { get; init; } = true;
        public bool Pooler { get; init; }
        public bool LMHead { get; init; } = true;

        public long ResolvedKvHeads => KvHeads ?? Heads;
        public long ResolvedHeadDim => HeadDim ?? (Heads > 0 ? ModelDim / Heads : 0);
    }
}
