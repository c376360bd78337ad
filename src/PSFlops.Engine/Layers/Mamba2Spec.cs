using System;

namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// The Mamba-2 mixer (structured state-space duality, Dao and Gu 2024, arXiv:2405.21060, §6-7), with the tensors
    /// transformers' Mamba2Mixer builds: in_proj D -> 2I + 2GN + H (z, x, B, C and dt), a depthwise causal conv1d over
    /// x, B and C (conv_dim = I + 2GN channels), dt_bias, A_log and D (H each), a gated RMSNorm over I and out_proj I -> D;
    /// I = InnerDim = Heads x HeadDim, G = Groups (B and C shared by the H / G heads of a group), N = StateSize.
    /// <para>The scan runs in chunks of ChunkSize Q as the SSD algorithm does (transformers' torch path): inside a chunk,
    /// C_i B_j scores over the chunk's pairs (H (N + P) MACs per pair: the scores and their product with x); across chunks,
    /// each chunk's state B^T x and its readout C h (H P N MACs per token each). Every term is linear in the tokens
    /// (the pairs are at most Q per position), so a decode step costs the same at any context. Elementwise work under Full:
    /// the segment decays (exp of cumulative sums, 2 per pair and head), state decays between chunks (2 per state value
    /// and chunk), SiLU on the conv output (8), softplus(dt + dt_bias) (9 per token and head), dt x and the D skip (3),
    /// and the gated norm y silu(z) then RMSNorm (9 + 4) per (token, channel), and bias adds (1 per output element).
    /// docs/formulas.md, "Mamba-2".</para>
    /// </summary>
    public sealed record Mamba2Spec(
        long ModelDim, long InnerDim, long Heads, long HeadDim, long Groups, long StateSize, long ConvKernel, long ChunkSize,
        bool Bias, bool ConvBias, long Batch, long SequenceLength) : LayerSpec
    {
        /// <summary>A bias on out_proj when it differs from in_proj's (Falcon-H1's projectors_bias); null: <see cref="Bias"/>.</summary>
        public bool? OutputBias { get; init; }

        /// <summary>The gated RMSNorm over I before out_proj (Falcon-H1 makes it optional: mamba_rms_norm); without it the gate is y silu(z).</summary>
        public bool GatedNorm { get; init; } = true;

        private bool ResolvedOutputBias => OutputBias ?? Bias;

        public override LayerType Type => LayerType.StateSpace;
        public override string InputShape => Shape(Batch, SequenceLength, ModelDim);
        public override string OutputShape => InputShape;

        /// <summary>Channels the convolution runs over: x, B and C.</summary>
        public double ConvDim => InnerDim + 2d * Groups * StateSize;

        /// <summary>in_proj's output width: z and x (2I), B and C (2GN), dt (H).</summary>
        public double ProjectionWidth => 2d * InnerDim + 2d * Groups * StateSize + Heads;

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(InnerDim, nameof(InnerDim));
            Require.Positive(Heads, nameof(Heads));
            Require.Positive(HeadDim, nameof(HeadDim));
            Require.Positive(Groups, nameof(Groups));
            Require.Positive(StateSize, nameof(StateSize));
            Require.Positive(ConvKernel, nameof(ConvKernel));
            Require.Positive(ChunkSize, nameof(ChunkSize));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(SequenceLength, nameof(SequenceLength));
            Require.That((double)Heads * HeadDim == InnerDim, nameof(Heads),
                $"Heads x HeadDim ({Heads} x {HeadDim}) must equal the inner width ({InnerDim}).");
            Require.That(Heads % Groups == 0, nameof(Groups), $"Groups ({Groups}) must divide Heads ({Heads}).");
        }

        /// <summary>The decode state per sequence, fixed whatever the context: the conv window (conv_dim x ConvKernel, as
        /// transformers' cache allocates it) and the SSM state (H x P x N).</summary>
        public override double StateValues() => ConvDim * ConvKernel + (double)Heads * HeadDim * StateSize;

        /// <summary>Step bytes of a recurrent mixer: <see cref="RecurrentState.StepBytes"/>.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            RecurrentState.StepBytes(parameters, StateValues(), Batch, SequenceLength, ModelDim, per);

        public double Parameters() =>
            ModelDim * ProjectionWidth + (Bias ? ProjectionWidth : 0)
            + ConvDim * ConvKernel + (ConvBias ? ConvDim : 0)
            + 3d * Heads                                  // dt_bias, A_log, D
            + (GatedNorm ? InnerDim : 0)                  // the gated RMSNorm's weight
            + (double)InnerDim * ModelDim + (ResolvedOutputBias ? ModelDim : 0);

        /// <summary>
        /// 16-bit tensors kept for the backward pass. Sharded: in_proj's output 2 T (2I + 2GN + H), the conv output and its
        /// SiLU 4 T conv_dim, dt 2 T H, the scan output, the gate product and the norm's output 6 T I. Replicated: the
        /// input 2 T D. The fused kernel recomputes the chunk states rather than keep them.
        /// </summary>
        public override ActivationFootprint ActivationBytes()
        {
            double t = (double)Batch * SequenceLength;
            return new ActivationFootprint(
                Sharded: 2 * t * ProjectionWidth + 4 * t * ConvDim + 2 * t * Heads + 6 * t * InnerDim,
                Replicated: 2 * t * ModelDim, Scores: 0);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double t = (double)Batch * SequenceLength, h = Heads, p = HeadDim, n = StateSize;
            double pairs = Batch * AttentionSpec.ChunkedPairs(SequenceLength, SequenceLength, ChunkSize, options.CausalMask);
            double chunks = Batch * Math.Ceiling((double)SequenceLength / ChunkSize);

            double projectionMacs = t * ModelDim * ProjectionWidth + t * InnerDim * ModelDim;
            double convMacs = t * ConvDim * ConvKernel;
            double scanMacs = pairs * h * (n + p) + 2 * t * h * p * n;
            double macs = projectionMacs + convMacs + scanMacs;
            double bias = options.Elementwise(1, (Bias ? t * ProjectionWidth : 0) + (ResolvedOutputBias ? t * ModelDim : 0) + (ConvBias ? t * ConvDim : 0));
            double elementwise = options.Elementwise(2, pairs * h) + options.Elementwise(2, chunks * h * p * n)
                + options.Elementwise(8, t * ConvDim) + options.Elementwise(9, t * h)
                + options.Elementwise(3 + 9 + (GatedNorm ? 4 : 0), t * InnerDim);
            double parameters = Parameters();
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(StateSpace: 2 * macs + bias + elementwise));
        }
    }
}
