namespace PSFlops.Engine.Planning
{
    /// <summary>The two steps of serving: the prompt's prefill, and one decode step against the KV cache.</summary>
    public enum InferencePhase
    {
        /// <summary>All prompt tokens in one pass; keys and values written to the cache.</summary>
        Prefill,
        /// <summary>One new token per sequence, attending to the cached positions.</summary>
        Decode,
    }
}
