using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// A multimodal model's vision tower and projector (LLaVA's CLIP ViT and multi_modal_projector), counted beside the
    /// language model. <paramref name="Encoder"/>: the ViT's layers (non-causal pre-norm blocks). Each image is cut into
    /// (ImageSize / PatchSize)^2 patches by a bias-free Conv2d of PatchSize stride PatchSize over Channels, a class token
    /// is prepended when <paramref name="ClassToken"/>, learned positions are added for every token, CLIP's pre_layrnorm
    /// runs before the layers (<paramref name="PreNorm"/>) and post_layernorm on the pooled class token
    /// (<paramref name="PostNorm"/>). The projector maps the patch features (class token dropped, LLaVA's "default"
    /// feature selection) to the language model's width through Linear, activation, Linear, both with biases.
    /// </summary>
    public sealed record VisionTowerConfig(TransformerConfig Encoder, long Channels, long ImageSize, long PatchSize,
        bool ClassToken, bool PreNorm, bool PostNorm, long ProjectorDim, ActivationKind ProjectorActivation)
    {
        /// <summary>Patches per image, each one image token the language model reads.</summary>
        public long Patches => (ImageSize / PatchSize) * (ImageSize / PatchSize);

        /// <summary>Positions the tower's layers run over per image.</summary>
        public long Tokens => Patches + (ClassToken ? 1 : 0);
    }
}
