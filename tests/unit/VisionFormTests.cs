using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The transformer form's `vision:` key (model-schema.md, "Vision towers"): a YAML model with a tower counts row for
    /// row as the published config.json it restates (tests/unit/yaml), whose totals MultimodalFamilyTests derives by hand
    /// and reconciles with the published ones; bad towers are errors at their key.
    /// </summary>
    public class VisionFormTests
    {
        private static ModelDefinition Yaml(string file) => ModelFileLoader.Load(Path.Combine(Repo.Root, "tests", "unit", "yaml", file));

        private static void SameRows(ModelDefinition yaml, ModelDefinition json)
        {
            var a = ModelCalculator.Cost(yaml, 1024, 2, CountingOptions.Default).Rows;
            var b = ModelCalculator.Cost(json, 1024, 2, CountingOptions.Default).Rows;
            Assert.Equal(b.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost.Parameters, r.Cost.Flops, r.Row.Spec.InputShape)),
                a.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost.Parameters, r.Cost.Flops, r.Row.Spec.InputShape)));
        }

        [Fact]
        public void Qwen25Vl_in_yaml_counts_as_its_config_json_8292166656_parameters()
        {
            var yaml = Yaml("qwen2.5-vl-7b-instruct.yaml");
            Assert.Equal(8_292_166_656d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            SameRows(yaml, Repo.Config("qwen2.5-vl-7b-instruct.json"));
            Assert.Equal(256, yaml.Transformer.Vision.ImageTokens);
        }

        [Fact]
        public void Llava_in_yaml_counts_as_its_config_json_7063427072_parameters()
        {
            var yaml = Yaml("llava-1.5-7b.yaml");
            Assert.Equal(7_063_427_072d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            SameRows(yaml, Repo.Config("llava-1.5-7b-hf.json"));
        }

        private const string Language = "name: t\ntransformer:\n  layers: 2\n  model_dim: 64\n  heads: 4\n  ffn_dim: 128\n  vocab_size: 100\n";

        private static ModelDefinitionException Refused(string vision) =>
            Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(Language + vision, "t.yaml"));

        [Fact]
        public void A_small_tower_counts_by_hand()
        {
            // Tower: patch conv 3*4*4*32 = 1,536 (no bias); learned table (16/4)^2 = 16 rows x 32 = 512; one layer: two
            // LayerNorms 128, q, k, v, o 4*(32*32 + 32) = 4,224, fc1 32*64 + 64 = 2,112, fc2 64*32 + 32 = 2,080: 8,544;
            // post-norm 64. Projector: avg pool (none), RMSNorm 32, linear 32*64 bias-free 2,048. Vision + projector 12,736.
            var m = ModelFileLoader.Parse(Language + "  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n" +
                "    image_size: 16\n    patch_size: 4\n    post_norm: all_tokens\n    projector:\n      - avg_pool: 2\n" +
                "      - norm: rmsnorm\n      - { linear: 64, bias: false }\n", "t.yaml");
            var cost = ModelCalculator.Cost(m, 8, 1, CountingOptions.Default);
            Assert.Equal(12_736d, cost.Rows.Where(r => r.Row.Block.StartsWith("vision", System.StringComparison.Ordinal) || r.Row.Block == "projector")
                .Sum(r => r.Cost.Parameters * r.Row.Count));
            Assert.Equal(4, m.Transformer.Vision.ImageTokens);   // 4 x 4 patches pooled 2 x 2
        }

        [Fact]
        public void A_projector_that_does_not_end_at_the_model_dim_is_an_error_at_its_last_step()
        {
            var e = Refused("  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n    image_size: 16\n" +
                "    patch_size: 4\n    projector:\n      - linear: 48\n");
            Assert.Equal("InvalidShape", e.ErrorId);
            Assert.Contains("model_dim (64)", e.Message);
            Assert.Equal(16, e.Location.Line);
        }

        [Theory]
        [InlineData("      - merge: 3\n", "must divide the 4 patches per side")]
        [InlineData("      - { linear: 64, merge: 2 }\n", "exactly one of")]
        [InlineData("      - { activation: gelu, bias: true }\n", "'bias' belongs to a linear or norm step")]
        [InlineData("      - { linear: 64, stride: 2 }\n", "stride")]
        public void A_bad_projector_step_is_refused_at_its_key(string step, string message)
        {
            var e = Refused("  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n    image_size: 16\n" +
                "    patch_size: 4\n    projector:\n" + step);
            Assert.Contains(message, e.Message);
            Assert.Equal(16, e.Location.Line);
        }

        [Fact]
        public void A_patch_that_does_not_divide_the_image_is_refused()
        {
            var e = Refused("  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n    image_size: 18\n" +
                "    patch_size: 4\n    projector:\n      - linear: 64\n");
            Assert.Contains("patch_size (4) must divide image_size (18)", e.Message);
            Assert.Equal(14, e.Location.Line);
        }

        [Theory]
        [InlineData("    full_attention_layers: [0]\n", "give 'window'")]
        [InlineData("    window: 4\n    full_attention_layers: [1]\n", "below 1")]
        public void Full_attention_layers_need_a_window_and_layers_of_the_tower(string keys, string message)
        {
            var e = Refused("  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n    image_size: 16\n" +
                "    patch_size: 4\n" + keys + "    projector:\n      - linear: 64\n");
            Assert.Equal("InvalidShape", e.ErrorId);
            Assert.Contains(message, e.Message);
        }
    }
}
