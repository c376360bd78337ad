using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// MambaForCausalLM and FalconMambaForCausalLM (transformers models/mamba, models/falcon_mamba): token embeddings,
    /// num_hidden_layers blocks of an RMSNorm and a Mamba mixer (no FFN, no attention, no positions), norm_f, and the
    /// head tied unless tie_word_embeddings is false. Mixer fields: intermediate_size (default expand x hidden_size),
    /// state_size, conv_kernel, time_step_rank ("auto": ceil(hidden_size / 16), as MambaConfig resolves it), use_bias,
    /// use_conv_bias. Falcon-Mamba's extra RMSNorms on B, C and dt have no weights, so both types read alike.
    /// </summary>
    internal sealed class MambaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mamba", "falcon_mamba" };

        public TransformerConfig Read(Fields f)
        {
            long d = f.RequiredLong("hidden_size");
            long inner = f.Long("intermediate_size") ?? (long)((f.Double("expand") ?? 2) * d);
            var ssm = new StateSpaceConfig(StateSpaceKind.Mamba, inner, f.Long("state_size") ?? 16, f.Long("conv_kernel") ?? 4,
                TimeStepRank(f, d), Bias: f.Bool("use_bias") ?? false, ConvBias: f.Bool("use_conv_bias") ?? true);
            return StateSpaceOnly(f, d, ssm, tiedByDefault: true);
        }

        /// <summary>time_step_rank: a number, or "auto" for ceil(hidden_size / 16).</summary>
        private static long TimeStepRank(Fields f, long d) =>
            f.Node("time_step_rank") is YScalar s && s.Value == "auto" ? (d + 15) / 16 : f.Long("time_step_rank") ?? (d + 15) / 16;

        /// <summary>A model of state-space blocks only (Mamba, Mamba-2): each block a norm and the mixer, no FFN.</summary>
        public static TransformerConfig StateSpaceOnly(Fields f, long d, StateSpaceConfig ssm, bool tiedByDefault)
        {
            long layers = f.RequiredLong("num_hidden_layers");
            return new TransformerConfig
            {
                Layers = layers, ModelDim = d, Norm = NormKind.RMSNorm, VocabSize = f.RequiredLong("vocab_size"),
                TiedEmbeddings = f.Bool("tie_word_embeddings") ?? tiedByDefault, Positions = PositionKind.None, Causal = true,
                StateSpace = ssm,
                Groups = new[]
                {
                    new BlockGroup(TransformerExpander.LayerBlock, layers, AttentionPattern.Full, null, false)
                    { Mixer = MixerKind.StateSpace, FeedForward = false },
                },
            };
        }
    }
}
