namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Storage types of a serving step: weights at <see cref="Weights"/>, the KV cache at <see cref="KvCache"/>
    /// (fp8 or int8 cache beside bf16 weights, and so on), activations in 16 bits unless the weights are wider
    /// (weight-only and W8A8 quantisation keep 16-bit activations between kernels and on the wire).
    /// </summary>
    public sealed record ServingPrecision(DataType Weights, DataType KvCache)
    {
        public static ServingPrecision Of(DataType weights, DataType? kvCache = null) =>
            new ServingPrecision(weights, kvCache ?? Precision.DefaultKvCacheType(weights));

        public double WeightBytes => Precision.Bytes(Weights);
        public double KvCacheBytes => Precision.Bytes(KvCache);
        public double ActivationBytes => Precision.Bytes(Weights) >= 4 ? Precision.Bytes(Weights) : 2;
    }
}
