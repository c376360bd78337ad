using BenchmarkDotNet.Attributes;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Loading;

namespace PSFlops.Benchmarks
{
    /// <summary>The formula engine: one layer, one block, a whole model's per-layer breakdown.</summary>
    [MemoryDiagnoser]
    public class EngineBenchmarks
    {
        private static readonly CountingOptions Options = CountingOptions.Default;
        private readonly LinearSpec _linear = new LinearSpec(4096, 14336, false, 8192);
        private readonly AttentionSpec _attention = AttentionSpec.Create(16384, 128, kvHeads: 8, sequenceLength: 8192);
        private TransformerConfig _block;
        private ModelDefinition _llama405b;
        private ModelDefinition _deepseekV3;

        [GlobalSetup]
        public void Setup()
        {
            _llama405b = ModelFileLoader.Parse(Models.Text("llama-3.1-405b"), "llama-3.1-405b.yaml");
            _block = _llama405b.Transformer;
            _deepseekV3 = ModelFileLoader.Parse(Models.Text("deepseek-v3"), "deepseek-v3.yaml");
        }

        [Benchmark]
        public double LinearLayer() => _linear.Cost(Options).Flops;

        [Benchmark]
        public double AttentionLayer() => _attention.Cost(Options).Flops;

        [Benchmark]
        public double TransformerBlock()
        {
            double flops = 0;
            foreach (var (_, spec) in TransformerExpander.Block(_block, 8192, 1)) flops += spec.Cost(Options).Flops;
            return flops;
        }

        /// <summary>Every distinct layer of Llama 3.1 405B with its cost, and the totals.</summary>
        [Benchmark]
        public double Llama405bBreakdown() => ModelCalculator.Cost(_llama405b, 8192, 1, Options).Total.Flops;

        /// <summary>DeepSeek-V3 (61 layers in two groups, 256 experts, MLA, the MTP block): expand + cost + totals.</summary>
        [Benchmark]
        public double DeepSeekV3Breakdown() => ModelCalculator.Cost(_deepseekV3, 8192, 1, Options).Total.Flops;
    }

    /// <summary>Block groups are counts: a 3-dense-then-MoE stack costs the same at 61 layers or 61 million.</summary>
    [MemoryDiagnoser]
    public class GroupScalingBenchmarks
    {
        private ModelDefinition _model;

        [Params(61L, 61_000_000L)]
        public long Layers;

        [GlobalSetup]
        public void Setup()
        {
            var v3 = ModelFileLoader.Parse(Models.Text("deepseek-v3"), "deepseek-v3.yaml");
            // The groups as the loader builds them, with the MoE group's count scaled: expansion never looks at layers one by one.
            var groups = new[] { v3.Transformer.Groups[0], v3.Transformer.Groups[1] with { Count = Layers - 3 } };
            _model = v3 with { Transformer = v3.Transformer with { Layers = Layers, Groups = groups } };
        }

        [Benchmark]
        public double Breakdown() => ModelCalculator.Cost(_model, 8192, 1, CountingOptions.Default).Total.Flops;
    }

    /// <summary>The loaders: the largest built-in file, and a 10,000-layer graph (parse, shape inference, cost).</summary>
    [MemoryDiagnoser]
    public class LoaderBenchmarks
    {
        private string _largest;
        private string _graph;

        [GlobalSetup]
        public void Setup()
        {
            _largest = System.IO.File.ReadAllText(Models.LargestFile);
            _graph = Models.Graph(10_000);
        }

        [Benchmark]
        public ModelDefinition LoadLargestBuiltInFile() => ModelFileLoader.Parse(_largest, "largest.yaml");

        [Benchmark]
        public double Graph10000LayersLoadAndCost() =>
            ModelCalculator.Cost(ModelFileLoader.Parse(_graph, "graph.yaml"), 1, 1, CountingOptions.Default).Total.Flops;
    }

    /// <summary>How cost grows with distinct layers: linear.</summary>
    [MemoryDiagnoser]
    public class LayerScalingBenchmarks
    {
        private string _graph;

        [Params(10, 1_000, 100_000)]
        public int Layers;

        [GlobalSetup]
        public void Setup() => _graph = Models.Graph(Layers);

        [Benchmark]
        public double LoadAndCost() => ModelCalculator.Cost(ModelFileLoader.Parse(_graph, "g.yaml"), 1, 1, CountingOptions.Default).Total.Flops;
    }

    /// <summary>How cost grows with a repeat count: flat (the repeated block is counted once and multiplied).</summary>
    [MemoryDiagnoser]
    public class RepeatScalingBenchmarks
    {
        private string _repeat;

        [Params(1L, 1_000_000L, 1_000_000_000_000L)]
        public long RepeatCount;

        [GlobalSetup]
        public void Setup() => _repeat = Models.Repeat(RepeatCount);

        [Benchmark]
        public double LoadAndCost() => ModelCalculator.Cost(ModelFileLoader.Parse(_repeat, "r.yaml"), 1, 1, CountingOptions.Default).Total.Flops;
    }

    /// <summary>How cost grows with the sequence length: flat (closed forms, no per-token work).</summary>
    [MemoryDiagnoser]
    public class SequenceScalingBenchmarks
    {
        private ModelDefinition _llama;

        [Params(1L, 8192L, 10_000_000L)]
        public long SequenceLength;

        [GlobalSetup]
        public void Setup() => _llama = ModelFileLoader.Parse(Models.Text("llama-3.1-405b"), "llama.yaml");

        [Benchmark]
        public double Cost() => ModelCalculator.Cost(_llama, SequenceLength, 1, CountingOptions.Default).Total.Flops;
    }
}
