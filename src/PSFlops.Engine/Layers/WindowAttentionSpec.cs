using System;

namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Swin's (shifted) window attention (Liu et al. 2021; torchvision shifted_window_attention) on Batch
    /// feature maps of Dim channels x Height x Width: the map is padded up to whole Window x Window tiles,
    /// each tile attends within itself with Heads heads of Dim / Heads, and a learned relative position bias
    /// ((2 Wh - 1)(2 Ww - 1) x Heads table) is added to the scores. A shift rolls the map by Shift first and
    /// masks the scores across tile seams; torchvision does not shift a dimension the window already covers.
    /// </summary>
    public sealed record WindowAttentionSpec(
        long Dim, long Heads, Dims Window, Dims Shift, long Height, long Width, bool RelativePositionBias, bool Bias,
        long Batch) : LayerSpec
    {
        public override LayerType Type => LayerType.Attention;
        public override string InputShape => $"{Batch}x{Dim}x{Height}x{Width}";
        public override string OutputShape => InputShape;

        private long PaddedHeight => Windows(Height, Window[0]) * Window[0];
        private long PaddedWidth => Windows(Width, Window[1]) * Window[1];

        /// <summary>Tiles per sample: ceil(H / Wh) ceil(W / Ww).</summary>
        public double WindowCount => (double)Windows(Height, Window[0]) * Windows(Width, Window[1]);

        /// <summary>Whether any dimension is shifted (and so masked): a shift the window covers is dropped.</summary>
        public bool Shifted => (Shift[0] > 0 && Window[0] < PaddedHeight) || (Shift[1] > 0 && Window[1] < PaddedWidth);

        private static long Windows(long size, long window) => (size + window - 1) / window;

        /// <summary>Plain multi-head self-attention over every tile, each a batch element of Wh Ww tokens.</summary>
        private AttentionSpec Tiles => new AttentionSpec(Dim, Heads, Heads, Dim / Heads, 1, Window[0] * Window[1],
            Window[0] * Window[1], null, false, Bias ? AttentionBias.All : AttentionBias.None);

        public override void Validate()
        {
            Require.Positive(Dim, "ModelDim");
            Require.Positive(Heads, nameof(Heads));
            Require.Positive(Batch, "BatchSize");
            Require.Positive(Height, "InputSize");
            Require.Positive(Width, "InputSize");
            Require.That(Window.Rank == 2 && Shift.Rank == 2, nameof(Window), "Window attention takes a 2-d window and shift.");
            for (int i = 0; i < 2; i++)
            {
                Require.Positive(Window[i], nameof(Window));
                Require.NonNegative(Shift[i], nameof(Shift));
                Require.That(Shift[i] < Window[i], nameof(Shift), $"The shift ({Shift[i]}) must be smaller than the window ({Window[i]}).");
            }
            Require.That((double)Window[0] * Window[1] <= Require.MaxDimension, nameof(Window),
                "A window of more than 2^53 tokens cannot be counted exactly.");
            Require.That(Dim % Heads == 0, nameof(Heads), $"Heads ({Heads}) must divide the channels ({Dim}).");
            Tiles.Validate();
        }

        // Every count is the tiles' attention (projections over the padded map, as torchvision projects after
        // padding; scores and scores x V within each tile) times the tiles of all samples. Full adds one add per
        // score for the bias and one more for the shift mask.
        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double tiles = Batch * WindowCount;
            var tile = Tiles.Cost(options);
            double scores = tiles * Heads * Math.Pow(Window[0] * Window[1], 2);
            double extra = options.Elementwise((RelativePositionBias ? 1 : 0) + (Shifted ? 1 : 0), scores);
            double table = RelativePositionBias ? (2d * Window[0] - 1) * (2d * Window[1] - 1) * Heads : 0;
            var breakdown = tile.Breakdown * tiles + new FlopBreakdown(AttentionSoftmax: extra);
            double parameters = tile.Parameters + table;
            return new LayerCost(parameters, parameters, tile.Macs * tiles, breakdown);
        }
    }
}
