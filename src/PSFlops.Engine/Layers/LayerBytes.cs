namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Bytes one occurrence of a layer moves between device memory and the chip in one step: weights read,
    /// activations read and written, KV cache read and written (docs/inference.md, "Per-layer roofline").
    /// </summary>
    public sealed record LayerBytes(double WeightBytes, double ActivationBytes, double KvCacheReadBytes, double KvCacheWriteBytes)
    {
        public static readonly LayerBytes Zero = new LayerBytes(0, 0, 0, 0);

        public double KvCacheBytes => KvCacheReadBytes + KvCacheWriteBytes;
        public double TotalBytes => WeightBytes + ActivationBytes + KvCacheReadBytes + KvCacheWriteBytes;

        public static LayerBytes operator +(LayerBytes a, LayerBytes b) => new LayerBytes(
            a.WeightBytes + b.WeightBytes, a.ActivationBytes + b.ActivationBytes,
            a.KvCacheReadBytes + b.KvCacheReadBytes, a.KvCacheWriteBytes + b.KvCacheWriteBytes);

        public static LayerBytes operator *(LayerBytes a, double k) => new LayerBytes(
            a.WeightBytes * k, a.ActivationBytes * k, a.KvCacheReadBytes * k, a.KvCacheWriteBytes * k);
    }
}
