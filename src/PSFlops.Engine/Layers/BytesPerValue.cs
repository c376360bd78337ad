namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// The sizes a layer's step bytes (<see cref="LayerSpec.StepBytes"/>) are priced at: bytes per weight, per activation
    /// value between kernels, and per KV-cache (or recurrent-state) value. Plain numbers, so that the layer kinds need
    /// nothing from Planning; Planning's LayerTraffic derives them from a Precision. Named fields rather than three
    /// positional doubles, because a swapped pair would compile and give plausible wrong bytes.
    /// </summary>
    public sealed record BytesPerValue(double Weight, double Activation, double CacheValue);
}
