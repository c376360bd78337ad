using System.Collections.Generic;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Swin's patch merging (torchvision PatchMerging): a [C, H, W] map padded to even sizes, each 2x2
    /// neighbourhood concatenated into 4C channels, a LayerNorm over those 4C, and a Linear 4C -> 2C without
    /// bias: [2C, ceil(H / 2), ceil(W / 2)]. The gather is a copy, so the cost is the norm's and the linear's.
    /// </summary>
    internal static class PatchMerging
    {
        public static long[] Apply(LayerNode node, long[] shape, long batch, string block, string rowName, List<LayerRow> sink)
        {
            if (shape.Length != 3)
                throw GraphExpander.Invalid(node.Location, $"patch_merging needs a [channels, height, width] input; the previous layer gives [{GraphExpander.Show(shape)}].");
            long channels = shape[0], height = (shape[1] + 1) / 2, width = (shape[2] + 1) / 2;
            if (channels > Require.MaxDimension / 4)
                throw GraphExpander.Invalid(node.Location, "patch_merging: four times the channels is more than 2^53.");
            double rows = (double)batch * height * width;
            var norm = new NormSpec(NormKind.LayerNorm, 4 * channels, rows);
            var reduction = new LinearSpec(4 * channels, 2 * channels, false, rows);
            foreach (var (part, spec) in new (string, LayerSpec)[] { ("norm", norm), ("reduction", reduction) })
            {
                spec.Validate();   // the expander reports a bad dimension at this layer's line
                sink.Add(new LayerRow(block, rowName + "." + part, 1, spec));
            }
            return new[] { 2 * channels, height, width };
        }
    }
}
