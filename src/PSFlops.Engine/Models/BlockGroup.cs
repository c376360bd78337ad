namespace PSFlops.Engine.Models
{
    /// <summary>
    /// <paramref name="Count"/> identical transformer layers of a model, so a 61-layer model with 3 dense
    /// layers then 58 MoE ones is two groups, never 61 rows. <paramref name="Span"/> is the window for
    /// sliding attention or the chunk size for chunked attention (null for full attention).
    /// <paramref name="MoE"/>: the feed-forward network is the model's mixture of experts, otherwise its
    /// dense FFN of <see cref="TransformerConfig.FfnDim"/>.
    /// </summary>
    public sealed record BlockGroup(string Name, long Count, AttentionPattern Attention, long? Span, bool MoE)
    {
        /// <summary>What mixes positions: attention unless the group is a state-space (or hybrid parallel) block.</summary>
        public MixerKind Mixer { get; init; } = MixerKind.Attention;

        /// <summary>False: the block is its mixer alone (Mamba's blocks have no FFN).</summary>
        public bool FeedForward { get; init; } = true;

        /// <summary>The q/k norm of this group's attention when it differs from the model's <see cref="TransformerConfig.QkNorm"/>
        /// (Llama-4 norms queries and keys on its RoPE layers only); null: the model's.</summary>
        public Layers.QkNorm? QkNorm { get; init; }
        /// <summary>The block's mixer is cross-attention over the vision tower's projected image tokens instead of
        /// self-attention (Mllama's cross_attention_layers): it needs the model's <see cref="TransformerConfig.Vision"/>.</summary>
        public bool CrossAttention { get; init; }
        /// <summary>A learned scalar gate, tanh(g), scales the mixer's and the FFN's outputs before each residual (Mllama's
        /// cross_attn_attn_gate and cross_attn_mlp_gate, its vision global layers' gate_attn and gate_ffn): one parameter each.</summary>
        public bool Gated { get; init; }

        public bool HasAttention => Mixer != MixerKind.StateSpace;
        public bool HasStateSpace => Mixer != MixerKind.Attention;
    }
}
