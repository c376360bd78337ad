namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Multi-head latent attention (DeepSeek-V2 §2.1, arXiv:2405.04434), named as DeepseekV3Config names it.
    /// <paramref name="QLoraRank"/> null: queries come straight from the model dim (DeepSeek-V2-Lite).
    /// </summary>
    public sealed record LatentAttentionConfig(long? QLoraRank, long KvLoraRank, long QkNopeHeadDim, long QkRopeHeadDim, long VHeadDim);
}
