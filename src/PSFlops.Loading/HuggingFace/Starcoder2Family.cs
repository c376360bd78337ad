using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Starcoder2ForCausalLM: GQA with biases on q, k, v, o and a plain MLP (c_fc, c_proj) with biases when use_bias
    /// (default true), hidden_act (gelu_pytorch_tanh), LayerNorms with bias, sliding_window on every layer, the head
    /// tied unless tie_word_embeddings is false.
    /// </summary>
    internal sealed class Starcoder2Family : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "starcoder2" };

        public TransformerConfig Read(Fields f)
        {
            bool bias = f.Bool("use_bias") ?? true;
            return DecoderFields.Llama(f, tiedByDefault: true) with
            {
                Ffn = FfnKind.Mlp, Activation = DecoderFields.PlainActivation(f, "hidden_act", "gelu_pytorch_tanh"), Norm = NormKind.LayerNorm,
                Bias = new TransformerBias(bias, bias, bias, bias, bias, false), Window = f.Long("sliding_window"),
                // Starcoder2Config: residual_dropout 0.0 after attention's o_proj and the MLP's c_proj.
                HiddenDropout = DecoderFields.Dropout(f, 0.0, "residual_dropout"),
            };
        }
    }
}
