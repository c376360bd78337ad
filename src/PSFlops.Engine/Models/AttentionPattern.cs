namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Which keys a layer's queries see: every earlier position (full), the most recent window
    /// (sliding, Mistral, Gemma-2's local layers, gpt-oss), or only positions in the same fixed-size
    /// chunk (Llama-4's chunked attention). Hugging Face writes these as <c>layer_types</c> entries
    /// full_attention, sliding_attention and chunked_attention.
    /// </summary>
    public enum AttentionPattern { Full, Sliding, Chunked }
}
