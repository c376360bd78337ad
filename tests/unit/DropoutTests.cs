using System.IO;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Whether a model trains with dropout, and so keeps Korthikanti et al. 2022's 1-byte masks (§4.1: "the dropout mask"
    /// of as^2b after the softmax and of sbh after the attention output projection and after the MLP). Each expected flag
    /// comes from the config.json's own field or, where it is absent, the default in transformers' configuration_&lt;family&gt;.py,
    /// and from where modeling_&lt;family&gt;.py applies the rate (LlamaDecoderLayer applies none to the hidden states).
    /// </summary>
    public class DropoutTests
    {
        [Theory]
        // llama-3.1-8b.json: "attention_dropout": 0.0; LlamaDecoderLayer has no hidden-state dropout.
        [InlineData("llama-3.1-8b.json", false, false)]
        // mistral-7b-v0.1.json writes no dropout field: MistralConfig's attention_dropout=0.0; no hidden dropout in the layer.
        [InlineData("mistral-7b-v0.1.json", false, false)]
        // granite-3.0-8b-base.json: "attention_dropout": 0.1 (the probabilities only; GraniteDecoderLayer has no other).
        [InlineData("granite-3.0-8b-base.json", true, false)]
        // phi-3-mini-4k-instruct.json: "attention_dropout": 0.0, "resid_pdrop": 0.0.
        [InlineData("phi-3-mini-4k-instruct.json", false, false)]
        // starcoder2-3b.json: "attention_dropout": 0.1, "residual_dropout": 0.1.
        [InlineData("starcoder2-3b.json", true, true)]
        // gpt2.json: "attn_pdrop": 0.1, "resid_pdrop": 0.1.
        [InlineData("gpt2.json", true, true)]
        // bert-base-uncased.json: "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1.
        [InlineData("bert-base-uncased.json", true, true)]
        // t5-v1_1-base.json: "dropout_rate": 0.1, which T5Attention applies to the weights and T5Layer* after each sub-layer.
        [InlineData("t5-v1_1-base.json", true, true)]
        // bart-large.json: "attention_dropout": 0.1, "dropout": 0.1.
        [InlineData("bart-large.json", true, true)]
        // whisper-large-v3.json: "attention_dropout": 0.0, "dropout": 0.0.
        [InlineData("whisper-large-v3.json", false, false)]
        // falcon-7b.json: "attention_dropout": 0.0, "hidden_dropout": 0.0.
        [InlineData("falcon-7b.json", false, false)]
        // pythia-160m.json writes none: GPTNeoXConfig's attention_dropout=0.0, hidden_dropout=0.0.
        [InlineData("pythia-160m.json", false, false)]
        // deepseek-v3.json, qwen3-8b.json, gemma-2-9b.json, llama-4-scout-17b-16e-text.json: "attention_dropout": 0.0.
        [InlineData("deepseek-v3.json", false, false)]
        [InlineData("qwen3-8b.json", false, false)]
        [InlineData("gemma-2-9b.json", false, false)]
        [InlineData("llama-4-scout-17b-16e-text.json", false, false)]
        public void A_config_s_dropout_fields_or_its_family_default_say_whether_masks_are_kept(string file, bool attention, bool hidden)
        {
            var c = Repo.Config(file).Transformer;
            Assert.Equal((attention, hidden), (c.AttentionDropout, c.HiddenDropout));
            if (c.Encoder != null) Assert.Equal((attention, hidden), (c.Encoder.AttentionDropout, c.Encoder.HiddenDropout));
        }

        [Theory]
        // Vision towers: CLIPVisionConfig (LLaVA) and SiglipVisionConfig (Gemma 3) default attention_dropout to 0.0, and
        // the two configs write none; Qwen2.5-VL's and Llama 4's vision configs write "attention_dropout": 0.0. None of the
        // four encoder layers drops out the hidden states.
        [InlineData("llava-1.5-7b-hf.json")]
        [InlineData("gemma-3-4b-it.json")]
        [InlineData("qwen2.5-vl-7b-instruct.json")]
        [InlineData("llama-4-scout-17b-16e.json")]
        public void Vision_towers_of_multimodal_configs_train_without_dropout(string file)
        {
            var tower = Repo.Config(file).Transformer.Vision.Encoder;
            Assert.False(tower.AttentionDropout || tower.HiddenDropout);
        }

        [Fact]
        public void An_absent_field_takes_the_family_default_and_a_bad_rate_is_refused_at_its_value()
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "config.json");
            try
            {
                // GPT2Config's defaults attn_pdrop=0.1, resid_pdrop=0.1: a config that leaves them out still drops out.
                const string gpt2 = "{\n  \"model_type\": \"gpt2\", \"n_layer\": 2, \"n_embd\": 64, \"n_head\": 4, \"vocab_size\": 100, \"n_positions\": 32";
                File.WriteAllText(file, gpt2 + "\n}");
                var c = ModelFileLoader.Load(file).Transformer;
                Assert.True(c.AttentionDropout && c.HiddenDropout);
                File.WriteAllText(file, gpt2 + ", \"attn_pdrop\": 0, \"resid_pdrop\": 0.0\n}");
                c = ModelFileLoader.Load(file).Transformer;
                Assert.False(c.AttentionDropout || c.HiddenDropout);
                File.WriteAllText(file, gpt2 + ",\n  \"resid_pdrop\": 1.5\n}");
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal("UnsupportedConfigValue", e.ErrorId);
                Assert.Equal(3L, e.Location.Line);
                Assert.Contains("resid_pdrop", e.Reason);
            }
            finally { Directory.Delete(dir, true); }
        }

        private const string Transformer = "name: t\ntransformer:\n  layers: 2\n  model_dim: 64\n  heads: 4\n  ffn_dim: 256\n  vocab_size: 100\n";

        [Theory]
        [InlineData("", true)]                  // absent: masks kept, as every file meant before the key existed
        [InlineData("  dropout: true\n", true)]
        [InlineData("  dropout: false\n", false)]
        [InlineData("  dropout: 0\n", false)]
        [InlineData("  dropout: 0.1\n", true)]
        public void The_yaml_dropout_key_is_a_flag_or_a_rate(string line, bool expected)
        {
            var c = ModelFileLoader.Parse(Transformer + line, "t.yaml").Transformer;
            Assert.Equal((expected, expected), (c.AttentionDropout, c.HiddenDropout));
        }

        [Fact]
        public void A_yaml_vision_tower_follows_the_model_s_dropout()
        {
            const string vision = "  vision:\n    layers: 1\n    model_dim: 32\n    heads: 2\n    ffn_dim: 64\n" +
                "    image_size: 16\n    patch_size: 4\n    projector:\n      - { linear: 64, bias: false }\n";
            var off = ModelFileLoader.Parse(Transformer + "  dropout: false\n" + vision, "t.yaml").Transformer.Vision.Encoder;
            Assert.False(off.AttentionDropout || off.HiddenDropout);
            var on = ModelFileLoader.Parse(Transformer + vision, "t.yaml").Transformer.Vision.Encoder;
            Assert.True(on.AttentionDropout && on.HiddenDropout);
        }

        [Theory]
        [InlineData("  dropout: 1\n")]
        [InlineData("  dropout: -0.1\n")]
        [InlineData("  dropout: yes please\n")]
        [InlineData("  dropout: [0.1]\n")]
        public void A_bad_yaml_dropout_is_an_error_at_its_value(string line)
        {
            var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Parse(Transformer + line, "t.yaml"));
            Assert.Equal("YamlInvalidValue", e.ErrorId);
            Assert.Equal(8L, e.Location.Line);
            Assert.Equal(12L, e.Location.Column);
        }

        [Fact]
        public void Built_in_models_follow_their_published_training()
        {
            // GPT-3 and GPT-2 trained with dropout (GPT-2's config 0.1; Korthikanti's GPT-3 runs count the masks, Eq. 1);
            // the Llama, Mistral, Qwen, DeepSeek, Gemma and gpt-oss configs say attention_dropout 0.0 and their layers
            // have no hidden-state dropout.
            foreach (var name in new[] { "gpt-3-175b", "gpt2", "bert-base" })
                Assert.True(Repo.Model(name).Transformer.AttentionDropout && Repo.Model(name).Transformer.HiddenDropout, name);
            foreach (var name in new[] { "llama-2-7b", "llama-3.1-405b", "mistral-7b", "mixtral-8x7b", "qwen3-235b-a22b", "deepseek-v3", "gemma-2-27b", "gpt-oss-120b" })
                Assert.False(Repo.Model(name).Transformer.AttentionDropout || Repo.Model(name).Transformer.HiddenDropout, name);
        }

        [Fact]
        public void A_layer_without_dropout_keeps_no_masks()
        {
            // One GPT layer, h 64, a 4, F 256, s 8, b 1 (T = 8 rows). With dropout (Korthikanti Eq. 1): attention replicated
            // 2Th + Th = 3 x 8 x 64 = 1536, scores 5 a s^2 b = 5 x 4 x 64 = 1280; MLP replicated 3Th = 1536.
            // Without: the mask Th goes from each (2 x 8 x 64 = 1024), and the scores keep only the softmax output,
            // 2 a s^2 b = 512, which the score x V backward reads.
            var attention = AttentionSpec.Create(64, 4, batch: 1, sequenceLength: 8, causal: true);
            Assert.Equal(new ActivationFootprint(2 * 8 * 64 + 4 * 8 * 64 + 2 * 8 * 64, 1536, 1280), attention.ActivationBytes());
            Assert.Equal(new ActivationFootprint(2 * 8 * 64 + 4 * 8 * 64 + 2 * 8 * 64, 1024, 512),
                (attention with { AttentionDropout = false, HiddenDropout = false }).ActivationBytes());
            var mlp = new FeedForwardSpec(64, 256, FfnKind.Mlp, ActivationKind.GELU, true, 8);
            Assert.Equal(new ActivationFootprint(4 * 8 * 256, 1536, 0), mlp.ActivationBytes());
            Assert.Equal(new ActivationFootprint(4 * 8 * 256, 1024, 0), (mlp with { HiddenDropout = false }).ActivationBytes());
        }

        [Fact]
        public void A_gpt_layer_per_token_is_34_sbh_with_dropout_and_32_without()
        {
            // Eq. 1 with flash attention (no s^2 term): 34 sbh; the two sbh masks gone: 32 sbh. GPT-2 small, h 768, s 1024.
            var gpt2 = Repo.Model("gpt2").Transformer;
            var layout = new MemoryLayout { FlashAttention = true };
            Assert.Equal(34d * 1024 * 768, Memory.ActivationBytesPerLayer(gpt2, 1024, 1, layout));
            Assert.Equal(32d * 1024 * 768, Memory.ActivationBytesPerLayer(gpt2 with { AttentionDropout = false, HiddenDropout = false }, 1024, 1, layout));
        }
    }
}
