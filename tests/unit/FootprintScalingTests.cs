using System.IO;
using System.Linq;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Memory scales one sequence's activation footprints by the batch instead of expanding the rows at every batch
    /// (a sweep's per-point cost). That holds only if every kind's stored activations are proportional to the batch:
    /// checked here, to the bit, on every transformer the library and the test configs hold.
    /// </summary>
    public class FootprintScalingTests
    {
        public static TheoryData<string> Models()
        {
            var data = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(Path.Combine(Repo.Root, "module", "models"), "*.yaml")
                .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "tests", "unit", "configs"), "*.json"))
                .OrderBy(f => f, System.StringComparer.Ordinal))
                data.Add(file);
            return data;
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void A_batch_of_b_stores_b_times_one_sequence(string file)
        {
            var transformer = PSFlops.Loading.ModelFileLoader.Load(file).Transformer;
            if (transformer == null) return;   // layer graphs have no activation footprint in Memory
            foreach (long s in new[] { 1L, 7L, 4096L })
                foreach (long b in new[] { 1L, 3L, 64L })
                {
                    var expanded = Memory.ExpandedFootprints(transformer, s, b);
                    var scaled = Memory.CachedFootprints(transformer, s, b);
                    Assert.Equal(expanded.Length, scaled.Length);
                    for (int i = 0; i < expanded.Length; i++)
                    {
                        Assert.Equal(expanded[i].Count, scaled[i].Count);
                        Assert.Equal(expanded[i].Footprint, scaled[i].Footprint);
                    }
                }
        }
    }
}
