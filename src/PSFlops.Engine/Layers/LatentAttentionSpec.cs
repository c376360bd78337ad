namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Multi-head latent attention (DeepSeek-V2 §2.1, arXiv:2405.04434; DeepSeek-V3, Kimi-K2), with the
    /// tensors transformers' DeepseekV3Attention builds:
    /// queries q_a_proj D -> q_lora_rank, q_a_layernorm, q_b_proj -> H (nope + rope) (or one q_proj D -> H (nope + rope)
    /// when QLoraRank is null); keys and values kv_a_proj_with_mqa D -> kv_lora_rank + rope, kv_a_layernorm,
    /// kv_b_proj kv_lora_rank -> H (nope + v); o_proj H v -> D. The cache holds the latent and the shared rope key:
    /// kv_lora_rank + qk_rope_head_dim values per position.
    /// <para>Expanded form (training, prefill, <see cref="CountingOptions.AbsorbedLatentAttention"/> off): kv_b_proj
    /// re-expands every cached position's latent, and scores and values use the per-head dims. Absorbed form (the
    /// decode kernels of DeepSeek's and vLLM's serving): W_UK folds into each query (H nope kv_lora_rank MACs per
    /// query) and W_UV into the output (H kv_lora_rank v), and scores and values run over the latent
    /// (kv_lora_rank + rope and kv_lora_rank wide).</para>
    /// </summary>
    public sealed record LatentAttentionSpec(
        long ModelDim, long Heads, long? QLoraRank, long KvLoraRank, long QkNopeHeadDim, long QkRopeHeadDim, long VHeadDim,
        long Batch, long SequenceLength, long KvLength, bool Causal, bool Bias) : LayerSpec
    {
        /// <summary>Dropout on the attention probabilities in training (as <see cref="AttentionSpec.AttentionDropout"/>).</summary>
        public bool AttentionDropout { get; init; } = true;

        /// <summary>Dropout on the output projection's result in training (as <see cref="AttentionSpec.HiddenDropout"/>).</summary>
        public bool HiddenDropout { get; init; } = true;

        /// <summary>Decoding against a cache of latents: only the new positions are compressed by kv_a_proj.</summary>
        public bool KvCached { get; init; }

        public override LayerType Type => LayerType.Attention;
        public override string InputShape => Shape(Batch, SequenceLength, ModelDim);
        public override string OutputShape => InputShape;

        public long QkHeadDim => QkNopeHeadDim + QkRopeHeadDim;

        public override double KvCacheValues(long context) => (double)(KvLoraRank + QkRopeHeadDim) * context;

        /// <summary>
        /// Replicated (whole on every rank): the input 2 T D and, with hidden dropout, its mask T D, the compressed query and its norm
        /// 4 T q_lora_rank, the latent with the rope key and the latent's norm 2 T (kv_lora_rank + rope) + 2 T kv_lora_rank.
        /// Sharded: Q 2 T H d_qk, the expanded K and V 2 T H (d_qk + d_v), the output projection's input 2 T H d_v.
        /// Scores 5 B H P with attention dropout, 2 B H P (the softmax output) without. (Training runs the expanded form; the absorbed form is a decode kernel.)
        /// </summary>
        public override ActivationFootprint ActivationBytes()
        {
            double t = (double)Batch * SequenceLength, h = Heads;
            double q = QLoraRank.HasValue ? 4 * t * QLoraRank.Value : 0;
            return new ActivationFootprint(
                Sharded: 2 * t * h * QkHeadDim + 2 * t * h * (QkHeadDim + VHeadDim) + 2 * t * h * VHeadDim,
                Replicated: (HiddenDropout ? 3 : 2) * t * ModelDim + q + 2 * t * (KvLoraRank + QkRopeHeadDim) + 2 * t * KvLoraRank,
                Scores: (AttentionDropout ? 5d : 2d) * Batch * h * SequenceLength * KvLength);
        }

        /// <summary>
        /// Step bytes (DeepSeek-V2, arXiv:2405.04434 §2.1 and Table 1): the cache holds, per token and layer, the compressed
        /// latent c_KV (kv_lora_rank values) and the decoupled RoPE key k_R (qk_rope_head_dim values), (d_c + d_h^R) l
        /// elements per token over l layers. A step reads the latents of every cached position each sequence sees and writes
        /// the new positions' latents, at the cache type's size. Activations: the layer's input read and output written
        /// (2 x rows x D); the latent up-projections stay inside the fused kernels (FlashMLA absorbs W_UK and W_UV), so their
        /// intermediates are not counted.
        /// </summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per)
        {
            double latent = KvLoraRank + QkRopeHeadDim;
            double queryRows = (double)Batch * SequenceLength;
            double newRows = (double)Batch * (KvCached ? SequenceLength : KvLength);
            double kvRead = (double)Batch * KvLength * latent * per.CacheValue;
            double kvWrite = newRows * latent * per.CacheValue;
            return new LayerBytes(parameters * per.Weight, 2 * queryRows * ModelDim * per.Activation, kvRead, kvWrite);
        }

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(Heads, nameof(Heads));
            if (QLoraRank.HasValue) Require.Positive(QLoraRank.Value, "QLoraRank");
            Require.Positive(KvLoraRank, "KvLoraRank");
            Require.Positive(QkNopeHeadDim, "QkNopeHeadDim");
            Require.Positive(QkRopeHeadDim, "QkRopeHeadDim");
            Require.Positive(VHeadDim, "VHeadDim");
            Require.Positive(Batch, "BatchSize");
            Require.Positive(SequenceLength, nameof(SequenceLength));
            Require.Positive(KvLength, nameof(KvLength));
        }

        public double Parameters()
        {
            double h = Heads, d = ModelDim;
            double q = QLoraRank.HasValue
                ? d * QLoraRank.Value + (Bias ? QLoraRank.Value : 0) + QLoraRank.Value + (double)QLoraRank.Value * h * QkHeadDim
                : d * h * QkHeadDim;
            double kv = d * (KvLoraRank + QkRopeHeadDim) + (Bias ? KvLoraRank + QkRopeHeadDim : 0) + KvLoraRank
                + (double)KvLoraRank * h * (QkNopeHeadDim + VHeadDim);
            double output = h * VHeadDim * d + (Bias ? d : 0);
            return q + kv + output;
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double h = Heads, d = ModelDim;
            double queryRows = (double)Batch * SequenceLength;
            double newRows = (double)Batch * (KvCached ? SequenceLength : KvLength);
            double cachedRows = (double)Batch * KvLength;
            double pairs = (Causal && options.CausalMask
                ? AttentionSpec.CausalPairs(SequenceLength, KvLength, null)
                : (double)SequenceLength * KvLength) * Batch * h;

            double qMacs = QLoraRank.HasValue
                ? queryRows * (d * QLoraRank.Value + (double)QLoraRank.Value * h * QkHeadDim)
                : queryRows * d * h * QkHeadDim;
            double kvaMacs = newRows * d * (KvLoraRank + QkRopeHeadDim);
            double norms = options.Elementwise(4, (QLoraRank.HasValue ? queryRows * QLoraRank.Value : 0) + newRows * KvLoraRank);
            // Bias adds (attention_bias on q_a, kv_a and o) are elementwise work.
            double bias = Bias ? options.Elementwise(1, (QLoraRank.HasValue ? queryRows * QLoraRank.Value : 0) + newRows * (KvLoraRank + QkRopeHeadDim)) : 0;

            double projectionMacs, scoreMacs, valueMacs, outputMacs = queryRows * h * VHeadDim * d;
            if (options.AbsorbedLatentAttention)
            {
                projectionMacs = qMacs + kvaMacs + queryRows * h * QkNopeHeadDim * KvLoraRank;   // q_nope x W_UK
                scoreMacs = pairs * (KvLoraRank + QkRopeHeadDim);
                valueMacs = pairs * KvLoraRank;
                outputMacs += queryRows * h * KvLoraRank * VHeadDim;                               // latent x W_UV
            }
            else
            {
                projectionMacs = qMacs + kvaMacs + cachedRows * KvLoraRank * h * (QkNopeHeadDim + VHeadDim);   // kv_b_proj
                scoreMacs = pairs * QkHeadDim;
                valueMacs = pairs * VHeadDim;
            }

            var breakdown = new FlopBreakdown(
                AttentionProjection: 2 * projectionMacs + bias,
                AttentionScore: 2 * scoreMacs,
                AttentionSoftmax: options.Elementwise(1 + 5, pairs),
                AttentionValue: 2 * valueMacs,
                AttentionOutput: 2 * outputMacs + (Bias ? options.Elementwise(1, queryRows * d) : 0),
                Norm: norms);
            double parameters = Parameters();
            return new LayerCost(parameters, parameters, projectionMacs + scoreMacs + valueMacs + outputMacs, breakdown);
        }
    }
}
