using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>LlamaForCausalLM (transformers models/llama): the reference decoder every other family varies.</summary>
    internal sealed class LlamaFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "llama" };

        public TransformerConfig Read(Fields f) => DecoderFields.Llama(f);
    }
}
