using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>MistralForCausalLM: Llama with sliding_window on every layer (null: full attention).</summary>
    internal sealed class MistralFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "mistral" };

        public TransformerConfig Read(Fields f) => DecoderFields.Llama(f) with { Window = f.Long("sliding_window") };
    }
}
