using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// GraniteForCausalLM: Llama with scalar multipliers (embedding_multiplier, residual_multiplier,
    /// attention_multiplier, logits_scaling) that add no parameters; the embedding multiplier counts as one
    /// multiply per element, as Gemma's scale; the others replace a multiply attention and the head already do
    /// or are left out (one multiply per residual element, noted in docs/formulas.md).
    /// </summary>
    internal sealed class GraniteFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "granite" };

        public TransformerConfig Read(Fields f) =>
            DecoderFields.Llama(f, tiedByDefault: true) with { EmbeddingScale = (f.Double("embedding_multiplier") ?? 1) != 1 };
    }
}
