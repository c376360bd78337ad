using System.IO;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>The YAML loader's errors: the id, and the line (and column) of the offending text.</summary>
    public class LoaderTests
    {
        private static ModelDefinitionException Fails(string yaml) =>
            Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(yaml, "test.yaml"));

        private const string Transformer = "name: t\ntransformer:\n  layers: 2\n  model_dim: 64\n  heads: 4\n  ffn_dim: 256\n  vocab_size: 100\n";

        [Fact]
        public void A_minimal_transformer_loads_with_defaults()
        {
            var model = ModelFileLoader.Parse(Transformer, "t.yaml");
            Assert.Equal(4, model.Transformer.ResolvedKvHeads);
            Assert.Equal(16, model.Transformer.ResolvedHeadDim);
            // 2 layers x (attention 4*64*64 + FFN 2*64*256 + 2 LayerNorms 2*2*64) + embedding 100*64 + final norm 128 + head 64*100.
            double expected = 2 * (4 * 64 * 64 + 2 * 64 * 256 + 4 * 64) + 100 * 64 + 128 + 64 * 100;
            Assert.Equal(expected, ModelCalculator.Cost(model, 8, 1, CountingOptions.Default).Total.Parameters);
        }

        [Fact]
        public void Unknown_key_reports_its_line_and_column_and_the_closest_name()
        {
            var e = Fails(Transformer + "  head_dimm: 8\n");
            Assert.Equal("YamlUnknownKey", e.ErrorId);
            Assert.Equal(8, e.Location.Line);
            Assert.Equal(3, e.Location.Column);
            Assert.Contains("head_dim", e.Reason);
        }

        [Fact]
        public void Wrong_type_syntax_error_duplicate_key_and_empty_file()
        {
            var wrong = Fails(Transformer.Replace("layers: 2", "layers: two"));
            Assert.Equal(("YamlWrongType", 3L), (wrong.ErrorId, wrong.Location.Line));
            var syntax = Fails("name: x\ntransformer: [1, 2\n");
            Assert.Equal("YamlSyntaxError", syntax.ErrorId);
            var duplicate = Fails(Transformer + "  layers: 3\n");
            Assert.Equal(("YamlDuplicateKey", 8L), (duplicate.ErrorId, duplicate.Location.Line));
            Assert.Equal("EmptyFile", Fails("").ErrorId);
        }

        [Fact]
        public void Impossible_shapes_are_reported_at_the_key()
        {
            var heads = Fails(Transformer.Replace("heads: 4", "heads: 5"));
            Assert.Equal(("InvalidShape", 5L), (heads.ErrorId, heads.Location.Line));
            var kv = Fails(Transformer + "  kv_heads: 3\n");
            Assert.Equal(("InvalidShape", 8L), (kv.ErrorId, kv.Location.Line));
            var channels = Fails("input: [3, 8, 8]\nlayers:\n  - conv2d: {out_channels: 4, kernel_size: 11}\n");
            Assert.Equal(("InvalidShape", 3L), (channels.ErrorId, channels.Location.Line));
            var residual = Fails("input: [3, 8, 8]\nlayers:\n  - residual:\n      main:\n        - conv2d: {out_channels: 4, kernel_size: 1}\n");
            Assert.Equal(("InvalidShape", 3L), (residual.ErrorId, residual.Location.Line));
        }

        [Fact]
        public void Aliases_tags_and_deep_nesting_are_refused()
        {
            Assert.Equal("YamlAliasNotAllowed", Fails("a: &x [1, 2]\nb: *x\n").ErrorId);
            Assert.Equal("YamlTagNotAllowed", Fails("name: !!python/object:os.system x\n").ErrorId);
            Assert.Equal("YamlTagNotAllowed", Fails("name: !<tag:clr:System.IO.FileInfo> x\n").ErrorId);
            // Found by LoaderFuzzTests: YamlDotNet throws ArgumentException for a global tag that is not a URI.
            Assert.Equal("YamlSyntaxError", Fails("name: !<g:1> x\n").ErrorId);
            Assert.Equal("YamlTooDeep", Fails("a: " + new string('[', 5000) + new string(']', 5000) + "\n").ErrorId);
        }

        [Fact]
        public void Repeat_is_counted_analytically_even_at_2_to_the_53()
        {
            string graph = "input: [16, 8]\nlayers:\n  - repeat: {0}\n    layers:\n      - linear: {{out_features: 8}}\n";
            var one = ModelCalculator.Cost(ModelFileLoader.Parse(string.Format(graph, 1), "g.yaml"), 1, 1, CountingOptions.Default);
            var huge = ModelCalculator.Cost(ModelFileLoader.Parse(string.Format(graph, 9007199254740992), "g.yaml"), 1, 1, CountingOptions.Default);
            // One pass: linear 8 -> 8 with bias over 16 rows: 2 x 16 x 8 x 8 + 16 x 8 = 2,176 FLOPs; 2^53 passes: 2,176 x 2^53 = 17 x 2^60.
            Assert.Equal(2176d, one.Total.Flops);
            Assert.Equal(17 * System.Math.Pow(2, 60), huge.Total.Flops);
            Assert.Equal("InvalidShape", Fails(string.Format(graph, 9007199254740993)).ErrorId);
        }

        [Fact]
        public void A_repeat_that_changes_shape_each_pass_is_expanded_pass_by_pass()
        {
            // Each pass halves the spatial size with a stride-2 conv: 3 passes = 3 distinct convs (8 -> 4 -> 2 -> 1).
            var model = ModelFileLoader.Parse("input: [4, 8, 8]\nlayers:\n  - repeat: 3\n    layers:\n      - conv2d: {out_channels: 4, kernel_size: 1, stride: 2}\n", "g.yaml");
            var cost = ModelCalculator.Cost(model, 1, 1, CountingOptions.Default);
            Assert.Equal(3, cost.Rows.Count);
            // MACs: 4x4x4x4 + 2x2x4x4 + 1x1x4x4 = 256 + 64 + 16.
            Assert.Equal(336d, cost.Total.Macs);
        }

        [Fact]
        public void Hugging_face_llama_config_maps_onto_the_transformer_form()
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "config.json");
            File.WriteAllText(file, "{\"model_type\": \"llama\", \"hidden_size\": 4096, \"intermediate_size\": 11008, \"num_hidden_layers\": 32, " +
                "\"num_attention_heads\": 32, \"num_key_value_heads\": 32, \"vocab_size\": 32000, \"max_position_embeddings\": 4096, \"tie_word_embeddings\": false}");
            try
            {
                var model = ModelFileLoader.Load(file);
                // Llama-2-7B: 6,738,415,616 parameters (meta-llama/Llama-2-7b-hf).
                Assert.Equal(6_738_415_616d, ModelCalculator.Cost(model, 4096, 1, CountingOptions.Default).Total.Parameters);
                File.WriteAllText(file, "{\"model_type\": \"rwkv\"}");
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal("UnsupportedModelType", e.ErrorId);
                Assert.Contains("llama", e.Reason);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
