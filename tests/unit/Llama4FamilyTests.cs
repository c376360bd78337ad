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
    /// llama4_text (Llama4TextFamily) on the text_config of Llama 4 Scout and Maverick (tests/unit/configs, SOURCES.md).
    /// Expected values derived by hand, tensor by tensor, from transformers' modeling_llama4.py: per layer q_proj D x H d_h,
    /// k_proj and v_proj D x H_kv d_h, o_proj H d_h x D (no biases), input_layernorm and post_attention_layernorm (D each),
    /// no qk-norm weights (Llama4TextL2Norm has none); Llama4TextMoe: router D x E (no bias), experts gate_up_proj
    /// [E, D, 2F] and down_proj [E, F, D] (3 D F per expert), shared_expert gate/up/down 3 D F; dense layers'
    /// Llama4TextMLP 3 D F_mlp; embed_tokens V x D, final norm D, lm_head D x V (untied).
    /// Both models: D 5120, H 40, H_kv 8, d_h 128, F 8192, F_mlp 16384, V 202048, 48 layers.
    /// </summary>
    public class Llama4FamilyTests
    {
        private const double Attention = 5120d * 5120 + 2 * 5120d * 1024 + 5120d * 5120;   // 62,914,560
        private const double LayerNorms = 2 * 5120d;
        private const double Expert = 3 * 5120d * 8192;                                   // 125,829,120 (also the shared expert)
        private const double Embeddings = 2 * 202048d * 5120 + 5120;                       // table, untied head, final norm

        private static ModelDefinition Scout => Repo.Config("llama-4-scout-17b-16e-text.json");
        private static ModelDefinition Maverick => Repo.Config("llama-4-maverick-17b-128e-text.json");

        // Scout, 16 experts, every layer MoE: per layer 62,914,560 + 10,240 + router 5120*16 = 81,920 + 16 experts
        // 2,013,265,920 + shared 125,829,120 = 2,202,101,760; x48 = 105,700,884,480; + embed 1,034,485,760 + head
        // 1,034,485,760 + norm 5,120 = 107,769,861,120.
        // Reconciled: the vision tower of the published multimodal model (vision_config: 34 layers of 1408, MLP 5632,
        // biased; class embedding 1,408, positional_embedding_vlm 812,416, patch_embedding 827,904, pre/post LayerNorms
        // 5,632, layers 34 x 23,807,872 = 809,467,648, vision_adapter fc1 23,068,672 + fc2 16,777,216, projector
        // 20,971,520: 871,932,416) brings it to 108,641,793,536, the Hub's safetensors total for
        // meta-llama/Llama-4-Scout-17B-16E-Instruct (quoted in public model-size tables; card: "109B"). Active: per layer
        // 62,914,560 + 10,240 + 81,920 + one expert + the shared one = 314,664,960; x48 + 2,068,976,640 =
        // 17,172,894,720 (card: "17B active").
        [Fact]
        public void Scout_text_counts_every_tensor_and_reconciles_with_the_published_total()
        {
            var cost = ModelCalculator.Cost(Scout, 1, 1, CountingOptions.Default);
            double layer = Attention + LayerNorms + 5120d * 16 + 16 * Expert + Expert;
            Assert.Equal(2_202_101_760d, layer);
            Assert.Equal(107_769_861_120d, 48 * layer + Embeddings);
            Assert.Equal(107_769_861_120d, cost.Total.Parameters);
            Assert.Equal(108_641_793_536d - 871_932_416d, cost.Total.Parameters);
            Assert.Equal(17_172_894_720d, cost.Total.ActiveParameters);
        }

        // Maverick, 128 experts on the odd layers (interleave_moe_layer_step 2: layer i when i mod 2 = 1), dense MLPs of
        // 16384 on the even ones. Dense layer: 62,914,560 + 10,240 + 3*5120*16384 = 251,658,240 -> 314,583,040 (x24 =
        // 7,549,992,960). MoE layer: 62,924,800 + router 655,360 + 128 experts 16,106,127,360 + shared 125,829,120 ->
        // 16,295,536,640 (x24 = 391,092,879,360). Total 400,711,848,960 with the embeddings. Reconciled: + the same
        // vision tower (871,932,416) = 401,583,781,376, the parameter count Fireworks' billing export prints for Llama 4
        // Maverick (card: "400B"). Active: 7,549,992,960 + 24 x (62,924,800 + 655,360 + 2 x 125,829,120) =
        // 7,565,721,600, + 2,068,976,640 = 17,184,691,200 (card: "17B active").
        [Fact]
        public void Maverick_text_interleaves_dense_and_moe_layers_and_reconciles_with_the_published_total()
        {
            var cost = ModelCalculator.Cost(Maverick, 1, 1, CountingOptions.Default);
            Assert.Equal(400_711_848_960d, cost.Total.Parameters);
            Assert.Equal(401_583_781_376d - 871_932_416d, cost.Total.Parameters);
            Assert.Equal(17_184_691_200d, cost.Total.ActiveParameters);
        }

        [Fact]
        public void Scout_groups_its_chunked_qk_normed_RoPE_layers_apart_from_its_global_NoPE_layers()
        {
            var c = Scout.Transformer;
            Assert.Same(HuggingFaceFamilies.ByModelType["llama4_text"].GetType(), typeof(Llama4TextFamily));
            Assert.Equal(2, c.ResolvedGroups.Count);
            var chunked = c.ResolvedGroups[0];
            var global = c.ResolvedGroups[1];
            // no_rope_layers: 0 on layers 3, 7, ..., 47 (12 NoPE layers), 1 on the other 36.
            Assert.Equal((36L, AttentionPattern.Chunked, (long?)8192, true), (chunked.Count, chunked.Attention, chunked.Span, chunked.MoE));
            Assert.Equal((12L, AttentionPattern.Full, (long?)null, true), (global.Count, global.Attention, global.Span, global.MoE));
            Assert.Equal(new[] { "layers 0-2,4-6,8-10,12-14,... chunked", "layers 3-47 every 4 full" }, c.ResolvedGroups.Select(g => g.Name));
            var rows = TransformerExpander.Expand(c, 16, 1);
            var attention = rows.Where(r => r.Name == "attention").Select(r => (AttentionSpec)r.Spec).ToList();
            Assert.Equal(new[] { QkNorm.Unweighted, QkNorm.None }, attention.Select(a => a.QkNorm));
            Assert.Equal(new long?[] { 8192, null }, attention.Select(a => a.Chunk));
        }

        [Fact]
        public void Maverick_has_three_groups_and_no_qk_norm()
        {
            var groups = Maverick.Transformer.ResolvedGroups;
            Assert.Equal(new[] { "layers 0-46 every 2 chunked dense", "layers 1-45 every 4 chunked moe", "layers 3-47 every 4 full moe" },
                groups.Select(g => g.Name));
            Assert.Equal(new[] { 24L, 12L, 12L }, groups.Select(g => g.Count));
            Assert.Equal(QkNorm.None, Maverick.Transformer.QkNorm);
        }

        // KV cache (bf16, 2 bytes a value): every layer caches 2 x 8 x 128 = 2,048 values a position (4,096 bytes); the 36
        // chunked layers keep at most one chunk of 8,192 positions, the 12 global ones the whole context. Up to 8,192
        // tokens: 48 x 4,096 = 196,608 bytes a token; past it, 12 x 4,096 = 49,152 bytes for each further token.
        // At 1,048,576 tokens: 12 x 2,048 x 1,048,576 + 36 x 2,048 x 8,192 = 26,373,783,552 values = 52,747,567,104 bytes,
        // against 48 x 2,048 x 1,048,576 x 2 = 206,158,430,208 bytes if every layer were global.
        [Fact]
        public void Scout_caches_a_chunk_on_its_chunked_layers_and_the_whole_context_on_its_global_layers()
        {
            var c = Scout.Transformer;
            double Bytes(long context) => PSFlops.Engine.Planning.KvCache.Bytes(c, context, 1, 2);
            Assert.Equal(196_608d * 4096, Bytes(4096));
            Assert.Equal(196_608d * 8192, Bytes(8192));
            Assert.Equal(196_608d * 8192 + 49_152d * 1000, Bytes(8192 + 1000));
            Assert.Equal(52_747_567_104d, Bytes(1 << 20));
        }

        // Attention FLOPs a token over a causal prefill of S = 131,072 = 16 chunks of 8,192, per layer. Projections the same
        // on both kinds: 2 x 62,914,560 = 125,829,120. Scores and values 2 x 2 x H d_h = 20,480 FLOPs a query-key pair.
        // Chunked: a query at position p sees the p mod 8192 + 1 keys of its chunk, on average (8192 + 1) / 2 = 4,096.5:
        // 20,480 x 4,096.5 = 83,896,320. Global: (S + 1) / 2 = 65,536.5 keys on average: 1,342,187,520.
        // A decode step at 1,048,576 cached positions (the new token at position 1,048,576 starts a chunk): chunked 1 key,
        // 20,480 FLOPs; global 1,048,577 keys, 21,474,856,960.
        [Fact]
        public void A_chunked_layer_attends_over_half_a_chunk_on_average_where_a_global_layer_attends_over_half_the_context()
        {
            var c = Scout.Transformer;
            var causal = new CountingOptions(Convention.Matmul, CausalMask: true);
            const long S = 131_072;
            var rows = TransformerExpander.Expand(c, S, 1);
            double PerToken(AttentionPattern p, System.Func<FlopBreakdown, double> part) => rows
                .Where(r => r.Name == "attention" && ((AttentionSpec)r.Spec).Chunk.HasValue == (p == AttentionPattern.Chunked))
                .Select(r => part(r.Spec.Cost(causal).Breakdown)).Single() / S;
            double Pairs(FlopBreakdown b) => b.AttentionScore + b.AttentionValue;
            Assert.Equal(20_480d * 4096.5, PerToken(AttentionPattern.Chunked, Pairs));
            Assert.Equal(20_480d * 65_536.5, PerToken(AttentionPattern.Full, Pairs));
            Assert.Equal(125_829_120d + 83_896_320d, PerToken(AttentionPattern.Chunked, b => b.Total));
            Assert.Equal(125_829_120d + 1_342_187_520d, PerToken(AttentionPattern.Full, b => b.Total));
            // Against a sliding window of the same 8,192: a query sees min(p + 1, 8192) keys, S w - w (w - 1) / 2 =
            // 1,073,741,824 - 33,550,336 = 1,040,191,488 pairs (7,936.03 a query, close to the whole window), where the
            // chunks score 16 x 8192 x 8193 / 2 = 536,936,448 (half a chunk a query).
            Assert.Equal(1_040_191_488d, AttentionSpec.CausalPairs(S, S, 8192));
            Assert.Equal(536_936_448d, AttentionSpec.ChunkedPairs(S, S, 8192, causal: true));

            var decode = TransformerExpander.Expand(c, 1, 1, kvLength: (1 << 20) + 1)
                .Where(r => r.Name == "attention").Select(r => Pairs(r.Spec.Cost(causal).Breakdown)).ToList();
            Assert.Equal(new[] { 20_480d, 20_480d * ((1 << 20) + 1) }, decode);
        }

        // Llama-4's router under the Full convention: a sigmoid (8) on each token's one chosen logit instead of a softmax
        // (5) over all 16: for T = 10 tokens, 5 x 10 x 16 - 8 x 10 x 1 = 720 FLOPs fewer; parameters unchanged.
        // The unweighted q/k norm: 3 per element (square, sum, scale) of T (H + H_kv) d_h = 10 x 48 x 128 = 61,440
        // elements: 184,320 FLOPs, no parameters (the weighted per-head norm has 2 x 128).
        [Fact]
        public void The_sigmoid_router_and_the_unweighted_qk_norm_cost_what_they_compute()
        {
            var softmax = new MoESpec(5120, 8192, 16, 1, 1, FfnKind.SwiGlu, ActivationKind.SiLU, false, 10);
            var sigmoid = softmax with { SigmoidRouter = true };
            var full = CountingOptions.Default;
            Assert.Equal(720d, softmax.Cost(full).Flops - sigmoid.Cost(full).Flops);
            Assert.Equal(softmax.Cost(full).Parameters, sigmoid.Cost(full).Parameters);
            Assert.Equal(softmax.Cost(new CountingOptions(Convention.Matmul)).Flops, sigmoid.Cost(new CountingOptions(Convention.Matmul)).Flops);

            var plain = AttentionSpec.Create(5120, 40, 8, 128, 1, 10, causal: true);
            var normed = plain with { QkNorm = QkNorm.Unweighted };
            Assert.Equal(184_320d, normed.Cost(full).Breakdown.Norm);
            Assert.Equal(plain.Cost(full).Parameters, normed.Cost(full).Parameters);
            Assert.Equal(2 * 128d, (plain with { QkNorm = QkNorm.PerHead }).Cost(full).Parameters - plain.Cost(full).Parameters);
        }

        private static ModelDefinition LoadText(string json)
        {
            string dir = Path.Combine(Path.GetTempPath(), "psflops-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string file = Path.Combine(dir, "config.json");
                File.WriteAllText(file, json);
                return ModelFileLoader.Load(file);
            }
            finally { Directory.Delete(dir, true); }
        }

        private static string ScoutText => File.ReadAllText(Repo.ConfigPath("llama-4-scout-17b-16e-text.json"));

        private static long LineOf(string text, string needle) => text.Substring(0, text.IndexOf(needle, System.StringComparison.Ordinal)).Count(ch => ch == '\n') + 1;

        // Llama4TextConfig's defaults are Scout's shape (configuration_llama4.py), so a config that names only its type
        // counts as Scout does (107,769,861,120 above), as transformers would build it: a llama4 text_config may write only
        // what differs.
        [Fact]
        public void A_config_that_leaves_fields_out_takes_Llama4TextConfigs_defaults()
        {
            var model = LoadText("{ \"model_type\": \"llama4_text\" }");
            Assert.Equal(107_769_861_120d, ModelCalculator.Cost(model, 1, 1, CountingOptions.Default).Total.Parameters);
            Assert.Equal(new[] { 36L, 12L }, model.Transformer.ResolvedGroups.Select(g => g.Count));
        }

        // moe_layers written as an empty list: every layer dense (transformers keeps a written list, however short). Per
        // layer 62,914,560 + 10,240 + 3 x 5120 x 16384 = 314,583,040; x48 = 15,099,985,920; + 2,068,976,640 =
        // 17,168,962,560. layer_types written: it sets each layer's attention (all full here: the cache grows on all 48
        // layers, 48 x 2,048 values a position), while the q/k norm still follows no_rope_layers.
        [Fact]
        public void Written_moe_layers_and_layer_types_override_the_patterns()
        {
            string allMoe = "[" + string.Join(", ", Enumerable.Range(0, 48)) + "]";
            Assert.Contains(allMoe, ScoutText);
            var dense = LoadText(ScoutText.Replace(allMoe, "[]"));
            Assert.Equal(17_168_962_560d, ModelCalculator.Cost(dense, 1, 1, CountingOptions.Default).Total.Parameters);

            string types = "\"layer_types\": [" + string.Join(", ", Enumerable.Repeat("\"full_attention\"", 48)) + "],\n  ";
            var global = LoadText(ScoutText.Replace("\"max_position_embeddings\"", types + "\"max_position_embeddings\""));
            var rows = TransformerExpander.Expand(global.Transformer, 1, 1, kvLength: 1 << 20);
            Assert.Equal(48 * 2048d * (1 << 20), ModelRows.KvCacheValues(rows, 1 << 20));
            Assert.Equal(new[] { QkNorm.Unweighted, QkNorm.None },
                rows.Where(r => r.Name == "attention").Select(r => ((AttentionSpec)r.Spec).QkNorm));
            // Only the norm sets the two groups apart now, so it names them.
            Assert.Equal(new[] { "layers 0-2,4-6,8-10,12-14,... qk-norm", "layers 3-47 every 4" }, global.Transformer.ResolvedGroups.Select(g => g.Name));
        }

        [Theory]
        [InlineData("\"no_rope_layers\": [1, 1, 1, 0,", "\"no_rope_layers\": [1, 1, 0,", "\"no_rope_layers\"", "lists 47 layers")]
        [InlineData("\"no_rope_layers\": [1, 1, 1, 0,", "\"no_rope_layers\": [1, 1, 2, 0,", "\"no_rope_layers\"", "is 2")]
        [InlineData("\"moe_layers\": [0,", "\"moe_layers\": [48,", "\"moe_layers\"", "outside 0..47")]
        [InlineData("\"interleave_moe_layer_step\": 1", "\"interleave_moe_layer_step\": 0", "\"interleave_moe_layer_step\"", "positive")]
        [InlineData("\"attention_chunk_size\": 8192", "\"attention_chunk_size\": null", "\"attention_chunk_size\"", "is null")]
        [InlineData("\"attention_chunk_size\": 8192", "\"attention_chunk_size\": 0", "\"attention_chunk_size\"", "positive")]
        [InlineData("\"hidden_act\": \"silu\"", "\"hidden_act\": \"mish\"", "\"hidden_act\"", "mish")]
        public void A_value_the_family_cannot_build_is_refused_at_its_line(string from, string to, string at, string says)
        {
            Assert.Contains(from, ScoutText);
            string text = ScoutText.Replace(from, to);
            var e = Assert.Throws<ModelDefinitionException>(() => LoadText(text));
            Assert.Equal("UnsupportedConfigValue", e.ErrorId);
            Assert.Contains(says, e.Reason);
            Assert.Equal(LineOf(text, at), e.Location.Line);
        }
    }
}
