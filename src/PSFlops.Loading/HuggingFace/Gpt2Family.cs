using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>GPT2LMHeadModel: learned positions, biases on every projection and MLP matrix, LayerNorm, head tied.</summary>
    internal sealed class Gpt2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gpt2" };

        public TransformerConfig Read(Fields f) => new TransformerConfig
        {
            Layers = f.RequiredLong("n_layer"), ModelDim = f.RequiredLong("n_embd"), Heads = f.RequiredLong("n_head"),
            FfnDim = f.Long("n_inner") ?? 4 * f.RequiredLong("n_embd"), Ffn = FfnKind.Mlp,
            Activation = DecoderFields.PlainActivation(f, "activation_function", "gelu_new"),
            Norm = NormKind.LayerNorm, Bias = TransformerBias.AllButHead, VocabSize = f.RequiredLong("vocab_size"),
            TiedEmbeddings = f.Bool("tie_word_embeddings") ?? true, Positions = PositionKind.Learned,
            MaxSequenceLength = f.RequiredLong("n_positions"), Causal = true,
            // GPT2Config: attn_pdrop 0.1 on the probabilities, resid_pdrop 0.1 after attention's c_proj and the MLP.
            AttentionDropout = DecoderFields.Dropout(f, 0.1, "attn_pdrop"), HiddenDropout = DecoderFields.Dropout(f, 0.1, "resid_pdrop"),
        };
    }
}
