namespace PSFlops.Engine
{
    /// <summary>What a FLOP count includes. See docs/formulas.md.</summary>
    public enum Convention
    {
        /// <summary>Matmuls and convolutions plus elementwise work (norms, activations, softmax, residual adds).</summary>
        Full,
        /// <summary>Matmuls and convolutions only (fvcore, Megatron, PaLM).</summary>
        Matmul,
    }

    /// <summary>Activation recomputation during the backward pass.</summary>
    public enum Recompute
    {
        None,
        /// <summary>Megatron's selective recomputation: attention scores, softmax and scores x V are recomputed.</summary>
        Selective,
        /// <summary>The whole forward pass is recomputed once.</summary>
        Full,
    }

    /// <summary>
    /// The one options record passed down to every formula. <see cref="Recompute"/> and <see cref="FlashAttention"/>
    /// change hardware FLOPs and activation memory, not the model FLOPs; flash attention is on by default, as every
    /// current training and serving stack runs it (false models eager attention with the S x S scores stored).
    /// </summary>
    /// <param name="AbsorbedLatentAttention">Count multi-head latent attention in its absorbed form (the up-projections
    /// folded into the query and the output, scores over the cached latent), as serving kernels decode; off, the
    /// expanded form transformers runs. See <see cref="Layers.LatentAttentionSpec"/>.</param>
    public sealed record CountingOptions(Convention Convention = Convention.Full, bool CausalMask = false,
        Recompute Recompute = Recompute.None, bool FlashAttention = true, bool AbsorbedLatentAttention = false)
    {
        public static readonly CountingOptions Default = new CountingOptions();

        /// <summary>Elementwise work is counted under <see cref="Convention.Full"/> only.</summary>
        public double Elementwise(double flopsPerElement, double elements) =>
            Convention == Convention.Full ? flopsPerElement * elements : 0d;
    }
}
