using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;

namespace PSFlops.Benchmarks
{
    /// <summary>Find-ParallelLayout's engine: every layout of Llama 3.1 405B on 16,384 H100s (Llama 3's scale), 8K tokens, 2,048 sequences a step.</summary>
    [MemoryDiagnoser]
    public class LayoutSearchBenchmarks
    {
        private StepTimeProfile _profile;
        private Hardware _h100;
        private Interconnect _links;
        private TrainingStep _template;

        [GlobalSetup]
        public void Setup()
        {
            var model = ModelFileLoader.Parse(Models.Text("llama-3.1-405b"), "llama-3.1-405b.yaml");
            _profile = StepTimeProfile.Of(model, 8192, flashAttention: true);
            _h100 = HardwareFileLoader.Parse(File.ReadAllText(Models.HardwareFile), "hardware.yaml").Single(h => h.Name == "H100-SXM");
            _links = Interconnect.Of(_h100);
            _template = new TrainingStep();
        }

        /// <summary>Every fitting layout, sorted (Find-ParallelLayout without -First).</summary>
        [Benchmark]
        public long Llama405bOn16384H100s() =>
            LayoutSearch.Find(_profile, 16384, 2048, _template, _h100, _links).Considered;

        /// <summary>The ten fastest (Find-ParallelLayout -First 10): the same enumeration and costing, only ten kept.</summary>
        [Benchmark]
        public long Llama405bOn16384H100sFirst10() =>
            LayoutSearch.Find(_profile, 16384, 2048, _template, _h100, _links, first: 10).Considered;
    }
}
