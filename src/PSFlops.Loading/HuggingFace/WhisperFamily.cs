using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// WhisperForConditionalGeneration (transformers models/whisper). Encoder: conv1 (num_mel_bins -> d_model, kernel 3)
    /// and conv2 (d_model -> d_model, kernel 3, stride 2), each with GELU, over 2 x max_source_positions mel frames; fixed
    /// sinusoidal positions, stored as an embed_positions table of max_source_positions rows (frozen, still a parameter of
    /// the checkpoint); encoder_layers pre-norm blocks; a final layer_norm. Decoder: token table, learned positions of
    /// max_target_positions, decoder_layers blocks with cross-attention, a final layer_norm, proj_out tied to the tokens.
    /// Attention has biases on q, v and out_proj but not k_proj; fc1 and fc2 have biases; activation_function (gelu).
    /// The encoder always reads max_source_positions positions (30 s of audio) unless the caller says otherwise.
    /// </summary>
    internal sealed class WhisperFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "whisper" };

        private static readonly TransformerBias NoKeyBias = new TransformerBias(true, false, true, true, true, false);

        public TransformerConfig Read(Fields f)
        {
            TransformerConfig Stack(string side, bool causal, string positions) => new TransformerConfig
            {
                Layers = f.RequiredLong(side + "_layers"), ModelDim = f.RequiredLong("d_model"),
                Heads = f.RequiredLong(side + "_attention_heads"), FfnDim = f.RequiredLong(side + "_ffn_dim"), Ffn = FfnKind.Mlp,
                Activation = DecoderFields.PlainActivation(f, "activation_function", "gelu"), Norm = NormKind.LayerNorm,
                Bias = NoKeyBias, VocabSize = f.RequiredLong("vocab_size"), Positions = PositionKind.Learned,
                MaxSequenceLength = f.RequiredLong(positions), Causal = causal, EmbeddingScale = f.Bool("scale_embedding") ?? false,
                // WhisperConfig: attention_dropout 0.0 on the probabilities, dropout 0.0 after attention and the FFN.
                AttentionDropout = DecoderFields.Dropout(f, 0.0, "attention_dropout"), HiddenDropout = DecoderFields.Dropout(f, 0.0, "dropout"),
            };
            long source = f.RequiredLong("max_source_positions");
            var encoder = Stack("encoder", false, "max_source_positions") with
            {
                TokenEmbedding = false, LMHead = false, AudioMelBins = f.RequiredLong("num_mel_bins"), EmbeddingScale = false,
            };
            return Stack("decoder", true, "max_target_positions") with
            {
                Encoder = encoder, EncoderSequenceLength = source, TiedEmbeddings = f.Bool("tie_word_embeddings") ?? true,
            };
        }
    }
}
