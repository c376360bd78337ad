using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// The encoder-decoder keys of the transformer form (model-schema.md). `encoder:` makes the transformer the decoder of
    /// an encoder-decoder (T5, BART, Whisper): each decoder block cross-attends to the encoder's output, and the encoder is
    /// a stack of non-causal blocks that shares the decoder's token table and has no head. Its keys default to the
    /// transformer's own values, so only what differs is written. `encoder_sequence_length` is the encoder positions when
    /// the caller gives none; `relative_attention_num_buckets` T5's relative position bias (one table of buckets x heads
    /// per stack, the encoder's by default the decoder's).
    /// </summary>
    internal static class EncoderFormReader
    {
        /// <summary>The transformer keys this reader adds.</summary>
        public static readonly string[] TransformerKeys = { "encoder", "encoder_sequence_length", "relative_attention_num_buckets" };

        private static readonly string[] Keys =
        {
            "layers", "heads", "kv_heads", "head_dim", "ffn_dim", "ffn", "activation", "norm", "norm_bias", "bias", "positions",
            "max_sequence_length", "embedding_norm", "final_norm", "embedding_scale", "relative_attention_num_buckets", "num_mel_bins",
        };

        // Decoder settings a block with cross-attention does not combine with (TransformerExpander.Block builds the
        // cross-attention block of plain multi-head attention, norm before each sub-block): refused, never dropped.
        private static readonly string[] NotWithEncoder = { "ssm", "parallel_block", "post_norms", "attention" };

        /// <summary>
        /// The decoder <paramref name="decoder"/> with its encoder and relative buckets, from the transformer mapping
        /// <paramref name="f"/>; the shape of the encoder is checked at its keys by <paramref name="check"/>.
        /// </summary>
        public static TransformerConfig Apply(TransformerConfig decoder, Fields f, System.Action<TransformerConfig, Fields> check)
        {
            long? buckets = f.Long("relative_attention_num_buckets");
            Positive(f, "relative_attention_num_buckets", buckets);
            var c = decoder with { RelativeAttentionBuckets = buckets ?? 0 };
            if (!f.Has("encoder"))
            {
                if (f.Has("encoder_sequence_length"))
                    throw new ModelDefinitionException("YamlMissingKey",
                        "'encoder_sequence_length' is the length of an encoder's input; add 'encoder' (its stack).", f.Node("encoder_sequence_length").Location);
                return c;
            }
            foreach (var key in NotWithEncoder.Where(f.Has))
                throw new ModelDefinitionException("YamlUnknownKey",
                    $"'{key}' cannot be combined with 'encoder': a decoder block with cross-attention is norm, self-attention, norm, cross-attention, norm, FFN.",
                    f.Node(key).Location);
            if (f.Node("encoder") is YMapping map && map.Entries.FirstOrDefault(e => e.Key.Value == "model_dim") is var width && width.Key != null)
                throw new ModelDefinitionException("YamlUnknownKey",
                    "The encoder's width is the transformer's model_dim: the decoder's cross-attention projects the encoder's output from it.", width.Key.Location);
            var e = new Fields(f.Node("encoder"), "encoder", Keys);
            long? length = f.Long("encoder_sequence_length");
            Positive(f, "encoder_sequence_length", length);
            long? encoderBuckets = e.Long("relative_attention_num_buckets");
            Positive(e, "relative_attention_num_buckets", encoderBuckets);
            long? melBins = e.Long("num_mel_bins");
            Positive(e, "num_mel_bins", melBins);
            bool heads = e.Has("heads");
            var encoder = new TransformerConfig
            {
                Layers = e.RequiredLong("layers"),
                ModelDim = c.ModelDim,
                Heads = e.Long("heads") ?? c.Heads,
                // A new head count starts from MHA and model_dim / heads, as the transformer's own keys do.
                KvHeads = e.Long("kv_heads") ?? (heads ? null : c.KvHeads),
                HeadDim = e.Long("head_dim") ?? (heads ? null : c.HeadDim),
                FfnDim = e.Long("ffn_dim") ?? c.FfnDim,
                Ffn = e.Enum("ffn", Names.Ffn) ?? c.Ffn,
                Activation = e.Enum("activation", Names.Activation) ?? c.Activation,
                Norm = e.Enum("norm", Names.Norm) ?? c.Norm,
                NormBias = e.Bool("norm_bias") ?? c.NormBias,
                Bias = e.Has("bias") ? TransformerFormReader.ReadBias(e) : c.Bias with { LMHead = false },
                VocabSize = c.VocabSize,
                Positions = e.Enum("positions", TransformerFormReader.PositionKinds) ?? c.Positions,
                MaxSequenceLength = e.Long("max_sequence_length") ?? c.MaxSequenceLength,
                Causal = false,
                EmbeddingNorm = e.Bool("embedding_norm") ?? c.EmbeddingNorm,
                FinalNorm = e.Bool("final_norm") ?? c.FinalNorm,
                EmbeddingScale = e.Bool("embedding_scale") ?? c.EmbeddingScale,
                RelativeAttentionBuckets = encoderBuckets ?? c.RelativeAttentionBuckets,
                AudioMelBins = melBins ?? 0,
                // One training recipe for the whole model: the encoder drops out where the decoder does.
                AttentionDropout = c.AttentionDropout, HiddenDropout = c.HiddenDropout,
                TokenEmbedding = false,
                LMHead = false,
            };
            if (c.MoE != null && !e.Has("ffn_dim") && !f.Has("ffn_dim"))
                throw new ModelDefinitionException("YamlMissingKey", "encoder needs the key 'ffn_dim': its blocks are dense.", e.Map.Location);
            check(encoder, e);
            return c with { Encoder = encoder, EncoderSequenceLength = length };
        }

        private static void Positive(Fields f, string key, long? value)
        {
            if (!value.HasValue) return;
            if (value.Value <= 0 || value.Value > Require.MaxDimension)
                throw new ModelDefinitionException("InvalidShape", $"'{key}' must be a positive integer of at most 2^53; got {value}.", f.Node(key).Location);
        }
    }
}
