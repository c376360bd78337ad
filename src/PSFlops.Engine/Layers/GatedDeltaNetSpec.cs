using System;

namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Gated DeltaNet linear attention (Yang et al. 2024, arXiv:2412.06464), with the tensors transformers'
    /// Qwen3NextGatedDeltaNet builds: in_proj_qkvz D -> 2 Hk dk + 2 Hv dv (q, k, v and the gate z), in_proj_ba D -> 2 Hv
    /// (beta and the decay input a), a bias-free depthwise conv1d over q, k and v (conv_dim = 2 Hk dk + Hv dv), dt_bias and
    /// A_log (Hv each), a gated RMSNorm of dv shared by the heads, out_proj Hv dv -> D. Keys and queries are repeated to the
    /// Hv value heads. The delta rule runs in chunks of ChunkSize C (transformers' torch_chunk_gated_delta_rule, each chunk
    /// padded to C): inside a chunk, over its pairs, k_beta k^T, attn k_beta, attn v_beta, q k^T and attn v_new
    /// (3 dk + 2 dv MACs per pair and head) plus the triangular solve (sum of i^2 for i below C per chunk and head); across
    /// chunks, the state's read for v', its read by the queries and its update (3 dk dv per token and head). Linear in the
    /// tokens; a decode step costs the same at any context. Elementwise work (Full): the decay exponents 2 per pair and head,
    /// SiLU on the conv output 8, beta's sigmoid and the decay's softplus and exp 18 per token and head, q and k l2 norms 3,
    /// the gated norm 13 per value channel.
    /// </summary>
    public sealed record GatedDeltaNetSpec(
        long ModelDim, long KeyHeads, long ValueHeads, long KeyHeadDim, long ValueHeadDim, long ConvKernel, long ChunkSize,
        long Batch, long SequenceLength) : LayerSpec
    {
        public override LayerType Type => LayerType.StateSpace;
        public override string InputShape => Shape(Batch, SequenceLength, ModelDim);
        public override string OutputShape => InputShape;

        public double KeyDim => (double)KeyHeads * KeyHeadDim;
        public double ValueDim => (double)ValueHeads * ValueHeadDim;
        public double ConvDim => 2 * KeyDim + ValueDim;

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(KeyHeads, nameof(KeyHeads));
            Require.Positive(ValueHeads, nameof(ValueHeads));
            Require.Positive(KeyHeadDim, nameof(KeyHeadDim));
            Require.Positive(ValueHeadDim, nameof(ValueHeadDim));
            Require.Positive(ConvKernel, nameof(ConvKernel));
            Require.Positive(ChunkSize, nameof(ChunkSize));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(SequenceLength, nameof(SequenceLength));
            Require.That(ValueHeads % KeyHeads == 0, nameof(KeyHeads), $"KeyHeads ({KeyHeads}) must divide ValueHeads ({ValueHeads}).");
        }

        /// <summary>The decode state per sequence: the conv window (conv_dim x ConvKernel) and the recurrent state Hv x dk x dv.</summary>
        public override double StateValues() => ConvDim * ConvKernel + ValueDim * KeyHeadDim;

        /// <summary>Step bytes of a recurrent mixer: <see cref="RecurrentState.StepBytes"/>.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            RecurrentState.StepBytes(parameters, StateValues(), Batch, SequenceLength, ModelDim, per);

        public double Parameters() =>
            ModelDim * (2 * KeyDim + 2 * ValueDim) + ModelDim * 2d * ValueHeads + ConvDim * ConvKernel
            + 2d * ValueHeads + ValueHeadDim + ValueDim * ModelDim;

        /// <summary>16-bit tensors kept for backward: sharded, the projections' outputs 2 T (2 Kd + 2 Vd + 2 Hv), the conv
        /// output and its SiLU 4 T conv_dim, the rule's output, the gate product and the norm's 6 T Vd; replicated, the input 2 T D.</summary>
        public override ActivationFootprint ActivationBytes()
        {
            double t = (double)Batch * SequenceLength;
            return new ActivationFootprint(2 * t * (2 * KeyDim + 2 * ValueDim + 2d * ValueHeads) + 4 * t * ConvDim + 6 * t * ValueDim,
                2 * t * ModelDim, 0);
        }

        /// <summary>in_proj_qkvz and in_proj_ba (q, k, v, z and a gate and beta per value head), then out_proj, over t tokens.</summary>
        private double ProjectionMacs(double t) => t * ModelDim * (2 * KeyDim + 2 * ValueDim + 2d * ValueHeads) + t * ValueDim * ModelDim;

        /// <summary>
        /// A decode step against the cached state: transformers' Qwen3Next runs recurrent_gated_delta_rule then, not the
        /// chunked kernel. Per token and value head the state (dk x dv) is decayed, read against k, updated with k x delta
        /// and read against q: 3 dk dv MACs and dk dv multiplies, with no chunk pairs and no triangular solve.
        /// </summary>
        public bool Recurrent { get; init; }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double t = (double)Batch * SequenceLength, h = ValueHeads, dk = KeyHeadDim, dv = ValueHeadDim, c = ChunkSize;
            if (Recurrent) return RecurrentCost(options, t, h, dk, dv);
            double chunks = Batch * Math.Ceiling((double)SequenceLength / ChunkSize);
            // Chunks are padded to C, so every chunk scores its whole lower triangle (causal) or square.
            double pairsPerChunk = options.CausalMask ? c * (c + 1) / 2 : c * c;
            double pairs = chunks * pairsPerChunk;
            double projectionMacs = ProjectionMacs(t);
            double convMacs = t * ConvDim * ConvKernel;
            double solveMacs = chunks * h * (c - 1) * c * (2 * c - 1) / 6;
            double ruleMacs = pairs * h * (3 * dk + 2 * dv) + solveMacs + 3 * chunks * c * h * dk * dv;
            double macs = projectionMacs + convMacs + ruleMacs;
            double elementwise = options.Elementwise(2, pairs * h) + options.Elementwise(8, t * ConvDim)
                + options.Elementwise(18, t * h) + options.Elementwise(3, t * 2 * KeyDim) + options.Elementwise(13, t * ValueDim);
            double parameters = Parameters();
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(StateSpace: 2 * macs + elementwise));
        }

        private LayerCost RecurrentCost(CountingOptions options, double t, double h, double dk, double dv)
        {
            double macs = ProjectionMacs(t) + t * ConvDim * ConvKernel + 3 * t * h * dk * dv;
            double elementwise = options.Elementwise(1, t * h * dk * dv) + options.Elementwise(8, t * ConvDim)
                + options.Elementwise(18, t * h) + options.Elementwise(3, t * 2 * KeyDim) + options.Elementwise(13, t * ValueDim);
            double parameters = Parameters();
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(StateSpace: 2 * macs + elementwise));
        }
    }
}
