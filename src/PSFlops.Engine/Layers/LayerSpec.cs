using System.Globalization;

namespace PSFlops.Engine.Layers
{
    /// <summary>The layer types that <c>Get-LayerFlops -Type</c> accepts and that model rows report.</summary>
    public enum LayerType
    {
        Linear, Conv1d, Conv2d, Conv3d, Attention, FeedForward, LayerNorm, RMSNorm, Activation, Softmax,
        Embedding, LMHead, MoE, BatchNorm, Pool, Residual, PositionEmbedding, TokenTypeEmbedding, ClassToken,
        // Graph-form kinds that only model files build (EfficientNet, RegNetY; ConvNeXt).
        SqueezeExcitation, LayerScale,
        /// <summary>A state-space or linear-attention mixer (Mamba, Mamba-2, Gated DeltaNet): a model row only.</summary>
        StateSpace,
    }

    /// <summary>
    /// One layer with every shape known. <see cref="Cost"/> validates the dimensions and applies the
    /// layer's formula; nothing else in the project computes FLOPs.
    /// </summary>
    public abstract record LayerSpec
    {
        public abstract LayerType Type { get; }

        /// <summary>Throws <see cref="FlopsArgumentException"/> naming the first dimension no formula can use.</summary>
        public abstract void Validate();

        /// <summary>Forward cost under the given conventions; validates first.</summary>
        public abstract LayerCost Cost(CountingOptions options);

        /// <summary>
        /// Values this layer keeps in the KV cache per sequence at a context length (keys and values for
        /// attention, the latent for multi-head latent attention); zero for layers that cache nothing.
        /// Bytes are this times the cache type's size.
        /// </summary>
        public virtual double KvCacheValues(long context) => 0;

        /// <summary>
        /// The cache values one tensor-parallel rank holds of <see cref="KvCacheValues(long)"/>: a KV head is split whole
        /// over ranks and replicated when TP exceeds the KV heads (ceil(H_kv / TP) per rank, as Megatron-LM and vLLM do);
        /// a latent cache is replicated on every rank.
        /// </summary>
        public virtual double KvCacheValues(long context, long tensorParallel) => KvCacheValues(context);

        /// <summary>
        /// Values this layer keeps per sequence between decode steps that do not grow with the context: a state-space
        /// layer's convolution window and SSM state (zero for every other kind). Memory and inference add it beside the
        /// KV cache; bytes are this times the cache type's size.
        /// </summary>
        public virtual double StateValues() => 0;

        /// <summary>What this layer keeps for the backward pass at the workload it was built for; zero for most kinds.</summary>
        public virtual ActivationFootprint ActivationBytes() => ActivationFootprint.Zero;

        /// <summary>
        /// Bytes one occurrence of this layer moves between device memory and the chip in one prefill or decode step, at the
        /// workload it was built for, counted operator by operator as LLM-Viewer does (hahnyuan/LLM-Viewer model_analyzer.py
        /// @472f71f: load_weight + load_act + store_act + load_kv_cache + store_kv_cache) with the attention core fused
        /// (flash attention and flash decoding: the scores stay on chip); docs/inference.md says where the counts differ.
        /// The default, for the kinds that override nothing (convolutions, pools, batch norms and the rest): weights only.
        /// </summary>
        /// <param name="parameters">This layer's parameter count as <see cref="Cost"/> counts it (callers have costed it already).</param>
        public virtual LayerBytes StepBytes(double parameters, BytesPerValue per) => new LayerBytes(parameters * per.Weight, 0, 0, 0);

        /// <summary>
        /// The rows (tokens) of a kind whose weight reads are not the same at every batch: a token or position lookup reads
        /// at most the table rows its tokens index, an MoE layer the experts its tokens pick. Null for every other kind: it
        /// reads its weights once whatever the batch, and moves activations and cache values in proportion to its rows,
        /// which Planning's StepTraffic relies on.
        /// </summary>
        public virtual double? TokenDependentRows() => null;

        /// <summary>
        /// The weight bytes of <see cref="StepBytes"/> had the layer run on <paramref name="rows"/> rows (tokens) instead of its
        /// own, by the same formula. Only the kinds with <see cref="TokenDependentRows"/> depend on the rows; for the rest
        /// this is <see cref="StepBytes"/>' weight bytes.
        /// </summary>
        public virtual double WeightBytesAt(double parameters, BytesPerValue per, double rows) => StepBytes(parameters, per).WeightBytes;

        /// <summary>Input shape as people write it, e.g. "1x2048x4096" (batch, tokens, features).</summary>
        public abstract string InputShape { get; }

        /// <summary>Output shape, same notation.</summary>
        public abstract string OutputShape { get; }

        protected static string Shape(params double[] sizes) => string.Join("x", System.Array.ConvertAll(sizes, Size));

        // Sizes are whole numbers; formatting them as integers is several times faster than "R" for doubles.
        private static string Size(double size) => System.Math.Abs(size) < 9e15
            ? ((long)size).ToString(CultureInfo.InvariantCulture)
            : size.ToString("R", CultureInfo.InvariantCulture);
    }
}
