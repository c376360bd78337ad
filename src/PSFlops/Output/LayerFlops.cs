using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Output
{
    /// <summary>
    /// One layer's forward cost (a Get-LayerFlops row). Flops and Macs are for one occurrence;
    /// TotalFlops = Flops x Count; Share is TotalFlops over the model's forward total (1 for a single layer).
    /// </summary>
    public sealed class LayerFlops
    {
        public string Model { get; set; }
        public string Block { get; set; }
        public string Name { get; set; }
        public LayerType Type { get; set; }
        public long Count { get; set; }
        public double Parameters { get; set; }
        public double ActiveParameters { get; set; }
        public double Flops { get; set; }
        public double Macs { get; set; }
        public double TotalFlops { get; set; }
        public double Share { get; set; }
        // Shapes are formatted when first read: a pipeline that only sums Flops never pays for the strings.
        private LayerSpec _spec;
        private string _inputShape, _outputShape;

        public string InputShape { get => _inputShape ??= _spec?.InputShape; set => _inputShape = value; }
        public string OutputShape { get => _outputShape ??= _spec?.OutputShape; set => _outputShape = value; }
        public long BatchSize { get; set; }
        public long SequenceLength { get; set; }
        public Convention Convention { get; set; }

        internal static LayerFlops From(string model, string block, string name, long count, LayerSpec spec,
            LayerCost cost, double modelTotal, long batch, long sequence, Convention convention)
        {
            double total = LayerRowCost.TotalOf(cost, count);
            return new LayerFlops
            {
                Model = model, Block = block, Name = name, Type = spec.Type, Count = count,
                Parameters = cost.Parameters, ActiveParameters = cost.ActiveParameters, Flops = cost.Flops,
                Macs = cost.Macs, TotalFlops = total, Share = LayerRowCost.Share(total, modelTotal),
                _spec = spec,
                BatchSize = batch, SequenceLength = sequence, Convention = convention,
            };
        }
    }
}
