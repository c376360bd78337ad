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

        /// <summary>Dropout on the attention probabilities in training: eager attention keeps its mask and output (5 B H S S_kv, not 2).</summary>
        public bool AttentionDropout { get; init; } = true;

        /// <summary>Dropout on the output projection's result in training: a 1-byte mask of T D kept for the backward pass.</summary>
        public bool HiddenDropout { get; init; } = true;

        /// <summary>Chunked attention (Llama-4): each query sees only the earlier keys of its own chunk of this size. Null: none.</summary>
        public long? Chunk { get; init; }

        /// <summary>RMSNorm on queries and keys (Qwen3, OLMo-2, Gemma-3; Llama-4's unweighted one).</summary>
        public QkNorm QkNorm { get; init; }

        /// <summary>gpt-oss's attention sinks: one learned logit per head that joins every softmax (Heads parameters).</summary>
        public bool Sinks { get; init; }

        /// <summary>Gemma-2's logit soft-capping, c tanh(s / c) on every score: divide, tanh, multiply (1 + 8 + 1, elementwise).</summary>
        public bool SoftCap { get; init; }

        /// <summary>
        /// Cross-attention over an encoder's KvLength outputs (T5, BART, Whisper decoders): its keys and values are the
        /// encoder's, computed once per sequence, so the cache holds KvLength positions whatever the decoder's context,
        /// and a decode step (<see cref="KvCached"/>) projects none.
        /// </summary>
        public bool CrossAttention { get; init; }

        /// <summary>Qwen3-Next's gated attention: q_proj is twice as wide (queries and a gate per channel), and the output
        /// is scaled by sigmoid(gate) before o_proj: D H d_h more parameters and MACs, 8 + 1 per gated element (Full).
        /// (Its bias, when attention_bias, doubles with q's.)</summary>
        public bool OutputGate { get; init; }

        /// <summary>An encoder's self-attention: it runs once over the whole input and caches nothing.</summary>
        public bool Uncached { get; init; }

        /// <summary>Key and value rows projected in this pass: new positions when decoding, all of them otherwise, none
        /// for cross-attention whose encoder K/V are already cached.</summary>
        private double KeyRows => (double)Batch * (CrossAttention ? (KvCached ? 0 : KvLength) : KvCached ? SequenceLength : KvLength);

        /// <summary>Positions a sequence keeps in the KV cache at a context: the context, capped by the window or the chunk.</summary>
        public long CachedPositions(long context)
        {
            if (Uncached) return 0;
            if (CrossAttention) return KvLength;
            long cached = context;
            if (Window.HasValue) cached = Math.Min(cached, Window.Value);
            if (Chunk.HasValue) cached = Math.Min(cached, Chunk.Value);
            return cached;
        }

        /// <summary>K and V values cached per sequence at a context: 2 x kv heads x head dim x cached positions.</summary>
        public override double KvCacheValues(long context) => 2d * KvHeads * HeadDim * CachedPositions(context);

        public override double KvCacheValues(long context, long tensorParallel)
        {
            Require.Positive(tensorParallel, "TensorParallel");
            return 2d * ((KvHeads + tensorParallel - 1) / tensorParallel) * HeadDim * CachedPositions(context);
        }

        /// <summary>
        /// Korthikanti's attention terms generalised to separate query and key/value widths: the input 2 T D and, with
        /// hidden dropout, its mask T D (replicated); Q 2 T H d_h, K and V 4 T_kv H_kv d_h, the output projection's input
        /// 2 T H d_h, and the q/k norm inputs where present (sharded); the softmax output 2 B H S S_kv, and with attention
        /// dropout its mask and output, 5 B H S S_kv in all (eager attention materialises the whole square and masks it,
        /// so a window or a chunk does not shrink it).
        /// </summary>
        public override ActivationFootprint ActivationBytes()
        {
            double queryRows = (double)Batch * SequenceLength;
            double keyRows = KeyRows;
            double qWidth = (double)Heads * HeadDim, kvWidth = (double)KvHeads * HeadDim;
            double qkNorm = QkNorm == QkNorm.None ? 0 : 2 * (queryRows * qWidth + keyRows * kvWidth);
            return new ActivationFootprint(
                Sharded: 2 * queryRows * qWidth + 4 * keyRows * kvWidth + 2 * queryRows * qWidth + qkNorm,
                Replicated: (HiddenDropout ? 3 : 2) * queryRows * ModelDim,
                Scores: (AttentionDropout ? 5d : 2d) * Batch * Heads * SequenceLength * KvLength);
        }

        /// <summary>
        /// Step bytes: separate q, k, v and output projections as LLM-Viewer lists them (each loads its input and stores its
        /// output; k and v store into the cache), then the fused core: load q, read the cached keys and values, store the
        /// output. Per token: activations (4 D + 4 H d_h) x a; KV written 2 H_kv d_h x kv per new position; KV read
        /// 2 H_kv d_h x kv per cached position each query sees (the window caps it, and at a decode step the chunk). A
        /// decode step's cross-attention projects no keys: it reads the encoder's cache and leaves k_proj and v_proj
        /// unread. An uncached (encoder, vision tower) self-attention moves its keys and values as activations.
        /// </summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per)
        {
            double queryRows = (double)Batch * SequenceLength;
            double keyRows = KeyRows;   // projected in this pass: none at a decode step's cross-attention
            double qWidth = (double)Heads * HeadDim, kvWidth = (double)KvHeads * HeadDim;

            // A decode step's cross-attention reads the encoder's cached keys and values: k_proj and v_proj stay unread.
            double unreadWeights = CrossAttention && KvCached
                ? 2 * (double)ModelDim * kvWidth + (Bias.Key ? kvWidth : 0) + (Bias.Value ? kvWidth : 0)
                : 0;
            double projections = queryRows * ModelDim              // q_proj input
                + 2 * keyRows * ModelDim                             // k_proj, v_proj inputs
                + queryRows * qWidth                                 // q_proj output
                + queryRows * qWidth + queryRows * ModelDim;         // o_proj input and output
            double core = queryRows * qWidth + queryRows * qWidth;  // load q, store the attention output
            double weights = (parameters - unreadWeights) * per.Weight;
            double kvStored = 2 * keyRows * kvWidth, kvLoaded = 2 * (double)Batch * KeysReadPerSequence * kvWidth;
            // An encoder's or a vision tower's self-attention keeps its keys and values as activations, never in a cache.
            if (Uncached) return new LayerBytes(weights, (projections + core + kvStored + kvLoaded) * per.Activation, 0, 0);
            return new LayerBytes(weights, (projections + core) * per.Activation, kvLoaded * per.CacheValue, kvStored * per.CacheValue);
        }

        /// <summary>
        /// Key positions the fused core reads per sequence: cross-attention reads all the encoder's; a window caps
        /// self-attention's, and at a decode step a chunk does too (the step's queries see their own chunk, which is all the
        /// cache keeps: <see cref="CachedPositions"/>). At prefill each chunk's keys are read once by its own queries, so all.
        /// </summary>
        private long KeysReadPerSequence
        {
            get
            {
                if (CrossAttention) return KvLength;
                long keys = Window.HasValue ? Math.Min(KvLength, Window.Value) : KvLength;
                return KvCached && Chunk.HasValue ? Math.Min(keys, Chunk.Value) : keys;
            }
        }

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
            if (Chunk.HasValue) Require.Positive(Chunk.Value, nameof(Chunk));
            Require.That(KvHeads <= Heads && Heads % KvHeads == 0, nameof(KvHeads),
                $"KvHeads ({KvHeads}) must divide Heads ({Heads}).");
        }

        private double QkNormParameters => QkNorm switch
        {
            QkNorm.PerHead => 2d * HeadDim,
            QkNorm.Full => (double)(Heads + KvHeads) * HeadDim,
            _ => 0,                               // None, and Unweighted's norm without a weight
        };

        /// <summary>Query-key pairs scored per batch element and head.</summary>
        public double ScoredPairs(CountingOptions options)
        {
            if (Chunk.HasValue) return ChunkedPairs(SequenceLength, KvLength, Chunk.Value, Causal && options.CausalMask);
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

        /// <summary>
        /// Pairs under chunked attention, the S queries being the last S of KvLength positions. Position p sees
        /// the p mod c + 1 keys of its chunk up to itself with a causal mask, or its whole chunk without one.
        /// Closed forms over whole chunks plus the remainder: G(n) = sum over p below n of (p mod c + 1).
        /// </summary>
        public static double ChunkedPairs(long queries, long keys, long chunk, bool causal)
        {
            if (keys < queries)
                throw new FlopsArgumentException(nameof(KvLength),
                    $"KvLength ({keys}) must be at least SequenceLength ({queries}) with chunked attention.");
            double c = chunk;
            double Causal(double n) { double q = Math.Floor(n / c), r = n - q * c; return q * c * (c + 1) / 2 + r * (r + 1) / 2; }
            double Whole(double n) { double q = Math.Floor(n / c), r = n - q * c; return q * c * c + r * r; }
            if (causal) return Causal(keys) - Causal(keys - queries);
            // Without a mask every query sees its whole chunk; for self-attention that is the sum of squared chunk sizes.
            return queries == keys ? Whole(keys) : (double)queries * Math.Min(keys, chunk);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double queryRows = (double)Batch * SequenceLength;
            double keyRows = KeyRows;
            double qWidth = (double)Heads * HeadDim;
            double kvWidth = (double)KvHeads * HeadDim;

            double gateWidth = OutputGate ? qWidth : 0;
            double qMacs = queryRows * ModelDim * (qWidth + gateWidth);
            double kvMacs = 2 * keyRows * ModelDim * kvWidth;
            // Bias adds are elementwise: counted under Full only, so Matmul is exactly 2 x MACs.
            double projectionBias = options.Elementwise(1, (Bias.Query ? queryRows * (qWidth + gateWidth) : 0)
                + (Bias.Key ? keyRows * kvWidth : 0) + (Bias.Value ? keyRows * kvWidth : 0));

            double scores = (double)Batch * Heads * ScoredPairs(options);
            double scoreMacs = scores * HeadDim;                  // Q K^T
            double valueMacs = scores * HeadDim;                  // softmax(scores) x V
            double outMacs = queryRows * qWidth * ModelDim;

            // q/k norms: RMSNorm, 4 per element of every query and new key (conventions.md); without a weight
            // (Llama-4's x rsqrt(mean(x^2) + eps)) one multiply less: square, sum, scale = 3.
            double qkNormPerElement = QkNorm == QkNorm.Unweighted ? 3 : 4;
            double qkNorm = QkNorm == QkNorm.None ? 0 : options.Elementwise(qkNormPerElement, queryRows * qWidth + keyRows * kvWidth);
            // Sinks: one more logit per query and head in each softmax (5 FLOPs, as a score's softmax).
            double sinks = Sinks ? options.Elementwise(5, (double)Batch * Heads * SequenceLength) : 0;
            double softCap = SoftCap ? options.Elementwise(10, scores) : 0;
            double gate = OutputGate ? options.Elementwise(8 + 1, queryRows * qWidth) : 0;

            var breakdown = new FlopBreakdown(
                AttentionProjection: 2 * (qMacs + kvMacs) + projectionBias,
                AttentionScore: 2 * scoreMacs,
                // 1/sqrt(d_h) scaling (1 per score) and softmax (5 per score).
                AttentionSoftmax: options.Elementwise(1 + 5, scores) + sinks + softCap,
                Norm: qkNorm,
                AttentionValue: 2 * valueMacs,
                AttentionOutput: 2 * outMacs + (Bias.Output ? options.Elementwise(1, queryRows * ModelDim) : 0) + gate);

            double parameters = ModelDim * (qWidth + gateWidth) + 2 * ModelDim * kvWidth + qWidth * ModelDim
                + (Bias.Query ? qWidth + gateWidth : 0) + (Bias.Key ? kvWidth : 0) + (Bias.Value ? kvWidth : 0)
                + (Bias.Output ? ModelDim : 0)
                + QkNormParameters + (Sinks ? Heads : 0);
            return new LayerCost(parameters, parameters, qMacs + kvMacs + scoreMacs + valueMacs + outMacs, breakdown);
        }
    }
}
