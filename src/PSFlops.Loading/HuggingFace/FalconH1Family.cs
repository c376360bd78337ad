using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// FalconH1ForCausalLM (transformers models/falcon_h1): every layer a parallel hybrid (FalconH1DecoderLayer):
    /// input_layernorm, then Llama's attention and a Mamba-2 mixer (FalconH1Mixer) on the same normed input, their
    /// outputs summed into the residual; pre_ff_layernorm and a SwiGLU MLP. The mixer: mamba_d_ssm inner channels in
    /// mamba_n_heads heads of mamba_d_head ("auto": d_ssm / heads), mamba_n_groups, mamba_d_state, mamba_d_conv,
    /// mamba_chunk_size, in_proj bias mamba_proj_bias, out_proj bias projectors_bias, the gated RMSNorm only when
    /// mamba_rms_norm. The muP multipliers are scalars and a non-persistent buffer (mup_vector), not parameters (one
    /// multiply per element each, left out as PSFlops leaves out other scalings); mamba_use_mlp is not read by
    /// transformers (the MLP is always built).
    /// Omitted fields take FalconH1Config's defaults (configuration_falcon_h1.py), not Mamba-2's: mamba_d_ssm 1024 when
    /// the key is absent (mamba_expand x hidden_size only when it is written as null), mamba_n_heads 128, mamba_d_state
    /// 256, mamba_chunk_size 256, num_key_value_heads 8 (null: num_attention_heads), intermediate_size 14336; like
    /// FalconH1Config, a head layout that does not tile mamba_d_ssm is an error.
    /// </summary>
    internal sealed class FalconH1Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "falcon_h1" };

        public TransformerConfig Read(Fields f)
        {
            var c = DecoderFields.Llama(f);
            long d = c.ModelDim;
            long inner = f.Long("mamba_d_ssm") ?? (Written(f, "mamba_d_ssm") ? (long)((f.Double("mamba_expand") ?? 2) * d) : 1024);
            long heads = f.Long("mamba_n_heads") ?? 128;
            long autoHeadDim = heads > 0 ? inner / heads : 0;
            long headDim = f.Node("mamba_d_head") is YScalar s && s.Value == "auto" ? autoHeadDim : f.Long("mamba_d_head") ?? autoHeadDim;
            Mamba2Family.RequireHeadsTileInner(f, inner, heads, headDim, "mamba_n_heads", "mamba_d_head", "mamba_d_ssm");
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba2, inner, f.Long("mamba_d_state") ?? 256, f.Long("mamba_d_conv") ?? 4,
                Heads: heads, HeadDim: headDim, Groups: f.Long("mamba_n_groups") ?? 1, ChunkSize: f.Long("mamba_chunk_size") ?? 256,
                Bias: f.Bool("mamba_proj_bias") ?? false, ConvBias: f.Bool("mamba_conv_bias") ?? true)
            {
                OutputBias = f.Bool("projectors_bias") ?? false, GatedNorm = f.Bool("mamba_rms_norm") ?? false,
            };
            return c with
            {
                KvHeads = f.Long("num_key_value_heads") ?? (Written(f, "num_key_value_heads") ? c.Heads : 8),
                FfnDim = f.Long("intermediate_size") ?? 14336,
                StateSpace = ssm,
                Groups = new[]
                {
                    new BlockGroup(TransformerExpander.LayerBlock, c.Layers, AttentionPattern.Full, null, false) { Mixer = MixerKind.AttentionAndStateSpace },
                },
            };
        }

        /// <summary>Whether the config writes the key at all (a null value included), as FalconH1Config tells a
        /// written null (its own fallback) from an absent key (the class default).</summary>
        private static bool Written(Fields f, string key) => f.Map.Entries.Any(e => e.Key.Value == key);
    }
}
