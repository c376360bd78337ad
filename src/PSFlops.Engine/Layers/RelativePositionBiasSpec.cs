namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// T5's relative position bias (Raffel et al. 2020, §2.1; transformers' T5Attention.relative_attention_bias): one
    /// learned scalar per (bucket, head), Buckets x Heads parameters, held by the first layer of a stack and reused by
    /// every layer of it. The buckets are computed once; the cost is one add per score in each of Layers layers
    /// (elementwise, Full only), over the whole Queries x Keys square as T5 adds it before masking.
    /// </summary>
    public sealed record RelativePositionBiasSpec(long Buckets, long Heads, long Batch, long Queries, long Keys, long Layers) : LayerSpec
    {
        public override LayerType Type => LayerType.PositionEmbedding;
        public override string InputShape => Shape(Batch, Heads, Queries, Keys);
        public override string OutputShape => InputShape;

        public override void Validate()
        {
            Require.Positive(Buckets, nameof(Buckets));
            Require.Positive(Heads, nameof(Heads));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(Queries, "SequenceLength");
            Require.Positive(Keys, "KvLength");
            Require.Positive(Layers, nameof(Layers));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double parameters = (double)Buckets * Heads;
            double adds = options.Elementwise(1, (double)Layers * Batch * Heads * Queries * Keys);
            return new LayerCost(parameters, parameters, 0, new FlopBreakdown(AttentionSoftmax: adds));
        }
    }
}
