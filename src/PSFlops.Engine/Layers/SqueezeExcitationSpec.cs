namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Squeeze-and-excitation (Hu et al. 2018; torchvision.ops.SqueezeExcitation) on Batch inputs of
    /// Channels x Input: average-pool each channel to one value, a 1x1 convolution to SqueezeChannels
    /// (with bias), Activation, a 1x1 convolution back to Channels (with bias), Gate, and every input
    /// element multiplied by its channel's gate.
    /// </summary>
    public sealed record SqueezeExcitationSpec(
        long Channels, long SqueezeChannels, Dims Input, ActivationKind Activation, ActivationKind Gate, long Batch) : LayerSpec
    {
        public override LayerType Type => LayerType.SqueezeExcitation;
        public override string InputShape => $"{Batch}x{Channels}x{Input}";
        public override string OutputShape => InputShape;

        public override void Validate()
        {
            Require.Positive(Channels, nameof(Channels));
            Require.Positive(SqueezeChannels, nameof(SqueezeChannels));
            Require.Positive(Batch, "BatchSize");
            Require.That(Input.Rank >= 1, "InputSize", "Squeeze-and-excitation needs at least one spatial dimension.");
            for (int i = 0; i < Input.Rank; i++) Require.Positive(Input[i], "InputSize");
        }

        // The two 1x1 convolutions run on one position per sample: B C s MACs each. Their bias adds (B s + B C)
        // are elementwise work, counted under Full only, as a convolution's are (Matmul = 2 x MACs). Full adds the pool (prod(in) - 1 adds and one divide
        // per channel: B C prod(in)), the activation over B s values, the gate over B C, and the B C prod(in)
        // multiplies that scale the input. Parameters: two weights C s plus biases s + C.
        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double batch = Batch;
            double positions = Input.Product();
            double macs = 2 * batch * Channels * SqueezeChannels;
            double bias = options.Elementwise(1, batch * (SqueezeChannels + Channels));
            double pool = options.Elementwise(1, batch * Channels * positions);
            double scale = options.Elementwise(1, batch * Channels * positions);
            double activations = options.Elementwise(Activations.FlopsPerElement(Activation), batch * SqueezeChannels)
                + options.Elementwise(Activations.FlopsPerElement(Gate), batch * Channels);
            double parameters = 2d * Channels * SqueezeChannels + SqueezeChannels + Channels;
            return new LayerCost(parameters, parameters, macs,
                new FlopBreakdown(Activation: activations, Other: 2 * macs + bias + pool + scale));
        }
    }
}
