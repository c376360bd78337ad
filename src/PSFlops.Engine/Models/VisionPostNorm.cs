namespace PSFlops.Engine.Models
{
    /// <summary>
    /// A vision tower's norm after its layers: none, over the pooled class token only (CLIP's post_layernorm, which
    /// LLaVA's projector does not read), or over every token (SigLIP's post_layernorm, Llama 4's layernorm_post).
    /// </summary>
    public enum VisionPostNorm { None, ClassToken, AllTokens }
}
