namespace PSFlops.Engine.Layers
{
    /// <summary>y = x W (+ b) applied to <see cref="Rows"/> input vectors (tokens, or batch x positions).</summary>
    public sealed record LinearSpec(long InputDim, long OutputDim, bool Bias, double Rows) : LayerSpec
    {
        public override LayerType Type => LayerType.Linear;
        public override string InputShape => Shape(Rows, InputDim);
        public override string OutputShape => Shape(Rows, OutputDim);

        /// <summary>Step bytes: the matrix and bias once, the input read and the output written.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(((double)InputDim * OutputDim + (Bias ? OutputDim : 0)) * per.Weight,
                (Rows * InputDim + Rows * OutputDim) * per.Activation, 0, 0);

        // Matmul Rows x InputDim by InputDim x OutputDim: Rows*In*Out MACs, 2x that in FLOPs.
        // The bias add is one FLOP per output element, elementwise work counted under Full only (Matmul = 2 x MACs).
        public override void Validate()
        {
            Require.Positive(InputDim, nameof(InputDim));
            Require.Positive(OutputDim, nameof(OutputDim));
            Layers.Rows.Check(Rows);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double macs = Rows * InputDim * OutputDim;
            double flops = 2 * macs + (Bias ? options.Elementwise(1, Rows * OutputDim) : 0);
            double parameters = (double)InputDim * OutputDim + (Bias ? OutputDim : 0);
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(Other: flops));
        }
    }
}
