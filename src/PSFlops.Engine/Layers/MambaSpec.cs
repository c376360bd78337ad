namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// The Mamba mixer (Gu and Dao 2023, arXiv:2312.00752, Algorithm 2), with the tensors transformers' MambaMixer
    /// builds (FalconMambaMixer adds weight-free RMSNorms on B, C and dt, which change no count): in_proj D -> 2I (x and
    /// the gate z), a depthwise causal conv1d over x (I channels, ConvKernel taps, bias when ConvBias), x_proj I -> R + 2N
    /// (dt, B, C), dt_proj R -> I with a bias, A_log (I x N), D (I), out_proj I -> D; I = InnerDim (intermediate_size),
    /// N = StateSize, R = TimeStepRank. Every term is linear in the tokens T = Batch x SequenceLength: no pair of positions
    /// is ever scored, so a decode step costs the same at any context.
    /// <para>Counting (docs/formulas.md, "Mamba"): matmuls 2 MACs per weight per token; the depthwise convolution K MACs per
    /// channel per token; the selective scan 2 MACs per (token, channel, state) (the input (dt x) B_n added into h_n and
    /// the readout C_n h_n), plus under Full the discretisation dt A, its exp and the decay multiply (3 per (token,
    /// channel, state)), dt x (1), softplus on dt and SiLU on the conv output (8 each), the D skip (2) and the gate
    /// y silu(z) (8 + 1) per (token, channel), and the bias adds (1 per output element), as <see cref="LinearSpec"/> counts them.</para>
    /// </summary>
    public sealed record MambaSpec(
        long ModelDim, long InnerDim, long StateSize, long ConvKernel, long TimeStepRank, bool Bias, bool ConvBias,
        long Batch, long SequenceLength) : LayerSpec
    {
        /// <summary>Jamba's RMSNorms (with weights) on dt, B and C inside the mixer (JambaMambaMixer's dt_layernorm,
        /// b_layernorm, c_layernorm): R + 2N parameters, 4 FLOPs per element (Full).</summary>
        public bool InnerNorms { get; init; }

        public override LayerType Type => LayerType.StateSpace;
        public override string InputShape => Shape(Batch, SequenceLength, ModelDim);
        public override string OutputShape => InputShape;

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(InnerDim, nameof(InnerDim));
            Require.Positive(StateSize, nameof(StateSize));
            Require.Positive(ConvKernel, nameof(ConvKernel));
            Require.Positive(TimeStepRank, nameof(TimeStepRank));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(SequenceLength, nameof(SequenceLength));
        }

        /// <summary>
        /// The decode state per sequence, fixed whatever the context: the convolution window, I x ConvKernel values (the
        /// shape transformers' MambaCache allocates), and the SSM state h, I x N.
        /// </summary>
        public override double StateValues() => (double)InnerDim * ConvKernel + (double)InnerDim * StateSize;

        /// <summary>Step bytes of a recurrent mixer: <see cref="RecurrentState.StepBytes"/>.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            RecurrentState.StepBytes(parameters, StateValues(), Batch, SequenceLength, ModelDim, per);

        public double Parameters()
        {
            double i = InnerDim, d = ModelDim, n = StateSize, r = TimeStepRank;
            return d * 2 * i + (Bias ? 2 * i : 0)          // in_proj
                + i * ConvKernel + (ConvBias ? i : 0)       // conv1d (depthwise: one filter per channel)
                + i * (r + 2 * n)                           // x_proj (no bias)
                + r * i + i                                 // dt_proj (always biased)
                + i * n + i                                 // A_log, D
                + i * d + (Bias ? d : 0)                    // out_proj
                + (InnerNorms ? r + 2 * n : 0);             // Jamba's dt, B and C norms
        }

        /// <summary>
        /// 16-bit tensors kept for the backward pass. Sharded (split with the inner channels under tensor parallelism):
        /// x and z 4 T I, the conv output and its SiLU 4 T I, dt 2 T I, the scan output and the gated output 6 T I (14 T I).
        /// Replicated: the input 2 T D and x_proj's output 2 T (R + 2N). The fused scan recomputes the T x I x N states in
        /// the backward pass instead of storing them (Mamba §3.3.2), so none is kept.
        /// </summary>
        public override ActivationFootprint ActivationBytes()
        {
            double t = (double)Batch * SequenceLength;
            return new ActivationFootprint(
                Sharded: 14 * t * InnerDim,
                Replicated: 2 * t * ModelDim + 2 * t * (TimeStepRank + 2d * StateSize),
                Scores: 0);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double t = (double)Batch * SequenceLength, i = InnerDim, d = ModelDim, n = StateSize, r = TimeStepRank;
            double projectionMacs = t * d * 2 * i + t * i * (r + 2 * n) + t * r * i + t * i * d;
            double convMacs = t * i * ConvKernel;
            double scanMacs = 2 * t * i * n;
            double macs = projectionMacs + convMacs + scanMacs;
            // Bias adds are elementwise work, counted under Full only (dt_proj's bias always, as LinearSpec counts one).
            double bias = options.Elementwise(1, (Bias ? t * 2 * i + t * d : 0) + (ConvBias ? t * i : 0) + t * i);
            double elementwise = options.Elementwise(3, t * i * n)
                + options.Elementwise(1 + 8 + 8 + 2 + 8 + 1, t * i)
                + (InnerNorms ? options.Elementwise(4, t * (r + 2 * n)) : 0);
            double parameters = Parameters();
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(StateSpace: 2 * macs + bias + elementwise));
        }
    }
}
