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
    /// A multimodal config.json (tests/unit/configs, SOURCES.md): every tower counted, derived by hand from transformers'
    /// modeling_llava.py (LlavaMultiModalProjector: linear_1, act, linear_2, biased), modeling_clip.py (CLIPVisionEmbeddings:
    /// class_embedding, bias-free patch_embedding Conv2d, position_embedding of (image/patch)^2 + 1; pre_layrnorm;
    /// CLIPEncoderLayer: biased q, k, v, out_proj, two LayerNorms, fc1, fc2; post_layernorm) and modeling_llama.py,
    /// reconciled with the model card.
    /// </summary>
    public class MultimodalFamilyTests
    {
        private static ModelDefinition Definition(string file) =>
            Repo.Config(file);

        // llava, llava-hf/llava-1.5-7b-hf. Language model: text_config over LlamaConfig's defaults (D 4096, L 32, H 32,
        // F 11008) with V 32064: Llama-2-7B's 6,738,415,616 (V 32000) + 2*64*4096 = 6,738,939,904.
        // Vision (CLIP ViT-L/14 at 336): class 1,024; patch conv 3*14*14*1024 = 602,112; positions (24^2 + 1)*1024 =
        // 590,848; pre_layrnorm 2,048; layer: attention 4*(1024^2 + 1024) = 4,198,400, 2 LayerNorms 4,096, fc1
        // 4,198,400, fc2 4,195,328: 12,596,224; x24 = 302,309,376; post_layernorm 2,048: 303,507,456.
        // Projector: 1024*4096 + 4096 = 4,198,400 and 4096*4096 + 4096 = 16,781,312: 20,979,712.
        // Total 7,063,427,072 (model card / safetensors F16: 7.06B).
        [Theory]
        // Each composite family reads its towers as one model type; another is refused at its own line (the vision_config's
        // model_type in the published files: gemma-3-4b-it line 32, llava-1.5-7b-hf line 28, Llama-4-Scout line 165).
        [InlineData("gemma-3-4b-it.json", "siglip_vision_model", 32)]
        [InlineData("llava-1.5-7b-hf.json", "clip_vision_model", 28)]
        [InlineData("llama-4-scout-17b-16e.json", "llama4_vision_model", 165)]
        public void A_vision_tower_of_another_model_type_is_refused_at_its_line(string file, string towerType, long line)
        {
            string path = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, File.ReadAllText(Repo.ConfigPath(file)).Replace($"\"{towerType}\"", "\"dinov2\""));
            try
            {
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(path));
                Assert.Equal("UnsupportedConfigValue", e.ErrorId);
                Assert.Equal(line, e.Location.Line);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Llava_counts_every_tower_the_projector_and_the_language_model()
        {
            var cost = ModelCalculator.Cost(Definition("llava-1.5-7b-hf.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(7_063_427_072d, cost.Total.Parameters);
            Assert.Equal(7_063_427_072d, cost.Total.ActiveParameters);
            double Block(System.Func<string, bool> which) => cost.Rows.Where(r => which(r.Row.Block)).Sum(r => r.Cost.Parameters * r.Row.Count);
            Assert.Equal(303_507_456d, Block(b => b.StartsWith("vision", System.StringComparison.Ordinal)));
            Assert.Equal(20_979_712d, Block(b => b == "projector"));
        }

        [Fact]
        public void The_vision_tower_costs_one_image_of_576_patches_and_caches_nothing()
        {
            var c = Definition("llava-1.5-7b-hf.json").Transformer;
            var rows = TransformerExpander.Expand(c, 600, 1);
            Assert.Equal("1x577x1024", rows.Single(r => r.Block == "vision layers" && r.Name == "attention").Spec.InputShape);
            // The projector reads the 576 patch features (class token dropped): linear_1 MACs 576*1024*4096 = 2,415,919,104.
            Assert.Equal(2_415_919_104d, rows.Single(r => r.Name == "linear_1").Spec.Cost(CountingOptions.Default).Macs);
            // KV cache: the language model's 32 layers only, 2 x 4096 x 600 each.
            Assert.Equal(32 * 2d * 4096 * 600, ModelRows.KvCacheValues(rows, 600));
            // A decode step does not run the tower again.
            Assert.DoesNotContain(TransformerExpander.Expand(c, 1, 1, kvLength: 601), r => r.Block.StartsWith("vision", System.StringComparison.Ordinal));
        }

        private static double BlockParameters(ModelCost cost, System.Func<string, bool> which) =>
            cost.Rows.Where(r => which(r.Row.Block)).Sum(r => r.Cost.Parameters * r.Row.Count);

        private static bool IsVision(string block) => block.StartsWith("vision", System.StringComparison.Ordinal);

        // gemma3, google/gemma-3-4b-it (SOURCES.md). Derived from transformers' modeling_siglip.py, modeling_gemma3.py and
        // configuration_gemma3.py (Gemma3TextConfig's defaults fill heads 8, kv heads 4, head_dim 256, vocabulary 262,208).
        // Vision (SigLIP so400m/14 at 896, 64 x 64 = 4,096 patches, no class token, vision_use_head false):
        //   patch_embedding Conv2d(3, 1152, 14, bias): 3*14*14*1152 + 1152 = 678,528; position_embedding 4,096*1152 = 4,718,592;
        //   layer: layer_norm1 + layer_norm2 2*2*1152 = 4,608; q, k, v, out_proj 4*(1152^2 + 1152) = 5,313,024;
        //   fc1 1152*4304 + 4304 = 4,962,512; fc2 4304*1152 + 1152 = 4,959,360: 15,239,504; x27 = 411,466,608;
        //   post_layernorm 2,304. Tower: 416,866,032.
        // Projector: mm_input_projection_weight 1152*2560 = 2,949,120 (no bias), mm_soft_emb_norm 1,152 (RMSNorm weight):
        //   2,950,272; avg_pool has none.
        // Language model (D 2560, L 34, H 8 x 256, KV 4 x 256, F 10240, V 262,208, head tied): embed 262,208*2560 =
        //   671,252,480; layer: q 2560*2048 = 5,242,880, k and v 2560*1024 = 2,621,440 each, o 5,242,880, q_norm + k_norm 512,
        //   gate/up/down 3*2560*10240 = 78,643,200, four norms 10,240: 94,382,592; x34 = 3,209,008,128; final norm 2,560.
        //   3,880,263,168.
        // Total 3,880,263,168 + 416,866,032 + 2,950,272 = 4,300,079,472, transformers' parameter count of
        // Gemma3ForConditionalGeneration for google/gemma-3-4b-it (SOURCES.md).
        [Fact]
        public void Gemma3_counts_siglip_the_projector_and_the_language_model()
        {
            var cost = ModelCalculator.Cost(Definition("gemma-3-4b-it.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(4_300_079_472d, cost.Total.Parameters);
            Assert.Equal(4_300_079_472d, cost.Total.ActiveParameters);
            Assert.Equal(416_866_032d, BlockParameters(cost, IsVision));
            Assert.Equal(2_950_272d, BlockParameters(cost, b => b == "projector"));
        }

        [Fact]
        public void Gemma3_pools_4096_patches_to_256_image_tokens()
        {
            var c = Definition("gemma-3-4b-it.json").Transformer;
            Assert.Equal(4096, c.Vision.Patches);
            // mm_tokens_per_image 256: 16 per side, so a 64 / 16 = 4 x 4 average pool.
            Assert.Equal(256, c.Vision.ImageTokens);
            var rows = TransformerExpander.Expand(c, 300, 1);
            Assert.Equal("1x4096x1152", rows.Single(r => r.Block == "vision layers" && r.Name == "attention").Spec.InputShape);
            Assert.Equal("1x1152x16x16", rows.Single(r => r.Name == "avg_pool").Spec.OutputShape);
            // The patch convolution: 4,096 patches x 3*14*14 inputs x 1,152 outputs = 2,774,532,096 MACs.
            Assert.Equal(2_774_532_096d, rows.Single(r => r.Name == "patch_embedding").Spec.Cost(CountingOptions.Default).Macs);
            // The projection reads the 256 pooled tokens: 256*1152*2560 = 754,974,720 MACs.
            Assert.Equal(754_974_720d, rows.Single(r => r.Name == "mm_input_projection").Spec.Cost(CountingOptions.Default).Macs);
        }

        // qwen2_5_vl, Qwen/Qwen2.5-VL-7B-Instruct (SOURCES.md). Derived from transformers' modular_qwen2_5_vl.py
        // (Qwen2_5_VisionPatchEmbed = Qwen2-VL's PatchEmbed: Conv3d bias-free; Qwen2_5_VLVisionBlock: norm1, norm2 RMSNorm,
        // qkv and proj biased, Qwen2_5_VLMLP(bias=True); Qwen2_5_VLPatchMerger: ln_q RMSNorm, Linear 5120 -> 5120, GELU,
        // Linear 5120 -> 3584) and modeling_qwen2.py.
        // Vision: patch_embed 3*2*14*14*1280 = 1,505,280; block: norms 2*1280 = 2,560, qkv 1280*3840 + 3840 = 4,919,040,
        //   proj 1280*1280 + 1280 = 1,639,680, gate and up 1280*3420 + 3420 = 4,381,020 each, down 3420*1280 + 1280 =
        //   4,378,880: 19,702,200; x32 = 630,470,400; merger: ln_q 1,280, 5120*5120 + 5120 = 26,219,520, 5120*3584 + 3584 =
        //   18,353,664: 44,574,464. Tower and merger: 676,550,144.
        // Language model (Qwen2-7B's shape, V 152,064, head untied): embed and lm_head 152,064*3584 = 544,997,376 each;
        //   layer: q 3584^2 + 3584 = 12,848,640, k and v 3584*512 + 512 = 1,835,520 each, o 12,845,056, MLP 3*3584*18944 =
        //   203,685,888, norms 7,168: 233,057,792; x28 = 6,525,618,176; final norm 3,584. 7,615,616,512.
        // Total 8,292,166,656: transformers' parameter count and the Hub's numParameters for Qwen2.5-VL-7B-Instruct; a
        // published split gives the visual module 676,550,144 and the rest 7,615,616,512 (SOURCES.md).
        [Fact]
        public void Qwen25Vl_counts_the_vision_transformer_the_merger_and_the_language_model()
        {
            var cost = ModelCalculator.Cost(Definition("qwen2.5-vl-7b-instruct.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(8_292_166_656d, cost.Total.Parameters);
            Assert.Equal(676_550_144d, BlockParameters(cost, b => IsVision(b) || b == "projector"));
            Assert.Equal(44_574_464d, BlockParameters(cost, b => b == "projector"));
        }

        [Fact]
        public void Qwen25Vl_at_448_pixels_reads_1024_patches_and_gives_256_tokens_in_windows_of_64()
        {
            var c = Definition("qwen2.5-vl-7b-instruct.json").Transformer;
            var v = c.Vision.For(448, null);
            Assert.Equal(1024, v.Patches);   // (448 / 14)^2
            Assert.Equal(256, v.ImageTokens); // a 2 x 2 merge
            var rows = TransformerExpander.Expand(c with { Vision = v }, 400, 1);
            var attention = rows.Where(r => r.Block.StartsWith("vision layers", System.StringComparison.Ordinal) && r.Name == "attention").ToList();
            // fullatt_block_indexes 7, 15, 23, 31 see all 1,024 patches; the other 28 attend inside 112 px windows: (112/14)^2 = 64.
            Assert.Equal(4, attention.Where(r => ((AttentionSpec)r.Spec).Chunk == null).Sum(r => r.Count));
            Assert.Equal(28, attention.Where(r => ((AttentionSpec)r.Spec).Chunk == 64).Sum(r => r.Count));
            // Conv3d over 2 frames: 1,024 patches x 3*2*14*14 inputs x 1,280 outputs = 1,541,406,720 MACs.
            Assert.Equal(1_541_406_720d, rows.Single(r => r.Name == "patch_embedding").Spec.Cost(CountingOptions.Default).Macs);
            // merger.mlp.0 over the 256 merged tokens: 256*5120*5120 = 6,710,886,400 MACs.
            Assert.Equal(6_710_886_400d, rows.Single(r => r.Name == "merger.mlp.0").Spec.Cost(CountingOptions.Default).Macs);
        }

        [Fact]
        public void Qwen25Vl_reads_text_fields_nested_in_text_config_as_newer_files_write_them()
        {
            // The published file with its language-model fields moved under text_config (transformers 4.5x's save format):
            // the same model, so the same 8,292,166,656 parameters.
            string json = "{\"model_type\": \"qwen2_5_vl\", \"tie_word_embeddings\": false, \"text_config\": {\"model_type\": \"qwen2_5_vl_text\"," +
                " \"hidden_size\": 3584, \"intermediate_size\": 18944, \"num_hidden_layers\": 28, \"num_attention_heads\": 28," +
                " \"num_key_value_heads\": 4, \"vocab_size\": 152064, \"max_position_embeddings\": 128000}, \"vision_config\": {\"depth\": 32," +
                " \"hidden_act\": \"silu\", \"hidden_size\": 1280, \"intermediate_size\": 3420, \"num_heads\": 16, \"in_channels\": 3," +
                " \"out_hidden_size\": 3584, \"patch_size\": 14, \"spatial_merge_size\": 2, \"window_size\": 112," +
                " \"fullatt_block_indexes\": [7, 15, 23, 31], \"temporal_patch_size\": 2}}";
            string path = Path.Combine(Path.GetTempPath(), "psflops-qwen25vl-" + System.Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, json);
            try
            {
                var model = ModelFileLoader.Load(path);
                Assert.Equal(8_292_166_656d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void The_image_workload_scales_the_tower_and_never_the_parameters()
        {
            var model = Definition("qwen2.5-vl-7b-instruct.json");
            double VisionFlops(ModelDefinition m) => ModelCalculator.Cost(m, 512, 1, CountingOptions.Default).Rows
                .Where(r => IsVision(r.Row.Block) || r.Row.Block == "projector").Sum(r => r.Cost.Flops * r.Row.Count);
            var one = model.WithImages(448, 1);
            var two = model.WithImages(448, 2);
            var large = model.WithImages(896, 1);
            // Two images per sequence: every vision row runs over twice the images.
            Assert.Equal(2 * VisionFlops(one), VisionFlops(two), 6);
            // 896 px: 4,096 patches; the windowed layers stay at 64 keys per query, so FLOPs grow more than 4x only through
            // the 4 full-attention layers.
            Assert.True(VisionFlops(large) > 4 * VisionFlops(one));
            Assert.Equal(ModelCalculator.Cost(one, 512, 1, CountingOptions.Default).Total.Parameters,
                ModelCalculator.Cost(large, 512, 1, CountingOptions.Default).Total.Parameters);
            Assert.Equal(4096, large.Transformer.Vision.Patches);
            // A text-only model is left alone.
            var text = Definition("qwen2-7b.json");
            Assert.Same(text, text.WithImages(448, 2));
        }

        [Theory]
        [InlineData(450)]   // not a multiple of the 14 px patch
        [InlineData(434)]   // 31 patches per side: the 2 x 2 merge needs an even count
        public void An_image_size_the_tower_cannot_cut_is_an_argument_error(long size)
        {
            var model = Definition("qwen2.5-vl-7b-instruct.json").WithImages(size, 1);
            var e = Assert.Throws<FlopsArgumentException>(() => ModelCalculator.Cost(model, 16, 1, CountingOptions.Default));
            Assert.Equal("ImageSize", e.ParamName);
        }

        // llama4, meta-llama/Llama-4-Scout-17B-16E (SOURCES.md: the text_config of llama-4-scout-17b-16e-text.json with the
        // published vision_config). Derived from transformers' modeling_llama4.py:
        // Vision (Llama4VisionModel, D 1408, 34 layers, MLP 5632, 336 px tiles of 24 x 24 = 576 patches + the class token):
        //   patch_embedding.linear 3*14*14*1408 = 827,904 (no bias); class_embedding 1,408; positional_embedding_vlm
        //   577*1408 = 812,416; layernorm_pre and layernorm_post 2*2*1408 = 5,632; layer: q, k, v, o 4*(1408^2 + 1408) =
        //   7,935,488, two LayerNorms 5,632, fc1 1408*5632 + 5632 = 7,935,488, fc2 5632*1408 + 1408 = 7,931,264:
        //   23,807,872; x34 = 809,467,648. Tower 811,115,008.
        // Projector: vision_adapter fc1 5632*4096 = 23,068,672 and fc2 4096*4096 = 16,777,216, multi_modal_projector
        //   linear_1 4096*5120 = 20,971,520 (all bias-free): 60,817,408. With the tower: 871,932,416.
        // Language model: 107,769,861,120 (derived in Llama4FamilyTests). Total 108,641,793,536, the Hub's safetensors
        // parameter count for Llama-4-Scout-17B-16E-Instruct (SOURCES.md). Active: 17,172,894,720 + 871,932,416 =
        // 18,044,827,136 (every tower parameter runs on every image).
        [Fact]
        public void Llama4_counts_the_vision_model_the_adapter_the_projector_and_the_language_model()
        {
            var cost = ModelCalculator.Cost(Definition("llama-4-scout-17b-16e.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(108_641_793_536d, cost.Total.Parameters);
            Assert.Equal(18_044_827_136d, cost.Total.ActiveParameters);
            Assert.Equal(811_115_008d, BlockParameters(cost, IsVision));
            Assert.Equal(60_817_408d, BlockParameters(cost, b => b == "projector"));
        }

        [Fact]
        public void Llama4_reads_336_pixel_tiles_of_577_positions_and_gives_144_tokens_each()
        {
            var model = Definition("llama-4-scout-17b-16e.json");
            var v = model.Transformer.Vision;
            Assert.Equal(576, v.Patches);
            Assert.Equal(144, v.ImageTokens);   // a 2 x 2 pixel shuffle (ratio 0.5)
            // Five tiles (a 2 x 2 grid and the global tile): the tower runs over 5 images of 577 positions.
            var rows = TransformerExpander.Expand(model.WithImages(null, 5).Transformer, 1024, 1);
            Assert.Equal("5x577x1408", rows.Single(r => r.Block == "vision layers" && r.Name == "attention").Spec.InputShape);
            Assert.Equal("720x5632", rows.Single(r => r.Name == "vision_adapter.mlp.fc1").Spec.InputShape);
            // The position table is added as it is: another tile size is an error, never an interpolation.
            var e = Assert.Throws<FlopsArgumentException>(() => ModelCalculator.Cost(model.WithImages(672, 1), 16, 1, CountingOptions.Default));
            Assert.Equal("ImageSize", e.ParamName);
        }
    }
}
