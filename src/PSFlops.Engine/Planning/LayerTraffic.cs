using System;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Bytes each layer of a transformer moves in one prefill or decode step, counted operator by operator as
    /// LLM-Viewer does (hahnyuan/LLM-Viewer model_analyzer.py @472f71f: load_weight + load_act + store_act +
    /// load_kv_cache + store_kv_cache), with the attention core fused (flash attention and flash decoding: the
    /// scores stay on chip). Where the counts differ from LLM-Viewer, docs/inference.md says why.
    /// </summary>
    public static class LayerTraffic
    {
        public static LayerBytes For(LayerSpec spec, Precision p) => For(spec, null, p);

        /// <param name="parameters">The layer's parameter count when the caller has costed it already; null to count it here.</param>
        public static LayerBytes For(LayerSpec spec, double? parameters, Precision p)
        {
            double w = p.WeightBytes, a = ActivationBytes(p), kv = p.KvCacheBytes;
            double Parameters() => parameters ?? spec.Cost(CountingOptions.Default).Parameters;
            switch (spec)
            {
                case AttentionSpec s: return Attention(s, Parameters(), w, a, kv);
                case LatentAttentionSpec s: return LatentAttention(s, Parameters(), w, a, kv);
                case MambaSpec s: return StateSpace(Parameters(), s.StateValues(), s.Batch, s.SequenceLength, s.ModelDim, w, a, kv);
                case Mamba2Spec s: return StateSpace(Parameters(), s.StateValues(), s.Batch, s.SequenceLength, s.ModelDim, w, a, kv);
                case GatedDeltaNetSpec s: return StateSpace(Parameters(), s.StateValues(), s.Batch, s.SequenceLength, s.ModelDim, w, a, kv);
                case FeedForwardSpec f: return new LayerBytes(f.ParameterCount() * w, FeedForwardActivations(f.ModelDim, f.HiddenDim, f.Gated, f.Rows) * a, 0, 0);
                case MoESpec m: return MoE(m, Parameters(), w, a);
                case EmbeddingSpec e:
                    return new LayerBytes(LookupWeights(e.Rows, e.VocabSize, e.Dim, w), e.Rows * e.Dim * a, 0, 0);
                case PositionEmbeddingSpec e:
                    // Rows read from the table, then added to the token embeddings: read both, write the sum.
                    return new LayerBytes(LookupWeights(e.Rows, e.Positions, e.Dim, w), 3 * e.Rows * e.Dim * a, 0, 0);
                case LMHeadSpec h:
                    // The head reads its whole matrix even when it is tied to the embedding (it has no parameters of its own then).
                    return new LayerBytes(((double)h.Dim * h.VocabSize + (h.Bias ? h.VocabSize : 0)) * w,
                        (h.Rows * h.Dim + h.Rows * h.VocabSize) * a, 0, 0);
                case LinearSpec l:
                    return new LayerBytes(((double)l.InputDim * l.OutputDim + (l.Bias ? l.OutputDim : 0)) * w,
                        (l.Rows * l.InputDim + l.Rows * l.OutputDim) * a, 0, 0);
                case NormSpec n:
                    return new LayerBytes(Parameters() * w, 2 * n.Rows * n.Dim * a, 0, 0);
                case ResidualSpec r:
                    return new LayerBytes(0, 3 * r.Elements * a, 0, 0);          // two operands read, the sum written
                case ActivationSpec act:
                    return new LayerBytes(0, 2 * act.Elements * a, 0, 0);
                case SoftmaxSpec sm:
                    return new LayerBytes(0, 2 * sm.Elements * a, 0, 0);
                default:
                    // Layer-graph kinds (convolutions, pools, batch norms) and the rest: weights only.
                    return new LayerBytes(Parameters() * w, 0, 0, 0);
            }
        }

        /// <summary>
        /// The rows (tokens) of the kinds whose weight reads are not the same at every batch: a token or position lookup
        /// reads at most the table rows its tokens index (min(rows, table)), an MoE layer the experts its tokens pick.
        /// Null for every other kind: it reads its weights once whatever the batch, and moves activations and cache values
        /// in proportion to its rows, which <see cref="StepTraffic"/> relies on.
        /// </summary>
        public static double? TokenDependentRows(LayerSpec spec) => spec switch
        {
            EmbeddingSpec e => e.Rows,
            PositionEmbeddingSpec e => e.Rows,
            MoESpec m => m.Rows,
            _ => null,
        };

        /// <summary>
        /// The weight bytes of a row of one of those kinds when it runs on <paramref name="rows"/> rows (tokens), by the
        /// same formulas as <see cref="For(LayerSpec, double?, Precision)"/>.
        /// </summary>
        public static double WeightBytesAt(LayerSpec spec, double parameters, Precision p, double rows) => spec switch
        {
            EmbeddingSpec e => LookupWeights(rows, e.VocabSize, e.Dim, p.WeightBytes),
            PositionEmbeddingSpec e => LookupWeights(rows, e.Positions, e.Dim, p.WeightBytes),
            MoESpec m => MoEWeights(m, parameters, rows, p.WeightBytes),
            _ => throw new ArgumentException($"{spec.Type} reads the same weights at every batch.", nameof(spec)),
        };

        /// <summary>A lookup reads the table rows its tokens index, never the whole table (at most every row once).</summary>
        private static double LookupWeights(double rows, long tableRows, long dim, double w) => Math.Min(rows, tableRows) * dim * w;

        /// <summary>The layer's parameters less the routed experts none of <paramref name="rows"/> tokens picks.</summary>
        private static double MoEWeights(MoESpec m, double parameters, double rows, double w)
        {
            double touched = Planner.ExpectedExpertsTouched(m.Experts, m.TopK, rows);
            return (parameters - (m.Experts - touched) * m.ExpertParameters) * w;
        }

        /// <summary>
        /// Bytes per activation value between kernels and on the wire: 16 bits unless the weights are wider (weight-only
        /// and W8A8 quantisation keep 16-bit activations; TP all-reduces run in 16 bits).
        /// </summary>
        public static double ActivationBytes(Precision p) => p.WeightBytes >= 4 ? p.WeightBytes : 2;

        /// <summary>
        /// Separate q, k, v and output projections as LLM-Viewer lists them (each loads its input and stores its
        /// output; k and v store into the cache), then the fused core: load q, read the cached keys and values,
        /// store the output. Per token: activations (4 D + 4 H d_h) x a; KV written 2 H_kv d_h x kv per new
        /// position; KV read 2 H_kv d_h x kv per cached position each query sees (the window caps it).
        /// </summary>
        private static LayerBytes Attention(AttentionSpec s, double parameters, double w, double a, double kv)
        {
            double queryRows = (double)s.Batch * s.SequenceLength;
            double newKeyRows = (double)s.Batch * (s.KvCached ? s.SequenceLength : s.KvLength);
            double qWidth = (double)s.Heads * s.HeadDim, kvWidth = (double)s.KvHeads * s.HeadDim;

            double projections = queryRows * s.ModelDim            // q_proj input
                + 2 * newKeyRows * s.ModelDim                        // k_proj, v_proj inputs
                + queryRows * qWidth                                 // q_proj output
                + queryRows * qWidth + queryRows * s.ModelDim;       // o_proj input and output
            double core = queryRows * qWidth + queryRows * qWidth;  // load q, store the attention output
            long keysSeen = s.Window.HasValue ? Math.Min(s.KvLength, s.Window.Value) : s.KvLength;
            double kvRead = 2 * (double)s.Batch * keysSeen * kvWidth * kv;
            double kvWrite = 2 * newKeyRows * kvWidth * kv;
            return new LayerBytes(parameters * w, (projections + core) * a, kvRead, kvWrite);
        }

        /// <summary>
        /// Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434 §2.1 and Table 1): the cache holds, per token and layer, the
        /// compressed latent c_KV (kv_lora_rank values) and the decoupled RoPE key k_R (qk_rope_head_dim values), (d_c +
        /// d_h^R) l elements per token over l layers. A step reads the latents of every cached position
        /// each sequence sees and writes the new positions' latents, at the cache type's size. Activations: the layer's
        /// input read and output written (2 x rows x D); the latent up-projections stay inside the fused kernels
        /// (FlashMLA absorbs W_UK and W_UV), so their intermediates are not counted.
        /// </summary>
        private static LayerBytes LatentAttention(LatentAttentionSpec s, double parameters, double w, double a, double kv)
        {
            double latent = s.KvLoraRank + s.QkRopeHeadDim;
            double queryRows = (double)s.Batch * s.SequenceLength;
            double newRows = (double)s.Batch * (s.KvCached ? s.SequenceLength : s.KvLength);
            double kvRead = (double)s.Batch * s.KvLength * latent * kv;
            double kvWrite = newRows * latent * kv;
            return new LayerBytes(parameters * w, 2 * queryRows * s.ModelDim * a, kvRead, kvWrite);
        }

        /// <summary>
        /// A state-space or linear-attention mixer (Mamba, Mamba-2, Gated DeltaNet): no KV cache, but a recurrent state per
        /// sequence that does not grow with the context (<see cref="LayerSpec.StateValues"/>: the conv window and the SSM
        /// state, I x N for Mamba; Gu and Dao 2023, arXiv:2312.00752 §3.3 and Algorithm 2, h of shape (B, D, N)). Each step
        /// reads the state once per sequence and writes it back (counted with the cache's reads and writes, at the cache
        /// type's size, as KvCache sizes it); a prefill of a fresh prompt starts from zeros that a kernel need not read, so
        /// its read is an overcount of one state per sequence. Activations: the input read and output written (2 x rows x D);
        /// the scan's intermediates stay on chip (the paper's hardware-aware kernel, §3.3.2).
        /// </summary>
        private static LayerBytes StateSpace(double parameters, double state, long batch, long sequenceLength, long modelDim,
            double w, double a, double kv)
        {
            double stateBytes = batch * state * kv;
            return new LayerBytes(parameters * w, 2 * (double)batch * sequenceLength * modelDim * a, stateBytes, stateBytes);
        }

        /// <summary>
        /// Elements a position-wise FFN moves per the rows it runs on. Gated: gate and up each load D and store F,
        /// the gate multiply loads 2F and stores F, down loads F and stores D: 3D + 6F. Plain: up (D in, F out),
        /// activation (F in, F out), down (F in, D out): 2D + 4F.
        /// </summary>
        public static double FeedForwardActivations(long modelDim, long hiddenDim, bool gated, double rows) =>
            rows * (gated ? 3d * modelDim + 6d * hiddenDim : 2d * modelDim + 4d * hiddenDim);

        /// <summary>
        /// Router, then the experts the step's tokens pick: the layer's own parameters (router and its bias, shared
        /// experts at their own width, the shared gate: whatever MoESpec counts) less the routed experts no token picks,
        /// E - E (1 - (1 - k/E)^tokens) in expectation under uniform routing; activations as an FFN over k routed rows
        /// and one row per shared expert for each token.
        /// </summary>
        private static LayerBytes MoE(MoESpec m, double parameters, double w, double a)
        {
            double weights = MoEWeights(m, parameters, m.Rows, w);
            double router = m.Rows * m.ModelDim + m.Rows * m.Experts;
            bool gated = m.Kind != FfnKind.Mlp;
            double experts = FeedForwardActivations(m.ModelDim, m.ExpertHiddenDim, gated, m.Rows * m.TopK)
                + FeedForwardActivations(m.ModelDim, m.ResolvedSharedHiddenDim, gated, m.Rows * m.SharedExperts);
            return new LayerBytes(weights, (router + experts) * a, 0, 0);
        }
    }
}
