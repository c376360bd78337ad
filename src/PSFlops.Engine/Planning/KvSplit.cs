namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// One sequence's KV cache on the most-loaded device of a layout (by the one KV split rule, <see cref="KvCache.BytesPerDevice(Models.TransformerConfig, long, long, double, ParallelLayout)"/>)
    /// and its share of the sequence's whole cache, which serving applies to the cache's traffic as to its bytes.
    /// </summary>
    public sealed record KvSplit(double BytesPerDevice, double Share);
}
