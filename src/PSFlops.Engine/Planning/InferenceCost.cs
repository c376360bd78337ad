namespace PSFlops.Engine.Planning
{
    /// <summary>Prefill and decode of a transformer with a KV cache on one device: FLOPs and bytes moved per step.</summary>
    public sealed record InferenceCost(double PrefillFlops, double DecodeFlopsPerStep, double WeightBytesPerStep, double KvCacheBytes)
    {
        public double BytesPerStep => WeightBytesPerStep + KvCacheBytes;
        public double ArithmeticIntensity => DecodeFlopsPerStep / BytesPerStep;
    }
}
