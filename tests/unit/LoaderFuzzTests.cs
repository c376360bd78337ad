using System;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;

namespace PSFlops.Tests
{
    /// <summary>
    /// Mutated model files: every input either loads (and then counts) or fails with the loader's own
    /// error, never anything else. docs/reliability.md describes the longer run.
    /// </summary>
    public class LoaderFuzzTests
    {
        private static readonly string[] Seeds = Directory.GetFiles(Path.Combine(Repo.Root, "module", "models"), "*.yaml")
            .Select(File.ReadAllText)
            // The published config.json of every Hugging Face family (tests/unit/configs).
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "tests", "unit", "configs"), "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText))
            // Transformer-form files of the state-space, hybrid and encoder-decoder keys (tests/unit/yaml).
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "tests", "unit", "yaml"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText))
            .Concat(new[]
            {
                "{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"vocab_size\": 100}",
                "name: small\ninput: [3, 16, 16]\nblocks:\n  b:\n    args: [out]\n    layers:\n      - residual:\n          main:\n            - conv2d: {out_channels: $out, kernel_size: 3, padding: 1}\n      - relu: {}\nlayers:\n  - repeat: 3\n    layers:\n      - b: {out: 3}\n  - adaptive_avgpool: {output_size: 1}\n  - flatten: {}\n  - linear: {out_features: 10}\n",
            }).ToArray();

        // Fragments that stress the parser and the schema: structure, anchors and tags, odd numbers.
        private static readonly string[] Fragments =
        {
            "{", "}", "[", "]", ":", ": ", "- ", ",", "\n", "\r\n", "\t", "  ", "#", "\"", "'", "&a ", "*a", "!!str ", "!<tag:x> ",
            "0", "-1", "1.5", "1e999", "9223372036854775808", "1e15", "null", "~", "true", "$out", "repeat: ", "layers:", "\u00e9", "\0",
        };

        public static Arbitrary<string> MutatedModels() =>
            (from seed in Gen.Elements(Seeds)
             from edits in Gen.ListOf(
                 from kind in Gen.Choose(0, 4)
                 from at in Gen.Choose(0, int.MaxValue)
                 from fragment in Gen.Elements(Fragments)
                 select (kind, at, fragment))
             select Mutate(seed, edits.Take(8))).ToArbitrary();

        private static string Mutate(string text, System.Collections.Generic.IEnumerable<(int Kind, int At, string Fragment)> edits)
        {
            var s = new StringBuilder(text);
            foreach (var (kind, at, fragment) in edits)
            {
                if (s.Length == 0) { s.Append(fragment); continue; }
                int i = at % s.Length;
                switch (kind)
                {
                    case 0: s.Remove(i, Math.Min(1 + at % 7, s.Length - i)); break;          // delete a run
                    case 1: s.Insert(i, fragment); break;                                      // insert a fragment
                    case 2: s[i] = fragment.Length > 0 ? fragment[0] : ' '; break;            // replace a character
                    case 3:                                                                     // duplicate a line
                    {
                        string all = s.ToString();
                        int start = all.LastIndexOf('\n', i) + 1, end = all.IndexOf('\n', i);
                        if (end < start) end = all.Length;
                        s.Insert(start, all.Substring(start, end - start) + "\n");
                        break;
                    }
                    default: s.Length = i; break;                                              // truncate
                }
            }
            return s.ToString();
        }

        /// <summary>3,000 cases per CI run; PSFLOPS_FUZZ_CASES sets more for a long run (docs/reliability.md).</summary>
        [Xunit.Fact]
        public void Every_input_loads_or_fails_with_the_loaders_error()
        {
            int cases = int.TryParse(Environment.GetEnvironmentVariable("PSFLOPS_FUZZ_CASES"), out int n) && n > 0 ? n : 3000;
            Prop.ForAll(MutatedModels(), LoadsOrFailsCleanly)
                .Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));
        }

        /// <summary>State-space, hybrid, encoder-decoder and multimodal configs (tests/unit/configs/SOURCES.md, second table),
        /// Llama 4's two text configs (its third table), the three multimodal configs with every tower (its fourth) and
        /// Falcon-H1-0.5B (its fifth) and Llama 3.2 11B Vision (its sixth).</summary>
        private const int Issue16Configs = 10 + 2 + 3 + 1 + 1;

        /// <summary>tests/unit/yaml: mamba2, Jamba, Qwen3-Next, Whisper and BART (state-space, hybrid and encoder keys) and
        /// LLaVA and Qwen2.5-VL (vision keys) in the transformer form.</summary>
        private const int TransformerFormFiles = 5 + 2;

        /// <summary>The mutations start from valid inputs: a loader that refused everything would fail here, not pass above.</summary>
        [Xunit.Fact]
        public void Every_seed_loads_and_counts_unmutated()
        {
            // The 31 built-in models, the 23 family configs of issue 15, issue 16's configs and YAML files, a config.json and a layer graph.
            Xunit.Assert.Equal(31 + 23 + Issue16Configs + TransformerFormFiles + 2, Seeds.Length);
            foreach (string seed in Seeds)
                Xunit.Assert.True(CountedFlops(seed) > 0);
        }

        private static bool LoadsOrFailsCleanly(string yaml)
        {
            try
            {
                double flops = CountedFlops(yaml);
                return !double.IsNaN(flops) && !double.IsInfinity(flops);
            }
            catch (ModelDefinitionException) { return true; }
            catch (FlopsArgumentException) { return true; }
        }

        private static double CountedFlops(string yaml)
        {
            var model = yaml.TrimStart().StartsWith("{", StringComparison.Ordinal)
                ? LoadJson(yaml)
                : ModelFileLoader.Parse(yaml, "fuzz.yaml");
            return ModelCalculator.Cost(model, Math.Min(model.DefaultSequenceLength, 4096), 1, CountingOptions.Default).Total.Flops;
        }

        private static ModelDefinition LoadJson(string json)
        {
            string file = Path.Combine(Path.GetTempPath(), $"psflops-fuzz-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, json);
            try { return ModelFileLoader.Load(file); }
            finally { File.Delete(file); }
        }
    }
}
