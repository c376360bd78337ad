using System.Linq;

namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// An N-d convolution (N = 1, 2, 3) over <see cref="Batch"/> inputs of InputChannels x Input.
    /// Kernel, stride, padding and dilation have one value per spatial dimension.
    /// </summary>
    public sealed record ConvSpec(
        long InputChannels, long OutputChannels, Dims Kernel, Dims Input, Dims Stride, Dims Padding,
        Dims Dilation, long Groups, bool Bias, long Batch) : LayerSpec
    {
        public int Rank => Input.Rank;

        public override LayerType Type => Rank switch
        {
            1 => LayerType.Conv1d,
            2 => LayerType.Conv2d,
            _ => LayerType.Conv3d,
        };

        public override string InputShape => $"{Batch}x{InputChannels}x{Input}";
        public override string OutputShape => $"{Batch}x{OutputChannels}x{Output}";

        /// <summary>PyTorch's output size: floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1.</summary>
        public Dims Output => new Dims(Enumerable.Range(0, Rank).Select(i =>
            (Input[i] + 2 * Padding[i] - Dilation[i] * (Kernel[i] - 1) - 1) / Stride[i] + 1));

        public override void Validate()
        {
            Require.That(Rank >= 1 && Rank <= 3, "InputSize", $"A convolution has 1 to 3 spatial dimensions; got {Rank}.");
            foreach (var (dims, name) in new[] { (Kernel, "KernelSize"), (Stride, "Stride"), (Padding, "Padding"), (Dilation, "Dilation") })
                Require.That(dims.Rank == Rank, name, $"{name} needs {Rank} values (one per spatial dimension); got {dims.Rank}.");
            Require.Positive(InputChannels, nameof(InputChannels));
            Require.Positive(OutputChannels, nameof(OutputChannels));
            Require.Positive(Groups, nameof(Groups));
            Require.Positive(Batch, "BatchSize");
            for (int i = 0; i < Rank; i++)
            {
                Require.Positive(Input[i], "InputSize");
                Require.Positive(Kernel[i], "KernelSize");
                Require.Positive(Stride[i], nameof(Stride));
                Require.NonNegative(Padding[i], nameof(Padding));
                Require.Positive(Dilation[i], nameof(Dilation));
                long span = Dilation[i] * (Kernel[i] - 1) + 1;
                Require.That(span <= Input[i] + 2 * Padding[i], "KernelSize",
                    $"The dilated kernel ({span}) is larger than the padded input ({Input[i] + 2 * Padding[i]}) in spatial dimension {i + 1}.");
            }
            Require.That(InputChannels % Groups == 0, nameof(Groups), $"Groups ({Groups}) must divide InputChannels ({InputChannels}).");
            Require.That(OutputChannels % Groups == 0, nameof(Groups), $"Groups ({Groups}) must divide OutputChannels ({OutputChannels}).");
        }

        // Each output element is a dot product over (InputChannels / Groups) x prod(kernel) inputs.
        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double outputElements = Batch * Output.Product() * OutputChannels;
            double weightsPerOutput = (double)(InputChannels / Groups) * Kernel.Product();
            double macs = outputElements * weightsPerOutput;
            double flops = 2 * macs + (Bias ? options.Elementwise(1, outputElements) : 0);   // bias adds: Full only
            double parameters = OutputChannels * weightsPerOutput + (Bias ? OutputChannels : 0);
            return new LayerCost(parameters, parameters, macs, new FlopBreakdown(Other: flops));
        }
    }
}
