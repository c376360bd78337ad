using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>
    /// One layer of a prefill or decode step with the bytes it moves, its arithmetic intensity and, with a device,
    /// its roofline time and bound (Get-LayerFlops -Phase). Figures are for one occurrence; Count says how many.
    /// </summary>
    public sealed class LayerRoofline
    {
        public string Model { get; set; }
        public string Block { get; set; }
        public string Name { get; set; }
        public LayerType Type { get; set; }
        public long Count { get; set; }
        public InferencePhase Phase { get; set; }
        public long BatchSize { get; set; }
        /// <summary>The prompt (prefill) or the cached positions (decode).</summary>
        public long SequenceLength { get; set; }
        public Convention Convention { get; set; }
        public DataType DataType { get; set; }
        public DataType KvCacheType { get; set; }
        public double Parameters { get; set; }
        public double Flops { get; set; }
        public double TotalFlops { get; set; }
        public double WeightBytes { get; set; }
        public double ActivationBytes { get; set; }
        /// <summary>KV cache read and written.</summary>
        public double KvCacheBytes { get; set; }
        public double BytesMoved { get; set; }
        /// <summary>FLOPs per byte moved.</summary>
        public double ArithmeticIntensity { get; set; }
        public string Hardware { get; set; }
        /// <summary>max(FLOPs / peak, bytes / bandwidth) for one occurrence; null without -Hardware.</summary>
        public double? Seconds { get; set; }
        /// <summary>Seconds x Count.</summary>
        public double? TotalSeconds { get; set; }
        /// <summary>"Memory" or "Compute"; null without -Hardware.</summary>
        public string Bound { get; set; }

        internal static LayerRoofline From(string model, LayerRooflineRow r, InferencePhase phase, long batch, long sequence,
            Convention convention, Precision precision, Hardware hardware)
        {
            var row = r.Layer.Row;
            return new LayerRoofline
            {
                Model = model, Block = row.Block, Name = row.Name, Type = row.Spec.Type, Count = row.Count, Phase = phase,
                BatchSize = batch, SequenceLength = sequence, Convention = convention,
                DataType = precision.DataType, KvCacheType = precision.ResolvedKvCacheType,
                Parameters = r.Layer.Cost.Parameters, Flops = r.Layer.Cost.Flops, TotalFlops = r.Layer.TotalFlops,
                WeightBytes = r.Bytes.WeightBytes, ActivationBytes = r.Bytes.ActivationBytes, KvCacheBytes = r.Bytes.KvCacheBytes,
                BytesMoved = r.Bytes.TotalBytes, ArithmeticIntensity = r.ArithmeticIntensity,
                Hardware = hardware?.Name, Seconds = r.Seconds, TotalSeconds = r.Seconds * row.Count,
                Bound = r.MemoryBound == null ? null : r.MemoryBound.Value ? "Memory" : "Compute",
            };
        }
    }
}
