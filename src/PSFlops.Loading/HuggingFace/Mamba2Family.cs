using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Mamba2ForCausalLM (transformers models/mamba2): Mamba's layout with the SSD mixer: expand x hidden_size inner
    /// channels in num_heads heads of head_dim, n_groups groups of B and C of state_size, conv_kernel, chunk_size,
    /// use_bias, use_conv_bias; the head untied unless tie_word_embeddings (Mamba2Config's default is false).
    /// </summary>
    internal sealed class Mamba2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mamba2" };

        public TransformerConfig Read(Fields f)
        {
            long d = f.RequiredLong("hidden_size");
            long inner = (long)((f.Double("expand") ?? 2) * d);
            long headDim = f.Long("head_dim") ?? 64;
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba2, inner, f.Long("state_size") ?? 128, f.Long("conv_kernel") ?? 4,
                Heads: f.Long("num_heads") ?? inner / headDim, HeadDim: headDim, Groups: f.Long("n_groups") ?? 1,
                ChunkSize: f.Long("chunk_size") ?? 256, Bias: f.Bool("use_bias") ?? false, ConvBias: f.Bool("use_conv_bias") ?? true);
            return MambaFamily.StateSpaceOnly(f, d, ssm, tiedByDefault: false);
        }
    }
}
