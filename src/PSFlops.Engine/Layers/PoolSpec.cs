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

        public Dims Output => new Dims(Enumerable.Range(0, Input.Rank).Select(i =>
            (Input[i] + 2 * Padding[i] - Kernel[i]) / Stride[i] + 1));

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
