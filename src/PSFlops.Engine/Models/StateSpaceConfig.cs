using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    public enum StateSpaceKind { Mamba, Mamba2, GatedDeltaNet }

    /// <summary>
    /// The state-space mixer of a model's SSM layers, named after the Hugging Face fields it mirrors (MambaConfig,
    /// Mamba2Config, JambaConfig's mamba_*): <paramref name="InnerDim"/> intermediate_size (expand x hidden_size),
    /// <paramref name="StateSize"/> state_size, <paramref name="ConvKernel"/> conv_kernel, <paramref name="TimeStepRank"/>
    /// time_step_rank (Mamba), <paramref name="Heads"/>, <paramref name="HeadDim"/>, <paramref name="Groups"/> and
    /// <paramref name="ChunkSize"/> (Mamba-2: num_heads, head_dim, n_groups, chunk_size), use_bias and use_conv_bias.
    /// </summary>
    public sealed record StateSpaceConfig(
        StateSpaceKind Kind, long InnerDim, long StateSize, long ConvKernel, long TimeStepRank = 0,
        long Heads = 0, long HeadDim = 0, long Groups = 1, long ChunkSize = 256, bool Bias = false, bool ConvBias = true)
    {
        /// <summary>Jamba's weighted RMSNorms on dt, B and C inside the Mamba mixer.</summary>
        public bool InnerNorms { get; init; }

        /// <summary>Mamba-2: out_proj's bias when it differs from in_proj's (Falcon-H1's projectors_bias); null: <see cref="Bias"/>.</summary>
        public bool? OutputBias { get; init; }

        /// <summary>Mamba-2: the gated RMSNorm before out_proj (Falcon-H1's mamba_rms_norm).</summary>
        public bool GatedNorm { get; init; } = true;

        /// <summary>Gated DeltaNet: key heads and their width (linear_num_key_heads, linear_key_head_dim); <see cref="Heads"/>
        /// and <see cref="HeadDim"/> are the value heads and their width.</summary>
        public long KeyHeads { get; init; }
        public long KeyHeadDim { get; init; }

        /// <summary>The mixer's layer spec for a batch and sequence length; <paramref name="decoding"/>: a step against the
        /// cached state (Gated DeltaNet then runs its recurrent rule).</summary>
        public LayerSpec Mixer(long modelDim, long batch, long sequenceLength, bool decoding = false) =>
            Kind == StateSpaceKind.GatedDeltaNet
            ? new GatedDeltaNetSpec(modelDim, KeyHeads, Heads, KeyHeadDim, HeadDim, ConvKernel, ChunkSize, batch, sequenceLength) { Recurrent = decoding }
            : Kind == StateSpaceKind.Mamba
            ? new MambaSpec(modelDim, InnerDim, StateSize, ConvKernel, TimeStepRank, Bias, ConvBias, batch, sequenceLength) { InnerNorms = InnerNorms }
            : (LayerSpec)new Mamba2Spec(modelDim, InnerDim, Heads, HeadDim, Groups, StateSize, ConvKernel, ChunkSize,
                Bias, ConvBias, batch, sequenceLength) { OutputBias = OutputBias, GatedNorm = GatedNorm };
    }
}
