using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Mamba2ForCausalLM (transformers models/mamba2): Mamba's layout with the SSD mixer: expand x hidden_size inner
    /// channels in num_heads heads of head_dim, n_groups groups of B and C of state_size, conv_kernel, chunk_size,
    /// use_bias, use_conv_bias; the head untied unless tie_word_embeddings. An omitted field takes Mamba2Config's
    /// default (configuration_mamba2.py): num_heads 128, head_dim 64, n_groups 8, state_size 128, expand 2,
    /// conv_kernel 4, chunk_size 256, use_bias false, use_conv_bias true, tie_word_embeddings false. time_step_rank
    /// is not read: Mamba2Mixer keeps it but builds no dt_proj (dt comes from in_proj, one value per head).
    /// </summary>
    internal sealed class Mamba2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mamba2" };

        public TransformerConfig Read(Fields f)
        {
            long d = f.RequiredLong("hidden_size");
            long inner = (long)((f.Double("expand") ?? 2) * d);
            long heads = f.Long("num_heads") ?? 128;
            long headDim = f.Long("head_dim") ?? 64;
            RequireHeadsTileInner(f, inner, heads, headDim, "num_heads", "head_dim", "expand x hidden_size");
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba2, inner, f.Long("state_size") ?? 128, f.Long("conv_kernel") ?? 4,
                Heads: heads, HeadDim: headDim, Groups: f.Long("n_groups") ?? 8,
                ChunkSize: f.Long("chunk_size") ?? 256, Bias: f.Bool("use_bias") ?? false, ConvBias: f.Bool("use_conv_bias") ?? true);
            return MambaFamily.StateSpaceOnly(f, d, ssm, tiedByDefault: false);
        }

        /// <summary>
        /// The SSD mixer splits its inner channels into heads: heads x head_dim must equal them (FalconH1Config checks
        /// this; Mamba2Mixer's reshapes fail otherwise), so a config whose written or default fields disagree is an
        /// error at the heads field, never a silent miscount.
        /// </summary>
        public static void RequireHeadsTileInner(Fields f, long inner, long heads, long headDim, string headsKey, string headDimKey, string innerName)
        {
            if (heads > 0 && headDim > 0 && inner % heads == 0 && inner / heads == headDim) return;
            throw new ModelDefinitionException("InvalidShape",
                $"'{headsKey}' x '{headDimKey}' ({heads} x {headDim}) must equal the mixer's inner width {innerName} ({inner}) in {f.Context}; " +
                "write the fields the model uses (omitted ones take transformers' defaults).",
                (f.Node(headsKey) ?? f.Node(headDimKey) ?? f.Map).Location);
        }
    }
}
