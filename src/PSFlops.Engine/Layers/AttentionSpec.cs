using System;

namespace PSFlops.Engine.Layers
{
    /// <summary>Which of the four attention projections carry a bias (GPT-2 and BERT: all; Qwen2: q, k, v).</summary>
    public sealed record AttentionBias(bool Query, bool Key, bool Value, bool Output)
    {
        public static readonly AttentionBias None = new AttentionBias(false, false, false, false);
        public static readonly AttentionBias All = new AttentionBias(true, true, true, true);
    }

    /// <summary>
    /// Multi-head attention with Heads query heads and KvHeads key/value heads (GQA; 1 is MQA) of
    /// HeadDim each. Queries come from SequenceLength positions, keys and values from KvLength
    /// positions (equal for self-attention; larger when decoding against a KV cache or cross-attending).
    /// Window, when set, limits each query to the Window most recent keys.
    /// </summary>
    public sealed record AttentionSpec(
        long ModelDim, long Heads, long KvHeads, long HeadDim, long Batch, long SequenceLength,
        long KvLength, long? Window, bool Causal, AttentionBias Bias) : LayerSpec
    {
        /// <summary>Resolves the defaults (KvHeads = Heads, HeadDim = ModelDim / Heads, KvLength = SequenceLength) and checks divisibility.</summary>
        public static AttentionSpec Create(
            long modelDim, long heads, long? kvHeads = null, long? headDim = null, long batch = 1,
            long sequenceLength = 1, long? kvLength = null, long? window = null, bool causal = false,
            AttentionBias bias = null)
        {
            Require.Positive(modelDim, "ModelDim");
            Require.Positive(heads, "Heads");
            if (headDim == null)
                Require.That(modelDim % heads == 0, "Heads",
                    $"Heads ({heads}) must divide ModelDim ({modelDim}) when no HeadDim is given.");
            var spec = new AttentionSpec(modelDim, heads, kvHeads ?? heads, headDim ?? modelDim / heads, batch,
                sequenceLength, kvLength ?? sequenceLength, window, causal, bias ?? AttentionBias.None);
            spec.Validate();
            return spec;
        }

        /// <summary>
        /// Self-attention decoding against a KV cache: only the SequenceLength new positions are projected to
        /// keys and values; the other KvLength - SequenceLength come from the cache. Without it (cross-attention,
        /// conventions.md) all KvLength positions are projected.
        /// </summary>
        public bool KvCached { get; init; }

        public override LayerType Type => LayerType.Attention;
        public override string InputShape => Shape(Batch, SequenceLength, ModelDim);
        public override string OutputShape => Shape(Batch, SequenceLength, ModelDim);

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(Heads, nameof(Heads));
            Require.Positive(KvHeads, nameof(KvHeads));
            Require.Positive(HeadDim, nameof(HeadDim));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(SequenceLength, nameof(SequenceLength));
            Require.Positive(KvLength, nameof(KvLength));
            if (Window.HasValue) Require.Positive(Window.Value, nameof(Window));
            Require.That(KvHeads <= Heads && Heads % KvHeads == 0, nameof(KvHeads),
                $"KvHeads ({KvHeads}) must divide Heads ({Heads}).");
        }

        /// <summary>Query-key pairs scored per batch element and head.</summary>
        public double ScoredPairs(CountingOptions options)
        {
            long keysPerQuery = Window.HasValue ? Math.Min(KvLength, Window.Value) : KvLength;
            if (!(Causal && options.CausalMask)) return (double)SequenceLength * keysPerQuery;
            return CausalPairs(SequenceLength, KvLength, Window);
        }

        /// <summary>
        /// Pairs a causal mask keeps: the S queries are the last S of the KvLength positions, so query i
        /// (0-based) sees min(KvLength - S + i + 1, window) keys. Self-attention without a window gives
        /// S (S + 1) / 2. Closed form, so a 10^7-token sequence costs nothing to count.
        /// </summary>
        public static double CausalPairs(long queries, long keys, long? window)
        {
            if (keys < queries)
                throw new FlopsArgumentException(nameof(KvLength),
                    $"With a causal mask, KvLength ({keys}) must be at least SequenceLength ({queries}).");
            double first = keys - queries + 1;               // keys seen by the first query
            double last = first + queries - 1;                // keys seen by the last query
            double w = window ?? double.PositiveInfinity;
            if (w >= last) return queries * (first + last) / 2;
            if (w <= first) return queries * w;
            double uncapped = w - first;                      // queries that see fewer than w keys
            return uncapped * (first + w - 1) / 2 + (queries - uncapped) * w;
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double queryRows = (double)Batch * SequenceLength;
            double keyRows = (double)Batch * (KvCached ? SequenceLength : KvLength);
            double qWidth = (double)Heads * HeadDim;
            double kvWidth = (double)KvHeads * HeadDim;

            double qMacs = queryRows * ModelDim * qWidth;
            double kvMacs = 2 * keyRows * ModelDim * kvWidth;
            // Bias adds are elementwise: counted under Full only, so Matmul is exactly 2 x MACs.
            double projectionBias = options.Elementwise(1, (Bias.Query ? queryRows * qWidth : 0)
                + (Bias.Key ? keyRows * kvWidth : 0) + (Bias.Value ? keyRows * kvWidth : 0));

            double scores = (double)Batch * Heads * ScoredPairs(options);
            double scoreMacs = scores * HeadDim;                  // Q K^T
            double valueMacs = scores * HeadDim;                  // softmax(scores) x V
            double outMacs = queryRows * qWidth * ModelDim;

            var breakdown = new FlopBreakdown(
                AttentionProjection: 2 * (qMacs + kvMacs) + projectionBias,
                AttentionScore: 2 * scoreMacs,
                // 1/sqrt(d_h) scaling (1 per score) and softmax (5 per score).
                AttentionSoftmax: options.Elementwise(1 + 5, scores),
                AttentionValue: 2 * valueMacs,
                AttentionOutput: 2 * outMacs + (Bias.Output ? options.Elementwise(1, queryRows * ModelDim) : 0));

            double parameters = ModelDim * qWidth + 2 * ModelDim * kvWidth + qWidth * ModelDim
                + (Bias.Query ? qWidth : 0) + (Bias.Key ? kvWidth : 0) + (Bias.Value ? kvWidth : 0)
                + (Bias.Output ? ModelDim : 0);
            return new LayerCost(parameters, parameters, qMacs + kvMacs + scoreMacs + valueMacs + outMacs, breakdown);
        }
    }
}
