namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// RMSNorm on queries and keys before the scores. PerHead: one weight of head_dim shared by every head
    /// (Qwen3, Gemma-3: <c>RMSNorm(head_dim)</c>); Full: one weight over all heads together (OLMo-2:
    /// <c>RMSNorm(heads x head_dim)</c> for q, <c>RMSNorm(kv_heads x head_dim)</c> for k). Unweighted: RMSNorm over
    /// each head's head_dim without a weight (Llama-4's <c>Llama4TextL2Norm</c>): no parameters, one multiply less.
    /// </summary>
    public enum QkNorm { None, PerHead, Full, Unweighted }
}
