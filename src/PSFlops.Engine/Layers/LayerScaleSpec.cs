namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Layer scale (Touvron et al. 2021, CaiT; ConvNeXt's gamma): Elements values multiplied by a learned
    /// factor per channel, Channels parameters, one multiply per element (Full only).
    /// </summary>
    public sealed record LayerScaleSpec(long Channels, double Elements) : LayerSpec
    {
        public override LayerType Type => LayerType.LayerScale;
        public override string InputShape => Shape(Elements);
        public override string OutputShape => InputShape;

        public override void Validate()
        {
            Require.Positive(Channels, nameof(Channels));
            Rows.Check(Elements, nameof(Elements));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(Channels, Channels, 0, new FlopBreakdown(Other: options.Elementwise(1, Elements)));
        }
    }
}
