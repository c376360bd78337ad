namespace PSFlops.Engine.Models
{
    /// <summary>
    /// What one step of a vision projector does to the image's tokens. Merge: factor x factor neighbouring patches
    /// concatenated into one token of factor^2 times the width, a reshape that costs nothing (Qwen2.5-VL's spatial merge,
    /// Llama 4's pixel shuffle with ratio 1/factor). AveragePool: a factor x factor average pool of stride factor over the
    /// patch grid, the width kept (Gemma 3's avg_pool to mm_tokens_per_image).
    /// </summary>
    public enum ProjectorStepKind { Norm, Linear, Activation, Merge, AveragePool }
}
