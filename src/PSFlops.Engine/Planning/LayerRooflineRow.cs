using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// One distinct layer of a prefill or decode step with its bytes moved, its arithmetic intensity and, on a device,
    /// its roofline time and which side binds (for one occurrence; <see cref="LayerRowCost.Row"/> gives the count).
    /// </summary>
    public sealed record LayerRooflineRow(LayerRowCost Layer, LayerBytes Bytes, double? Seconds, bool? MemoryBound)
    {
        /// <summary>FLOPs per byte moved; 0 for a layer that moves nothing.</summary>
        public double ArithmeticIntensity => Bytes.TotalBytes > 0 ? Layer.Cost.Flops / Bytes.TotalBytes : 0;
    }
}
