namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// What a replica serves at once: BatchSize sequences whose prompts of PromptLength tokens are prefilled
    /// together, then decoded one token per step against ContextLength cached positions.
    /// </summary>
    /// <param name="OutputTokens">Tokens generated per request, for the end-to-end latency; null when not asked.</param>
    public sealed record ServingWorkload(long PromptLength, long ContextLength, long BatchSize, long? OutputTokens = null)
    {
        public void Validate()
        {
            Require.Positive(PromptLength, "PromptLength");
            Require.Positive(ContextLength, "ContextLength");
            Require.Positive(BatchSize, "BatchSize");
            if (OutputTokens.HasValue) Require.Positive(OutputTokens.Value, "OutputTokens");
        }
    }
}
