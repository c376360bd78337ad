using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Every built-in model against its published parameter count, and the vision models against published MACs.</summary>
    public class ModelLibraryTests
    {
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        private static ModelCost Cost(string name, long? sequence = null) =>
            ModelCalculator.Cost(Repo.Model(name), sequence ?? Repo.Model(name).DefaultSequenceLength, 1, Matmul);

        [Theory]
        // Hugging Face model cards / safetensors totals (exact counts, tied heads counted once):
        [InlineData("gpt2", 124_439_808d)]            // openai-community/gpt2
        [InlineData("gpt2-medium", 354_823_168d)]     // openai-community/gpt2-medium
        [InlineData("gpt2-large", 774_030_080d)]      // openai-community/gpt2-large
        [InlineData("gpt2-xl", 1_557_611_200d)]       // openai-community/gpt2-xl
        [InlineData("llama-2-7b", 6_738_415_616d)]    // meta-llama/Llama-2-7b-hf
        [InlineData("llama-2-13b", 13_015_864_320d)]  // meta-llama/Llama-2-13b-hf
        [InlineData("llama-2-70b", 68_976_648_192d)]  // meta-llama/Llama-2-70b-hf
        [InlineData("llama-3.1-8b", 8_030_261_248d)]  // meta-llama/Llama-3.1-8B
        [InlineData("llama-3.1-70b", 70_553_706_496d)]   // meta-llama/Llama-3.1-70B
        [InlineData("llama-3.1-405b", 405_853_388_800d)] // meta-llama/Llama-3.1-405B
        [InlineData("mistral-7b", 7_241_732_096d)]    // mistralai/Mistral-7B-v0.1
        [InlineData("mixtral-8x7b", 46_702_792_704d)] // mistralai/Mixtral-8x7B-v0.1 (paper: 47B total)
        [InlineData("deepseek-v3", 671_026_404_352d)]       // deepseek-ai/DeepSeek-V3 main model (derivation: HuggingFaceFamilyTests)
        [InlineData("qwen3-235b-a22b", 235_093_634_560d)]   // Qwen/Qwen3-235B-A22B (derivation: HuggingFaceFamilyTests)
        [InlineData("gpt-oss-120b", 116_829_156_672d)]      // openai/gpt-oss-120b (derivation in the model file)
        [InlineData("gemma-2-27b", 27_227_128_320d)]        // google/gemma-2-27b (derivation in the model file)
        [InlineData("bert-base", 109_482_240d)]       // google-bert/bert-base-uncased BertModel with pooler (paper: 110M)
        [InlineData("bert-large", 335_141_888d)]      // google-bert/bert-large-uncased BertModel with pooler (paper: 340M)
        [InlineData("mamba-130m", 129_135_360d)]      // state-spaces/mamba-130m-hf safetensors F32 total (derivation: StateSpaceFamilyTests)
        [InlineData("t5-v1_1-base", 247_577_856d)]    // google/t5-v1_1-base, model card 248M (derivation: EncoderDecoderFamilyTests)
        // torchvision weights meta "num_params":
        [InlineData("resnet-18", 11_689_512d)]
        [InlineData("resnet-50", 25_557_032d)]
        [InlineData("vit-b-16", 86_567_656d)]
        [InlineData("vit-l-16", 304_326_632d)]
        // torchvision weights meta "num_params" (torchvision/models/<family>.py, IMAGENET1K_V1):
        [InlineData("efficientnet-b0", 5_288_548d)]   // EfficientNet_B0_Weights
        [InlineData("densenet-121", 7_978_856d)]      // DenseNet121_Weights
        [InlineData("squeezenet-1.0", 1_248_424d)]    // SqueezeNet1_0_Weights
        [InlineData("regnety-400mf", 4_344_144d)]     // RegNet_Y_400MF_Weights
        [InlineData("convnext-t", 28_589_128d)]       // ConvNeXt_Tiny_Weights
        [InlineData("swin-t", 28_288_354d)]           // Swin_T_Weights
        public void Parameters_match_the_published_count(string model, double published)
        {
            Assert.Equal(published, Cost(model).Total.Parameters);
        }

        [Fact]
        public void Gpt3_matches_table_2_1_within_its_rounding()
        {
            // Brown et al. 2020, Table D.1: 174,600M parameters; our count keeps every bias and norm.
            Assert.InRange(Cost("gpt-3-175b").Total.Parameters / 174.6e9, 0.9995, 1.0005);
        }

        [Theory]
        // Active per token; derivations beside each figure in HuggingFaceFamilyTests and the model files.
        [InlineData("deepseek-v3", 37_552_282_624d)]
        [InlineData("qwen3-235b-a22b", 22_190_763_520d)]
        [InlineData("gpt-oss-120b", 5_711_982_912d)]
        public void New_moe_models_active_parameters(string model, double active)
        {
            Assert.Equal(active, Cost(model).Total.ActiveParameters);
        }

        [Fact]
        public void Built_in_models_match_their_hugging_face_configs_row_for_row()
        {
            // The YAML form and the config.json reader must build the same model: same rows, same costs.
            var yaml = ModelCalculator.Cost(Repo.Model("deepseek-v3"), 64, 1, CountingOptions.Default);
            var json = ModelCalculator.Cost(Repo.Config("deepseek-v3.json"), 64, 1, CountingOptions.Default);
            Assert.Equal(json.Rows.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost)), yaml.Rows.Select(r => (r.Row.Block, r.Row.Name, r.Row.Count, r.Cost)));
            Assert.Equal(json.Beside, yaml.Beside);
        }

        [Fact]
        public void Mixtral_active_parameters_match_the_model_card()
        {
            // Mistral AI: "12.9B active parameters" per token (2 of 8 experts); exact 12,879,925,248 with the router.
            Assert.Equal(12_879_925_248d, Cost("mixtral-8x7b").Total.ActiveParameters);
        }

        [Theory]
        // torchvision model docs print "GFLOPS" from fvcore-style counting, which counts multiply-accumulates
        // of convolutions, linear layers and attention matmuls at 224x224: resnet18 1.81, resnet50 4.09,
        // vit_b_16 17.56, vit_l_16 61.55 (torchvision/models/*.py weights meta "_ops").
        [InlineData("resnet-18", 1.81e9)]
        [InlineData("resnet-50", 4.09e9)]
        [InlineData("vit-b-16", 17.56e9)]
        [InlineData("vit-l-16", 61.55e9)]
        public void Vision_models_macs_match_torchvision_within_1_percent(string model, double gmacs)
        {
            double macs = Cost(model).Total.Macs;
            Assert.InRange(macs / gmacs, 0.99, 1.01);
            Assert.Equal(gmacs / 1e7, System.Math.Round(macs / 1e7));  // and to the printed two decimals
        }

        [Theory]
        // torchvision weights meta "_ops" (the docs table's "GFLOPS" column; 3 decimals in the meta): giga
        // multiply-accumulates at 224x224, from the torch_dispatch counter of pytorch/vision PR #6936 (after Chillee's),
        // which counts matrix multiplies and convolutions; our MACs count exactly those (no bias adds, norms,
        // activations, pools, softmax, relative position bias or layer scale).
        [InlineData("efficientnet-b0", 0.386)]   // EfficientNet_B0_Weights.IMAGENET1K_V1
        [InlineData("densenet-121", 2.834)]      // DenseNet121_Weights.IMAGENET1K_V1
        [InlineData("squeezenet-1.0", 0.819)]    // SqueezeNet1_0_Weights.IMAGENET1K_V1
        [InlineData("regnety-400mf", 0.402)]     // RegNet_Y_400MF_Weights.IMAGENET1K_V1
        [InlineData("convnext-t", 4.456)]        // ConvNeXt_Tiny_Weights.IMAGENET1K_V1
        [InlineData("swin-t", 4.491)]            // Swin_T_Weights.IMAGENET1K_V1
        public void Graph_form_models_macs_match_torchvision_to_the_printed_digits(string model, double gmacs)
        {
            Assert.Equal(gmacs, System.Math.Round(Cost(model).Total.Macs / 1e9, 3));
        }

        [Fact]
        public void Convnext_t_and_swin_t_macs_match_a_hand_count()
        {
            // ConvNeXt-T, per block at N positions and C channels: depthwise 7x7 49 N C + two linears 8 N C^2.
            // Stages (N, C, blocks): (3136, 96, 3) 737,888,256; (784, 192, 3) 715,760,640; (196, 384, 9) 2,114,090,496;
            // (49, 768, 3) 699,164,928. Stem 3136 x 96 x 48 = 14,450,688; downsamples 3 x 57,802,752 (each N' 2C x 4C);
            // head 768,000. Total 4,455,531,264.
            Assert.Equal(4_455_531_264d, Cost("convnext-t").Total.Macs);
            // Swin-T, per block: qkv, proj and MLP 12 N C^2, scores and scores x V in 7x7 windows 2 x 49 N C.
            // Stages: 2 x 376,320,000 + 2 x 361,568,256 + 6 x 354,192,384 + 2 x 350,504,448 = 4,301,939,712;
            // patch embedding 14,450,688, patch merging 3 x 57,802,752, head 768,000. Total 4,490,566,656.
            Assert.Equal(4_490_566_656d, Cost("swin-t").Total.Macs);
        }

        [Fact]
        public void Gpt3_training_compute_for_300B_tokens_is_close_to_3_14e23()
        {
            // Brown et al. 2020, Table D.1: 3.14e23 FLOPs = 6 x 174.6e9 parameters x 300e9 tokens.
            // Our exact count per token (Matmul, S = 2048) adds attention scores (3 x 4 L S d = 2.9e10) and
            // the LM head (3 x 2 d V = 3.7e9) but has no embedding-lookup FLOPs (6 x 0.64e9 = 3.8e9 counted by 6N):
            // 6 x 173.9e9 (non-embedding) + 2.90e10 + 3.71e9 = 1.0762e12 per token, so 3.229e23 in all: 1.028 x 3.14e23.
            var cost = Cost("gpt-3-175b", 2048);
            double training = Passes.Training(cost.Total.Flops) / cost.Tokens * 300e9;
            Assert.InRange(training / 3.14e23, 1.025, 1.031);
        }

        [Fact]
        public void Every_built_in_model_loads_and_counts_without_nan_or_infinity()
        {
            foreach (var file in System.IO.Directory.GetFiles(System.IO.Path.Combine(Repo.Root, "module", "models"), "*.yaml"))
            {
                var model = Engine.Models.ModelCalculator.Cost(PSFlops.Loading.ModelFileLoader.Load(file), 4096, 8, CountingOptions.Default);
                Assert.True(model.Total.Flops > 0 && !double.IsInfinity(model.Total.Flops), file);
                Assert.All(model.Rows, r => Assert.False(double.IsNaN(r.Cost.Flops)));
            }
        }

        [Theory]
        [InlineData("llama-3.1-8b", 4096L, 7L)]
        [InlineData("mixtral-8x7b", 1000L, 3L)]
        [InlineData("resnet-50", 1L, 32L)]
        public void Scaling_a_batch_1_count_equals_counting_the_batch(string name, long sequence, long batch)
        {
            // Every formula has the batch as a factor, so Get-ModelFlops scales one batch-1 count through a sweep.
            var model = Repo.Model(name);
            var direct = ModelCalculator.Cost(model, sequence, batch, CountingOptions.Default).Totals();
            var scaled = ModelCalculator.Cost(model, sequence, 1, CountingOptions.Default).Totals().ForBatch(batch);
            Assert.Equal(direct.ForwardFlops, scaled.ForwardFlops);
            Assert.Equal(direct.Macs, scaled.Macs);
            Assert.Equal(direct.HardwareFlops(Recompute.Selective), scaled.HardwareFlops(Recompute.Selective));
            Assert.Equal((direct.Parameters, direct.Tokens), (scaled.Parameters, scaled.Tokens));
        }

        [Fact]
        public void Largest_model_over_1e14_tokens_stays_finite_and_exact()
        {
            // 405B at S = 10^7 and a batch of 10^7 sequences: 1e14 tokens.
            var cost = ModelCalculator.Cost(Repo.Model("llama-3.1-405b"), 10_000_000, 10_000_000, Matmul);
            double flops = Passes.Training(cost.Total.Flops);
            // By hand (Matmul, no mask; L 126, D 16384, 128 heads of 128, 8 kv heads, F 53248 SwiGLU, V 128256), per token:
        // projections 2 x 16384 x (16384 + 1024 + 1024 + 16384) = 1,140,850,688; scores and scores x V 4 x 128 x 10^7 x 128
        // = 655,360,000,000; FFN 6 x 16384 x 53248 = 5,234,491,392; x 126 layers = 83,378,653,102,080; LM head
        // 2 x 16384 x 128256 = 4,202,692,608. Training 3 x 83,382,855,794,688 per token, x 10^14 tokens = 2.50148567384064e28.
            Assert.Equal(1, flops / 2.50148567384064e28, 14);
            // Linear in batch: the same figure from one sequence times 1e7, to 1e-12.
            var one = ModelCalculator.Cost(Repo.Model("llama-3.1-405b"), 10_000_000, 1, Matmul);
            Assert.Equal(1, flops / (Passes.Training(one.Total.Flops) * 1e7), 12);
        }
    }
}
