using System.Linq;

namespace PSFlops.Engine.Layers
{
    public enum PoolKind { Max, Average }

    /// <summary>
    /// Max or average pooling over Channels x Input per batch element. Each output element takes
    /// kernel - 1 comparisons or adds, plus one divide for an average (conventions.md); padding is
    /// counted as part of the window, as PyTorch does with count_include_pad.
    /// </summary>
    public sealed record PoolSpec(PoolKind Kind, long Channels, Dims Kernel, Dims Input, Dims Stride, Dims Padding, long Batch) : LayerSpec
    {
        public override LayerType Type => LayerType.Pool;
        public override string InputShape => $"{Batch}x{Channels}x{Input}";
        public override string OutputShape => $"{Batch}x{Channels}x{Output}";

        /// <summary>PyTorch's ceil_mode: the last window may hang over the input (SqueezeNet, GoogLeNet).</summary>
        public bool CeilMode { get; init; }

        public Dims Output => new Dims(Enumerable.Range(0, Input.Rank).Select(OutputSize));

        // PyTorch's pooling_output_shape: floor or ceil of (in + 2 pad - k) / stride, plus one; in ceil mode a
        // last window that would start inside the right padding is dropped.
        private long OutputSize(int i)
        {
            long span = Input[i] + 2 * Padding[i] - Kernel[i];
            long size = (CeilMode ? (span + Stride[i] - 1) / Stride[i] : span / Stride[i]) + 1;
            if (CeilMode && (size - 1) * Stride[i] >= Input[i] + Padding[i]) size--;
            return size;
        }

        public override void Validate()
        {
            Require.Positive(Channels, nameof(Channels));
            Require.Positive(Batch, "BatchSize");
            for (int i = 0; i < Input.Rank; i++)
            {
                Require.Positive(Input[i], "InputSize");
                Require.Positive(Kernel[i], "KernelSize");
                Require.Positive(Stride[i], nameof(Stride));
                Require.NonNegative(Padding[i], nameof(Padding));
                Require.That(Kernel[i] <= Input[i] + 2 * Padding[i], "KernelSize",
                    $"The pooling kernel ({Kernel[i]}) is larger than the padded input ({Input[i] + 2 * Padding[i]}).");
            }
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double outputs = (double)Batch * Channels * Output.Product();   // in double: Batch x Channels can pass long
            double perOutput = Kernel.Product() - 1 + (Kind == PoolKind.Average ? 1 : 0);
            return new LayerCost(0, 0, 0, new FlopBreakdown(Other: options.Elementwise(perOutput, outputs)));
        }
    }
}
