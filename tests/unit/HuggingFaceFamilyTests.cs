using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// One published config.json per Hugging Face family (tests/unit/configs, sources in SOURCES.md): the parameter
    /// count as transformers builds the model (sum of model.parameters(), buffers excluded), and the active count for
    /// MoE. Every expected value is derived below by hand, tensor by tensor, from transformers' modeling_&lt;family&gt;.py,
    /// then reconciled with the model card's published total. Notation: D hidden, L layers, H heads, K kv heads,
    /// d head dim, F intermediate, V vocab, E experts, k top-k.
    /// </summary>
    public class HuggingFaceFamilyTests
    {
        internal static ModelCost Load(string file) =>
            ModelCalculator.Cost(Repo.Config(file), 1, 1, CountingOptions.Default);

        [Theory]
        // llama, Llama-3.1-8B: D 4096, L 32, H 32, K 8, d 128, F 14336, V 128256, untied.
        // Layer: q 4096*4096 = 16,777,216; k, v 4096*1024 = 4,194,304 each; o 16,777,216 (attention 41,943,040);
        // MLP 3*4096*14336 = 176,160,768; 2 RMSNorms 8,192: 218,112,000; x32 = 6,979,584,000.
        // Embedding and lm_head 128256*4096 = 525,336,576 each; final norm 4,096. Total 8,030,261,248 (card: 8.03B).
        [InlineData("llama-3.1-8b.json", 8_030_261_248d)]
        // mistral, Mistral-7B-v0.1: Llama-3.1-8B's layer (218,112,000) x32 = 6,979,584,000, V 32000:
        // 2*32000*4096 = 262,144,000, norm 4,096. Total 7,241,732,096 (card: 7.24B).
        [InlineData("mistral-7b-v0.1.json", 7_241_732_096d)]
        // phi3, Phi-3-mini-4k: D 3072, L 32, H = K = 32, F 8192, V 32064. Layer: qkv_proj 3072*9216 = 28,311,552,
        // o_proj 3072*3072 = 9,437,184, gate_up_proj 3072*16384 = 50,331,648, down_proj 8192*3072 = 25,165,824,
        // norms 6,144: 113,252,352; x32 = 3,624,075,264; embed + lm_head 2*32064*3072 = 197,001,216; norm 3,072.
        // Total 3,821,079,552 (card: 3.8B).
        [InlineData("phi-3-mini-4k-instruct.json", 3_821_079_552d)]
        // qwen2, Qwen2-7B: D 3584, L 28, H 28, K 4, d 128, F 18944, V 152064, q/k/v biases.
        // Layer: q 3584*3584 + 3584 = 12,848,640; k, v 3584*512 + 512 = 1,835,520 each; o 12,845,056;
        // MLP 3*3584*18944 = 203,685,888; norms 7,168: 233,057,792; x28 = 6,525,618,176.
        // embed + lm_head 2*152064*3584 = 1,089,994,752; norm 3,584. Total 7,615,616,512 (card: 7.6B; safetensors 7.62B).
        [InlineData("qwen2-7b.json", 7_615_616_512d)]
        // qwen3, Qwen3-8B: D 4096, L 36, H 32, K 8, d 128, F 12288, V 151936. Layer: attention 41,943,040 (as
        // Llama-3.1-8B), q_norm + k_norm 2*128 = 256, MLP 3*4096*12288 = 150,994,944, norms 8,192: 192,946,432;
        // x36 = 6,946,071,552; embed + lm_head 2*151936*4096 = 1,244,659,712; norm 4,096. Total 8,190,735,360 (card: 8.2B).
        [InlineData("qwen3-8b.json", 8_190_735_360d)]
        // olmo2, OLMo-2-1124-7B: D 4096, L 32, H = K = 32, F 11008, V 100352. Layer: attention 4*4096^2 = 67,108,864,
        // q_norm RMSNorm(32*128) + k_norm RMSNorm(32*128) = 8,192, MLP 3*4096*11008 = 135,266,304, two norms 8,192:
        // 202,391,552; x32 = 6,476,529,664; embed + lm_head 2*100352*4096 = 822,083,584; norm 4,096.
        // Total 7,298,617,344 (card: 7.3B).
        [InlineData("olmo-2-1124-7b.json", 7_298_617_344d)]
        // granite, Granite-3.0-8B: D 4096, L 40, H 32, K 8, F 12800, V 49155, tied. Layer: attention 41,943,040,
        // MLP 3*4096*12800 = 157,286,400, norms 8,192: 199,237,632; x40 = 7,969,505,280; embedding 49155*4096 =
        // 201,338,880 (the head shares it); norm 4,096. Total 8,170,848,256 (card: 8.1B; safetensors 8.17B).
        [InlineData("granite-3.0-8b-base.json", 8_170_848_256d)]
        // cohere, Command-R v01: D 8192, L 40, H = K = 64, F 22528, V 256000, tied, one bias-free LayerNorm per layer.
        // Layer: attention 4*8192^2 = 268,435,456, MLP 3*8192*22528 = 553,648,128, input_layernorm 8,192: 822,091,776;
        // x40 = 32,883,671,040; embedding 256000*8192 = 2,097,152,000; final norm 8,192. Total 34,980,831,232 (card: 35B).
        [InlineData("c4ai-command-r-v01.json", 34_980_831_232d)]
        // gemma, Gemma-7B: D 3072, L 28, H = K = 16, d 256, F 24576, V 256000, tied. Layer: q, k, v, o 3072*4096 =
        // 12,582,912 each (50,331,648), MLP 3*3072*24576 = 226,492,416, norms 6,144: 276,830,208; x28 = 7,751,245,824;
        // embedding 256000*3072 = 786,432,000; norm 3,072. Total 8,537,680,896 (card: 8.54B).
        [InlineData("gemma-7b.json", 8_537_680_896d)]
        // gemma2, Gemma-2-9B: D 3584, L 42, H 16, K 8, d 256, F 14336, V 256000, tied, four norms. Layer: q, o
        // 3584*4096 = 14,680,064 each, k, v 3584*2048 = 7,340,032 each, MLP 3*3584*14336 = 154,140,672, 4 norms
        // 14,336: 198,195,200; x42 = 8,324,198,400; embedding 917,504,000; norm 3,584. Total 9,241,705,984 (card: 9.24B).
        [InlineData("gemma-2-9b.json", 9_241_705_984d)]
        // gemma3_text, Gemma-3-1B: D 1152, L 26, H 4, K 1, d 256, F 6912, V 262144, tied. Layer: q, o 1152*1024 =
        // 1,179,648 each, k, v 1152*256 = 294,912 each, q_norm + k_norm 512, MLP 3*1152*6912 = 23,887,872, 4 norms
        // 4,608: 26,842,112; x26 = 697,894,912; embedding 301,989,888; norm 1,152. Total 999,885,952 (card: 1B).
        [InlineData("gemma-3-1b-pt.json", 999_885_952d)]
        // starcoder2, StarCoder2-3B: D 3072, L 30, H 24, K 2, d 128, F 12288, V 49152, biases, LayerNorm, tied.
        // Layer: q, o 3072*3072 + 3072 = 9,440,256 each; k, v 3072*256 + 256 = 786,688 each; c_fc 3072*12288 + 12288
        // = 37,761,024, c_proj 12288*3072 + 3072 = 37,751,808; 2 LayerNorms 12,288: 95,979,008; x30 = 2,879,370,240;
        // embedding 49152*3072 = 150,994,944; final LayerNorm 6,144. Total 3,030,371,328 (card: 3B; safetensors 3.03B).
        [InlineData("starcoder2-3b.json", 3_030_371_328d)]
        // gpt_neox, Pythia-160M: D 768, L 12, F 3072, V 50304, biases, untied. Layer: query_key_value 768*2304 + 2304 =
        // 1,771,776, dense 768*768 + 768 = 590,592, dense_h_to_4h 768*3072 + 3072 = 2,362,368, dense_4h_to_h
        // 3072*768 + 768 = 2,360,064, 2 LayerNorms 3,072: 7,087,872; x12 = 85,054,464; embed_in, embed_out
        // 50304*768 = 38,633,472 each; final LayerNorm 1,536. Total 162,322,944 (Pythia's table: 162,322,944).
        [InlineData("pythia-160m.json", 162_322_944d)]
        // falcon, Falcon-7B: D 4544, L 32, H 71 (d 64), multi-query, no biases, parallel block, tied, V 65024.
        // Layer: query_key_value 4544*(71 + 2)*64 = 21,229,568, dense 4544^2 = 20,647,936, MLP 2*4544*18176 =
        // 165,183,488, input_layernorm 9,088: 207,070,080; x32 = 6,626,242,560; embedding 295,469,056; ln_f 9,088.
        // Total 6,921,720,704 (card: 7B; safetensors 6.92B).
        [InlineData("falcon-7b.json", 6_921_720_704d)]
        // gpt2: D 768, L 12, V 50257, 1024 positions, biases, tied. Layer: c_attn 768*2304 + 2304, c_proj 768*768 + 768,
        // c_fc 768*3072 + 3072, c_proj 3072*768 + 768, 2 LayerNorms 3,072: 7,087,872; x12 = 85,054,464;
        // wte 38,597,376, wpe 786,432, ln_f 1,536. Total 124,439,808 (the published GPT-2 small count).
        [InlineData("gpt2.json", 124_439_808d)]
        // bert, BERT-base-uncased (BertModel): 12 layers of 7,087,872 = 85,054,464; word 30522*768 = 23,440,896,
        // position 393,216, token type 1,536, embedding LayerNorm 1,536, pooler 768*768 + 768 = 590,592.
        // Total 109,482,240 (the published 110M).
        [InlineData("bert-base-uncased.json", 109_482_240d)]
        public void Dense_family_parameters_match_transformers(string file, double parameters)
        {
            var cost = Load(file);
            Assert.Equal(parameters, cost.Total.Parameters);
            Assert.Equal(parameters, cost.Total.ActiveParameters);
        }

        [Theory]
        // mixtral, Mixtral-8x7B: Mistral's attention 41,943,040; router 8*4096 = 32,768; 8 experts of
        // 3*4096*14336 = 176,160,768 (1,409,286,144); norms 8,192: 1,451,270,144 per layer; x32 = 46,440,644,608;
        // embed + head 262,144,000, norm 4,096. Total 46,702,792,704 (card: 46.7B). Active: 2 experts:
        // 41,943,040 + 32,768 + 352,321,536 + 8,192 = 394,305,536; x32 + 262,148,096 = 12,879,925,248 (card: 12.9B).
        [InlineData("mixtral-8x7b-v0.1.json", 46_702_792_704d, 12_879_925_248d)]
        // qwen2_moe, Qwen1.5-MoE-A2.7B: D 2048, L 24, H = K = 16, V 151936. Layer: q, k, v 2048*2048 + 2048 = 4,196,352
        // each, o 4,194,304 (16,783,360); gate 60*2048 = 122,880; 60 experts 3*2048*1408 = 8,650,752 each
        // (519,045,120); shared_expert 3*2048*5632 = 34,603,008; shared_expert_gate 2,048; norms 4,096:
        // 570,560,512; x24 = 13,693,452,288; embed + head 622,329,856; norm 2,048. Total 14,315,784,192 (card: 14.3B).
        // Active: 4 routed + shared: 16,783,360 + 122,880 + 34,603,008 + 34,603,008 + 2,048 + 4,096 = 86,118,400;
        // x24 + 622,331,904 = 2,689,173,504 (card: 2.7B activated).
        [InlineData("qwen1.5-moe-a2.7b.json", 14_315_784_192d, 2_689_173_504d)]
        // qwen3_moe, Qwen3-235B-A22B: D 4096, L 94, H 64, K 4, d 128, E 128, k 8, expert F 1536, V 151936.
        // Layer: q, o 4096*8192 = 33,554,432 each, k, v 4096*512 = 2,097,152 each (71,303,168); q/k norms 256;
        // gate 128*4096 = 524,288; experts 128*3*4096*1536 = 2,415,919,104; norms 8,192: 2,487,755,008;
        // x94 = 233,848,970,752; embed + head 1,244,659,712; norm 4,096. Total 235,093,634,560 (card: 235B).
        // Active: 8 experts 150,994,944: 222,830,848 per layer; x94 + 1,244,663,808 = 22,190,763,520 (card: 22B).
        [InlineData("qwen3-235b-a22b.json", 235_093_634_560d, 22_190_763_520d)]
        // gpt_oss, gpt-oss-20b: D 2880, L 24, H 64, K 8, d 64, E 32, k 4, F 2880, V 201088, biases, sinks.
        // Layer: q 2880*4096 + 4096 = 11,800,576; k, v 2880*512 + 512 = 1,475,072 each; o 4096*2880 + 2880 =
        // 11,799,360; sinks 64 (attention 26,550,144); router 2880*32 + 32 = 92,192; per expert gate_up 2880*5760 +
        // 5760 and down 2880*2880 + 2880 = 24,891,840 (32: 796,538,880); norms 5,760: 823,186,976; x24 =
        // 19,756,487,424; embed + unembedding 2*201088*2880 = 1,158,266,880; norm 2,880. Total 20,914,757,184
        // (card: 21B, 20.9B). Active: 4 experts 99,567,360: 126,215,456 per layer; x24 + 1,158,269,760 =
        // 4,187,440,704; the card's 3.6B active leaves out the embedding (4,187,440,704 - 579,133,440 = 3.61B).
        [InlineData("gpt-oss-20b.json", 20_914_757_184d, 4_187_440_704d)]
        // deepseek_v2, DeepSeek-V2-Lite: D 2048, L 27, H 16, no q LoRA, kv_lora 512, nope 128, rope 64, v 128,
        // F 10944, 1 dense layer, E 64, k 6, 2 shared, expert F 1408, V 102400. MLA: q_proj 2048*16*192 = 6,291,456,
        // kv_a 2048*576 = 1,179,648, kv_a_norm 512, kv_b 512*16*256 = 2,097,152, o 2048*2048 = 4,194,304 (13,763,072).
        // Dense layer: + MLP 3*2048*10944 = 67,239,936 + norms 4,096 = 81,007,104. MoE layer: gate 64*2048 = 131,072,
        // experts 64*8,650,752 = 553,648,128, shared 3*2048*2816 = 17,301,504: 584,847,872; x26 = 15,206,044,672.
        // embed + head 419,430,400; norm 2,048. Total 15,706,484,224 (card: 15.7B). Active: 6 experts 51,904,512:
        // 83,104,256 per MoE layer; x26 + 81,007,104 + 419,432,448 = 2,661,150,208; the card's 2.4B leaves out the
        // embedding (2,661,150,208 - 209,715,200 = 2.45B).
        [InlineData("deepseek-v2-lite.json", 15_706_484_224d, 2_661_150_208d)]
        // kimi_k2, Kimi-K2-Instruct (DeepseekV3 code): D 7168, L 61, H 64, q_lora 1536, kv_lora 512, 1 dense layer,
        // E 384, k 8, 1 shared, expert F 2048, V 163840. MLA: q_a 7168*1536 = 11,010,048, q_a_norm 1,536, q_b
        // 1536*64*192 = 18,874,368, kv_a 7168*576 = 4,128,768, kv_a_norm 512, kv_b 512*64*256 = 8,388,608, o
        // 8192*7168 = 58,720,256 (101,124,096); norms 14,336. Dense layer + MLP 3*7168*18432 = 396,361,728:
        // 497,500,160. MoE layer: router 384*7168 = 2,752,512, experts 384*44,040,192 = 16,911,433,728, shared
        // 44,040,192: 17,059,364,864; x60 = 1,023,561,891,840. embed + head 2*163840*7168 = 2,348,810,240; norm 7,168.
        // Total 1,026,408,209,408 (card: 1T; 1.03T). Active: 9 experts' worth 396,361,728: 500,252,672 per MoE layer;
        // x60 + 497,500,160 + 2,348,817,408 = 32,861,477,888 (card: 32B activated).
        [InlineData("kimi-k2-instruct.json", 1_026_408_209_408d, 32_861_477_888d)]
        public void MoE_family_parameters_and_active_parameters_match_transformers(string file, double parameters, double active)
        {
            var cost = Load(file);
            Assert.Equal(parameters, cost.Total.Parameters);
            Assert.Equal(active, cost.Total.ActiveParameters);
        }

        /// <summary>
        /// deepseek_v3, DeepSeek-V3: D 7168, L 61, H 128, q_lora 1536, kv_lora 512, nope 128, rope 64, v 128, F 18432,
        /// 3 dense layers, E 256, k 8, 1 shared, expert F 2048, V 129280, 1 MTP module.
        /// MLA: q_a 11,010,048, q_a_norm 1,536, q_b 1536*128*192 = 37,748,736, kv_a 4,128,768, kv_a_norm 512, kv_b
        /// 512*128*256 = 16,777,216, o 16384*7168 = 117,440,512 (187,107,328); norms 14,336.
        /// Dense layer: + 396,361,728 = 583,483,392; x3 = 1,750,450,176.
        /// MoE layer: router 256*7168 = 1,835,008 (e_score_correction_bias is a buffer), experts 256*44,040,192 =
        /// 11,274,289,152, shared 44,040,192: 11,507,286,016; x58 = 667,422,588,928.
        /// embed + head 2*129280*7168 = 1,853,358,080; norm 7,168. Main model 671,026,404,352 (card: 671B).
        /// Active: 9 experts' worth 396,361,728: 585,318,400 per MoE layer; x58 + 1,750,450,176 + 1,853,365,248 =
        /// 37,552,282,624 (card: 37B activated).
        /// MTP module (model.layers.61 in the checkpoint): embedding copy 926,679,040, enorm and hnorm 14,336,
        /// eh_proj 14336*7168 = 102,760,448, one MoE layer 11,507,286,016, shared_head norm 7,168 and head
        /// 926,679,040: 13,463,426,048. Main + MTP = 684,489,830,400: the card's 685B ("671B main model weights and
        /// 14B MTP module weights"); the safetensors total is a little higher again by the FP8 weight_scale_inv
        /// blocks (one fp32 per 128x128 block) and the e_score_correction_bias buffers (59 x 256).
        /// </summary>
        [Fact]
        public void The_help_and_the_about_topic_name_every_model_type_the_reader_supports()
        {
            // Both documents list the families by hand; a family added without them would be undocumented. The help's
            // -Path text also says how many there are.
            string help = File.ReadAllText(Path.Combine(Repo.Root, "docs", "help", "PSFlops.help.psd1"));
            string about = File.ReadAllText(Path.Combine(Repo.Root, "module", "en-US", "about_PSFlops_Models.help.txt"));
            var types = HuggingFaceConfigReader.SupportedModelTypes;
            Assert.Contains($"one of {types.Count} model types ({string.Join(", ", types)};", help);
            foreach (string type in types)
                Assert.Matches($@"(?<![a-z0-9_]){type}(?![a-z0-9_])", about);
        }

        [Fact]
        public void DeepSeek_v3_main_model_active_and_mtp_module_apart()
        {
            var cost = Load("deepseek-v3.json");
            Assert.Equal(671_026_404_352d, cost.Total.Parameters);
            Assert.Equal(37_552_282_624d, cost.Total.ActiveParameters);
            Assert.Equal(13_463_426_048d, cost.Beside.Parameters);
            var blocks = cost.Rows.Select(r => r.Row.Block).Distinct().ToList();
            Assert.Equal(new[] { "embeddings", "layers 0-2 dense", "layers 3-60 moe", "head", "mtp" }, blocks);
            Assert.Equal(3, cost.Rows.First(r => r.Row.Block == "layers 0-2 dense").Row.Count);
            Assert.Equal(58, cost.Rows.First(r => r.Row.Block == "layers 3-60 moe").Row.Count);
        }

        [Fact]
        public void Unsupported_model_type_lists_families_and_points_at_the_yaml_form()
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "config.json");
            try
            {
                File.WriteAllText(file, "{\n  \"model_type\": \"rwkv\"\n}");
                var e = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal("UnsupportedModelType", e.ErrorId);
                Assert.Equal((2L, 17L), (e.Location.Line, e.Location.Column));
                Assert.Contains("deepseek_v3", e.Reason);
                Assert.Contains("YAML", e.Reason);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void A_local_folder_in_name_or_path_does_not_name_the_model()
        {
            // Published configs saved from a local folder (SOURCES.md): Falcon-Mamba's "./", Mamba-Codestral's
            // "/raid/pablo/codestral-hf-good/", mT5-base's "/home/patrick/hugging_face/t5/mt5-base". The folder the
            // config.json sits in names the model instead; a Hub id ("openai/whisper-large-v3") still names it.
            string root = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            string dir = Path.Combine(root, "Mamba-Codestral-7B-v0.1");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "config.json");
            try
            {
                foreach (string published in new[] { "falcon-mamba-7b.json", "mamba-codestral-7b-v0.1.json", "mt5-base.json" })
                {
                    File.Copy(Repo.ConfigPath(published), file, overwrite: true);
                    Assert.Equal("Mamba-Codestral-7B-v0.1", ModelFileLoader.Load(file).Name);
                }
                Assert.Equal("openai/whisper-large-v3", Repo.Config("whisper-large-v3.json").Name);
                // A config under another file name is named by that name, not by the folder it sits in.
                Assert.Equal("falcon-mamba-7b", Repo.Config("falcon-mamba-7b.json").Name);
            }
            finally { Directory.Delete(root, true); }
        }

        [Fact]
        public void A_value_a_family_cannot_model_is_refused_at_its_place()
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "config.json");
            try
            {
                string text = File.ReadAllText(Repo.ConfigPath("deepseek-v3.json"));
                File.WriteAllText(file, text.Replace("\"moe_layer_freq\": 1", "\"moe_layer_freq\": 2"));
                var freq = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal("UnsupportedConfigValue", freq.ErrorId);
                Assert.Equal(18L, freq.Location.Line); // the line of "moe_layer_freq" in deepseek-v3.json

                text = File.ReadAllText(Repo.ConfigPath("gpt-oss-20b.json"));
                File.WriteAllText(file, text.Replace("\"sliding_attention\",\n    \"full_attention\",\n    \"sliding", "\"linear_attention\",\n    \"full_attention\",\n    \"sliding"));
                var layer = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal("UnsupportedConfigValue", layer.ErrorId);
                Assert.Contains("linear_attention", layer.Reason);
                Assert.Equal(16L, layer.Location.Line);

                text = File.ReadAllText(Repo.ConfigPath("gemma-7b.json"));
                File.WriteAllText(file, text.Replace("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"mish\""));
                var act = Assert.Throws<ModelDefinitionException>(() => ModelFileLoader.Load(file));
                Assert.Equal(("UnsupportedConfigValue", 8L), (act.ErrorId, act.Location.Line));
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
