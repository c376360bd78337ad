using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// CohereForCausalLM (Command-R): a parallel block (attention and MLP both read the one input_layernorm), a
    /// LayerNorm without bias (CohereLayerNorm: weight only), SwiGLU, the head tied to the embedding, and with
    /// use_qk_norm a LayerNorm over (heads, head_dim) on queries and keys. logit_scale multiplies the logits (no parameters).
    /// </summary>
    internal sealed class CohereFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "cohere" };

        public TransformerConfig Read(Fields f) => DecoderFields.Llama(f, tiedByDefault: true) with
        {
            Norm = NormKind.LayerNorm, NormBias = false, ParallelBlock = true,
            QkNorm = (f.Bool("use_qk_norm") ?? false) ? QkNorm.Full : QkNorm.None,
        };
    }
}
