using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// The transformer form's encoder-decoder keys (encoder, encoder_sequence_length, relative_attention_num_buckets).
    /// Each YAML model is the same model as a published config.json: its parameters equal the hand-derived totals of
    /// EncoderDecoderFamilyTests, and its rows and costs equal the config.json reader's. A small one is counted by hand.
    /// </summary>
    public class EncoderFormTests
    {
        private static ModelDefinition Yaml(string file) => ModelFileLoader.Load(System.IO.Path.Combine(Repo.Root, "tests", "unit", "yaml", file));

        private static ModelDefinitionException Fails(string yaml) =>
            Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(yaml, "test.yaml"));

        [Fact]
        public void Built_in_t5_v1_1_base_is_its_config()
        {
            // 247,577,856 (EncoderDecoderFamilyTests: encoder 84,954,240, decoder 113,275,008, shared and lm_head 2 x 24,674,304).
            var yaml = Repo.Model("t5-v1_1-base");
            Assert.Equal(247_577_856d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            StateSpaceFormTests.SameAsConfig(yaml, Repo.Config("t5-v1_1-base.json"));
        }

        [Fact]
        public void Whisper_keys_read_whisper_large_v3_as_its_config_does()
        {
            // 1,543,490,560 (EncoderDecoderFamilyTests; safetensors F16 total).
            var yaml = Yaml("whisper-large-v3.yaml");
            Assert.Equal(1_543_490_560d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            StateSpaceFormTests.SameAsConfig(yaml, Repo.Config("whisper-large-v3.json"));
            // encoder_sequence_length is the encoder's length when the caller gives none: 1500 positions from 3000 mel frames.
            var conv2 = (ConvSpec)TransformerExpander.Expand(yaml.Transformer, 448, 1).Single(r => r.Name == "conv2").Spec;
            Assert.Equal("1x1280x1500", conv2.OutputShape);
        }

        [Fact]
        public void Bart_keys_read_bart_large_as_its_config_does()
        {
            // 406,291,456 (EncoderDecoderFamilyTests; the published bart-large 406M).
            var yaml = Yaml("bart-large.yaml");
            Assert.Equal(406_291_456d, ModelCalculator.Cost(yaml, 1, 1, CountingOptions.Default).Total.Parameters);
            StateSpaceFormTests.SameAsConfig(yaml, Repo.Config("bart-large.json"));
        }

        private const string Small =
            "name: e\n" +                // 1
            "transformer:\n" +           // 2
            "  layers: 2\n" +            // 3
            "  model_dim: 64\n" +        // 4
            "  heads: 4\n" +             // 5
            "  ffn_dim: 128\n" +         // 6
            "  vocab_size: 100\n" +      // 7
            "  positions: none\n" +      // 8
            "  encoder:\n" +             // 9
            "    layers: 3\n";           // 10

        /// <summary>
        /// D 64, 4 heads, MLP of 128, LayerNorm (weight and bias), no biases, untied head, V 100. Encoder layer: attention
        /// 4*64*64 = 16,384, FFN 2*64*128 = 16,384, 2 norms 256: 33,024; x3 = 99,072, final norm 128. Decoder layer: self
        /// and cross attention 32,768, FFN 16,384, 3 norms 384: 49,536; x2 = 99,072; token table 6,400, final norm 128,
        /// head 6,400. Total 211,200.
        /// </summary>
        [Fact]
        public void A_small_encoder_decoder_counts_as_derived_by_hand()
        {
            var model = ModelFileLoader.Parse(Small, "e.yaml");
            Assert.Equal(211_200d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            // Without encoder_sequence_length the encoder reads the decoder's length; with it, its own.
            var rows = ModelCalculator.Expand(model, 8, 1);
            Assert.Equal(8, ((AttentionSpec)rows.Single(r => r.Name == "cross_attention").Spec).KvLength);
            var own = ModelFileLoader.Parse(Small + "  encoder_sequence_length: 32\n", "e.yaml");
            Assert.Equal(32, ((AttentionSpec)ModelCalculator.Expand(own, 8, 1).Single(r => r.Name == "cross_attention").Spec).KvLength);
            Assert.Equal("1x32x64", ModelCalculator.Expand(own, 8, 1).Single(r => r.Block == "encoder layers" && r.Name == "attention").Spec.InputShape);
        }

        [Fact]
        public void The_encoder_inherits_the_transformers_keys_and_a_new_head_count_starts_from_mha()
        {
            var model = ModelFileLoader.Parse(Small.Replace("  heads: 4\n", "  heads: 4\n  kv_heads: 2\n  head_dim: 8\n")
                + "    heads: 2\n    ffn_dim: 256\n    ffn: swiglu\n", "e.yaml");
            var e = model.Transformer.Encoder;
            Assert.Equal((2L, (long?)null, (long?)null, 256L, FfnKind.SwiGlu, false), (e.Heads, e.KvHeads, e.HeadDim, e.FfnDim, e.Ffn, e.Causal));
            Assert.Equal(((long?)2, (long?)8), (model.Transformer.KvHeads, model.Transformer.HeadDim));
        }

        [Theory]
        [InlineData("", "    window: 4\n", "YamlUnknownKey", 11, "window")]
        [InlineData("", "    model_dim: 32\n", "YamlUnknownKey", 11, "model_dim")]
        [InlineData("    layers: 3\n", "    heads: 2\n", "YamlMissingKey", 10, "layers")]
        [InlineData("", "    heads: 5\n", "InvalidShape", 11, "heads")]
        [InlineData("", "    kv_heads: 3\n", "InvalidShape", 11, "kv_heads")]
        [InlineData("", "    layers: 4\n", "YamlDuplicateKey", 11, "layers")]
        [InlineData("", "    positions: learned\n", "InvalidShape", 11, "max_sequence_length")]
        [InlineData("", "    num_mel_bins: 0\n", "InvalidShape", 11, "num_mel_bins")]
        [InlineData("", "    ffn: swish\n", "YamlInvalidValue", 11, "swiglu")]
        [InlineData("", "    bias: [q, x]\n", "YamlInvalidValue", 11, "lm_head")]
        [InlineData("", "    relative_attention_num_buckets: 0\n", "InvalidShape", 11, "relative_attention_num_buckets")]
        [InlineData("  encoder:\n    layers: 3\n", "  encoder_sequence_length: 512\n", "YamlMissingKey", 9, "encoder")]
        [InlineData("  encoder:\n", "  encoder_sequence_length: 0\n  encoder:\n", "InvalidShape", 9, "encoder_sequence_length")]
        [InlineData("  encoder:\n", "  relative_attention_num_buckets: -1\n  encoder:\n", "InvalidShape", 9, "relative_attention_num_buckets")]
        [InlineData("  encoder:\n", "  parallel_block: true\n  encoder:\n", "YamlUnknownKey", 9, "cross-attention")]
        [InlineData("  encoder:\n", "  post_norms: true\n  encoder:\n", "YamlUnknownKey", 9, "cross-attention")]
        [InlineData("  encoder:\n", "  attention:\n    qk_norm: full\n  encoder:\n", "YamlUnknownKey", 10, "cross-attention")]
        [InlineData("  encoder:\n    layers: 3\n", "  encoder: 3\n", "YamlWrongType", 9, "mapping")]
        public void Bad_encoder_keys_are_located_errors(string find, string replace, string id, int line, string word)
        {
            string yaml = find.Length == 0 ? Small + replace : Small.Replace(find, replace);
            var e = Fails(yaml);
            Assert.Equal((id, (long)line), (e.ErrorId, e.Location.Line));
            Assert.Contains(word, e.Reason);
        }

        [Fact]
        public void An_encoder_beside_state_space_layers_is_refused_not_dropped()
        {
            var e = Fails("transformer:\n  layers: 2\n  model_dim: 16\n  ffn: none\n  vocab_size: 50\n  ssm:\n    kind: mamba\n  encoder:\n    layers: 2\n");
            Assert.Equal(("YamlUnknownKey", 7L), (e.ErrorId, e.Location.Line));
        }
    }
}
