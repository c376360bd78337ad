using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Prices the layer kinds' step bytes (<see cref="LayerSpec.StepBytes"/>: each kind's formula lives in its own file)
    /// at a job's <see cref="Precision"/>: the one place that turns data types into bytes per weight, per activation and
    /// per cache value.
    /// </summary>
    public static class LayerTraffic
    {
        /// <summary>One layer's bytes in one step, counting its parameters here.</summary>
        public static LayerBytes For(LayerSpec spec, Precision p) => For(spec, spec.Cost(CountingOptions.Default).Parameters, p);

        /// <param name="parameters">The layer's parameter count, which the caller has costed already.</param>
        public static LayerBytes For(LayerSpec spec, double parameters, Precision p) => spec.StepBytes(parameters, BytesPer(p));

        /// <summary>The sizes a step's bytes are priced at under <paramref name="p"/>.</summary>
        public static BytesPerValue BytesPer(Precision p) => new BytesPerValue(p.WeightBytes, ActivationBytes(p), p.KvCacheBytes);

        /// <summary>
        /// Bytes per activation value between kernels and on the wire: 16 bits unless the weights are wider (weight-only
        /// and W8A8 quantisation keep 16-bit activations; TP all-reduces run in 16 bits).
        /// </summary>
        public static double ActivationBytes(Precision p) => p.WeightBytes >= 4 ? p.WeightBytes : 2;
    }
}
