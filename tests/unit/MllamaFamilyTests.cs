using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Llama 3.2 11B Vision (model_type mllama, tests/unit/configs/llama-3.2-11b-vision.json, SOURCES.md), derived by hand
    /// tensor by tensor from transformers' modeling_mllama.py and reconciled with the published safetensors total.
    /// </summary>
    public class MllamaFamilyTests
    {
        private static ModelDefinition Model() => Repo.Config("llama-3.2-11b-vision.json");

        // Language model (MllamaTextModel + lm_head; D 4096, F 14336, H 32 x 128, 8 KV heads, V 128256):
        //   embed_tokens (V + 8) x D = 128,264 x 4096 = 525,369,344; lm_head V x D = 525,336,576; norm 4,096.
        //   self-attention layer (32 of the 40): q 4096^2 = 16,777,216, k and v 4096 x 1024 = 4,194,304 each, o 16,777,216
        //     (41,943,040); gate/up/down 3 x 4096 x 14336 = 176,160,768; input and post-attention RMSNorm 8,192: 218,112,000.
        //   cross-attention layer (3, 8, ..., 38: 8): the same projections 41,943,040 (k, v read the projected image tokens,
        //     4096 wide), q_norm and k_norm 128 + 128, the MLP 176,160,768, two RMSNorms 8,192, cross_attn_attn_gate and
        //     cross_attn_mlp_gate 1 + 1: 218,112,258.
        //   32 x 218,112,000 + 8 x 218,112,258 = 6,979,584,000 + 1,744,898,064 = 8,724,482,064;
        //   + 525,369,344 + 525,336,576 + 4,096 = 9,775,192,080.
        // Vision model (MllamaVisionModel; D 1280, F 5120, 560 px tiles of 40 x 40 = 1600 patches + class = 1601, 4 tiles,
        //   max_aspect_ratio_id 8 -> 9 rows):
        //   patch_embedding 3 x 14 x 14 x 1280 = 752,640 (no bias); class_embedding 1,280;
        //   gated_positional_embedding: embedding 1601 x 1280 = 2,049,280, gate 1, tile_embedding 9 x (4 x 1601 x 1280)
        //     = 73,774,080; pre_tile and post_tile_positional_embedding 9 x (4 x 1280) + gate 1 = 46,081 each;
        //   layernorm_pre and layernorm_post 2 x 2,560 = 5,120;
        //   encoder layer: q, k, v, o 4 x 1280^2 = 6,553,600 (no bias), fc1 1280 x 5120 + 5120 = 6,558,720, fc2
        //     5120 x 1280 + 1280 = 6,554,880, two LayerNorms 5,120: 19,672,320; transformer 32 x = 629,514,240;
        //     global_transformer 8 x (19,672,320 + gate_attn + gate_ffn) = 157,378,576.
        //   752,640 + 1,280 + 2,049,281 + 73,774,080 + 92,162 + 5,120 + 629,514,240 + 157,378,576 = 863,567,379.
        // multi_modal_projector: 7680 x 4096 + 4096 = 31,461,376 (vision_output_dim 7680 = 1280 x (5 intermediate + 1)).
        // Total 9,775,192,080 + 863,567,379 + 31,461,376 = 10,670,220,835: the published safetensors total of
        // meta-llama/Llama-3.2-11B-Vision(-Instruct), exactly. The odd total comes from the 35 scalar tanh gates: the
        // vision model's 3 (positional, pre-tile, post-tile), its global layers' 2 x 8 and the cross-attention layers'
        // 2 x 8; every other tensor (biases of 5120, 1280 and 4096 included) has an even size.
        [Fact]
        public void Counts_the_published_total_split_into_vision_projector_and_language_model()
        {
            var cost = ModelCalculator.Cost(Model(), 1, 1, CountingOptions.Default);
            Assert.Equal(10_670_220_835d, cost.Total.Parameters);
            double Block(System.Func<string, bool> which) => cost.Rows.Where(r => which(r.Row.Block)).Sum(r => r.Cost.Parameters * r.Row.Count);
            Assert.Equal(863_567_379d, Block(b => b.StartsWith("vision", System.StringComparison.Ordinal)));
            Assert.Equal(31_461_376d, Block(b => b == "projector"));
            Assert.Equal(9_775_192_080d, Block(b => !b.StartsWith("vision", System.StringComparison.Ordinal) && b != "projector"));
            Assert.Equal(8 * 218_112_258d, Block(b => b == "cross_attention_layers"));
        }

        // The cross-attention layers read every tile's projected positions, class tokens included: 4 x 1601 = 6404 keys
        // per image (MllamaForConditionalGeneration reshapes the projector's output to (-1, num_tiles x num_patches, D)).
        // Their cache holds those 6404 positions whatever the context: 2 x 8 KV heads x 128 x 6404 values per layer; the
        // 32 self-attention layers cache the context: 2 x 8 x 128 x context.
        [Fact]
        public void The_cross_attention_layers_read_6404_image_tokens_per_image_and_cache_them()
        {
            var model = Model().WithImages(null, 2);
            var rows = ModelCalculator.Expand(model, 100, 1);
            var cross = (AttentionSpec)rows.Single(r => r.Block == "cross_attention_layers" && r.Name == "cross_attention").Spec;
            Assert.Equal(2 * 6404, cross.KvLength);
            Assert.Equal(QkNorm.PerHead, cross.QkNorm);
            Assert.Equal(2d * 8 * 128 * 2 * 6404, cross.KvCacheValues(100));
            var self = (AttentionSpec)rows.Single(r => r.Block == "layers" && r.Name == "attention").Spec;
            Assert.Equal(2d * 8 * 128 * 100, self.KvCacheValues(100));
        }

        // The vision layers attend over all four tiles of an image at once: 4 x 1601 = 6404 positions (the modelling code
        // pads each tile to 1608, a multiple of 8, which these rows leave out: docs/formulas.md); the patch Conv2d runs
        // per tile: 4 tiles x 1600 patches x 1280 x 588 MACs.
        [Fact]
        public void The_vision_layers_attend_across_the_four_tiles_and_the_patch_embedding_runs_per_tile()
        {
            var rows = ModelCalculator.Expand(Model(), 100, 1);
            var attention = (AttentionSpec)rows.Single(r => r.Block == "vision global_layers" && r.Name == "attention").Spec;
            Assert.Equal(6404, attention.SequenceLength);
            Assert.Equal(1, attention.Batch);
            var costs = ModelCalculator.Cost(Model(), 100, 1, CountingOptions.Default);
            var patch = costs.Rows.Single(r => r.Row.Name == "patch_embedding");
            Assert.Equal(2d * 4 * 1600 * 1280 * 3 * 14 * 14, patch.Cost.Flops);
        }

        [Fact]
        public void A_decode_step_runs_no_vision_rows_and_projects_no_image_keys()
        {
            var rows = TransformerExpander.Expand(Model().Transformer, 1, 1, kvLength: 100);
            Assert.DoesNotContain(rows, r => r.Block.StartsWith("vision", System.StringComparison.Ordinal) || r.Block == "projector");
            var cross = (AttentionSpec)rows.Single(r => r.Block == "cross_attention_layers" && r.Name == "cross_attention").Spec;
            Assert.True(cross.KvCached);
            Assert.Equal(6404, cross.KvLength);
        }

        // MllamaPrecomputedPositionEmbedding adds its 1601-row table as it is (no interpolation): tiles are 560 px only.
        [Fact]
        public void Another_tile_size_is_refused()
        {
            Assert.Throws<FlopsArgumentException>(() => ModelCalculator.Expand(Model().WithImages(448, null), 100, 1));
        }

        [Theory]
        // Lines of the stored file: cross_attention_layers opens at 9 (30 layers leave 33 and 38 out of range), max_num_tiles
        // is at 59, the vision model_type at 60, vision_output_dim at 69.
        [InlineData("\"num_hidden_layers\": 40", "\"num_hidden_layers\": 30", 9)]
        [InlineData("\"vision_output_dim\": 7680", "\"vision_output_dim\": 7000", 69)]
        [InlineData("\"max_num_tiles\": 4", "\"max_num_tiles\": 0", 59)]
        [InlineData("\"mllama_vision_model\"", "\"clip_vision_model\"", 60)]
        public void An_inconsistent_config_is_refused_at_its_line(string from, string to, long line)
        {
            string path = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, File.ReadAllText(Repo.ConfigPath("llama-3.2-11b-vision.json")).Replace(from, to));
            try
            {
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(path));
                Assert.Equal("UnsupportedConfigValue", e.ErrorId);
                Assert.Equal(line, e.Location.Line);
            }
            finally { File.Delete(path); }
        }
    }
}
