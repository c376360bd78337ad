using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// FalconH1ForCausalLM (transformers models/falcon_h1): every layer a parallel hybrid (FalconH1DecoderLayer):
    /// input_layernorm, then Llama's attention and a Mamba-2 mixer (FalconH1Mixer) on the same normed input, their
    /// outputs summed into the residual; pre_ff_layernorm and a SwiGLU MLP. The mixer: mamba_d_ssm inner channels
    /// (default mamba_expand x hidden_size) in mamba_n_heads heads of mamba_d_head ("auto": d_ssm / heads),
    /// mamba_n_groups, mamba_d_state, mamba_d_conv, mamba_chunk_size, in_proj bias mamba_proj_bias, out_proj bias
    /// projectors_bias, the gated RMSNorm only when mamba_rms_norm. The muP multipliers are scalars and a buffer, not
    /// parameters (one multiply per element each, left out as PSFlops leaves out other scalings).
    /// </summary>
    internal sealed class FalconH1Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "falcon_h1" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f);
            long d = c.ModelDim;
            long inner = f.Long("mamba_d_ssm") ?? (long)((f.Double("mamba_expand") ?? 2) * d);
            long heads = f.Long("mamba_n_heads") ?? 128;
            long headDim = f.Node("mamba_d_head") is YScalar s && s.Value == "auto" ? inner / heads : f.Long("mamba_d_head") ?? inner / heads;
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba2, inner, f.Long("mamba_d_state") ?? 256, f.Long("mamba_d_conv") ?? 4,
                Heads: heads, HeadDim: headDim, Groups: f.Long("mamba_n_groups") ?? 1, ChunkSize: f.Long("mamba_chunk_size") ?? 256,
                Bias: f.Bool("mamba_proj_bias") ?? false, ConvBias: f.Bool("mamba_conv_bias") ?? true)
            {
                OutputBias = f.Bool("projectors_bias") ?? false, GatedNorm = f.Bool("mamba_rms_norm") ?? false,
            };
            return c with
            {
                StateSpace = ssm,
                Groups = new[]
                {
                    new BlockGroup(TransformerExpander.LayerBlock, c.Layers, AttentionPattern.Full, null, false) { Mixer = MixerKind.AttentionAndStateSpace },
                },
            };
        }
    }
}
