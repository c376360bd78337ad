using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;

namespace PSFlops.Benchmarks
{
    /// <summary>
    /// Get-InferenceEstimate's engine in a sweep: 1,000 contexts at one batch of gpt2 on one H100, one shared
    /// ServingCostCache (as the cmdlet holds one per model), warm after the first iteration. Divide the mean by 1,000 for
    /// the cost of a point; docs/benchmarks.md, "Get-InferenceEstimate's sweep (fixed)".
    /// </summary>
    [MemoryDiagnoser]
    public class ServingSweepBenchmarks
    {
        private TransformerConfig _gpt2;
        private Hardware _h100;
        private ServingSystem _system;
        private ServingCostCache _costs;
        private readonly ServingOptions _options = new ServingOptions();
        private readonly ParallelLayout _layout = new ParallelLayout();

        [Params(1L, 64L)]
        public long Batch;

        [GlobalSetup]
        public void Setup()
        {
            _gpt2 = ModelFileLoader.Parse(Models.Text("gpt2"), "gpt2.yaml").Transformer;
            _h100 = HardwareFileLoader.Parse(File.ReadAllText(Models.HardwareFile), "hardware.yaml").Single(h => h.Name == "H100-SXM");
            _system = ServingSystem.For(_h100);
            _costs = new ServingCostCache(_gpt2, _options.Counting);
        }

        /// <summary>1,000 estimates, contexts 1..1000 (prompt = context), at the batch.</summary>
        [Benchmark]
        public double ThousandPoints()
        {
            double sum = 0;
            for (long context = 1; context <= 1000; context++)
                sum += Serving.Estimate(_gpt2, _h100, _system, _layout, new ServingWorkload(context, context, Batch), _options, _costs)
                    .TimePerOutputTokenSeconds;
            return sum;
        }
    }
}
