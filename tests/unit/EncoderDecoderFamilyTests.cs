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
    /// Encoder-decoders from their published config.json (tests/unit/configs, sources in SOURCES.md). Counts derived by
    /// hand from transformers' modeling_t5.py (T5Attention q, k, v, o bias-free of H d_kv; relative_attention_bias
    /// Embedding(buckets, H) in layer 0 of each stack; T5LayerNorm weight only; T5DenseGatedActDense wi_0, wi_1, wo),
    /// modeling_bart.py (BartLearnedPositionalEmbedding of max_position_embeddings + 2; layernorm_embedding; biases
    /// everywhere; final_logits_bias a buffer) and modeling_whisper.py (conv1, conv2; embed_positions in both stacks;
    /// k_proj without bias; proj_out tied), reconciled with the model card's total.
    /// </summary>
    public class EncoderDecoderFamilyTests
    {
        private static ModelDefinition Definition(string file) =>
            Repo.Config(file);

        [Theory]
        // t5, google/t5-v1_1-base: D 768, H 12, d_kv 64, F 2048 gated-gelu, 12 + 12 layers, V 32128, untied.
        // Encoder layer: attention 4*768*768 = 2,359,296, FFN 3*768*2048 = 4,718,592, 2 norms 1,536: 7,079,424; x12 =
        // 84,953,088, + relative bias 32*12 = 384, + final norm 768: 84,954,240. Decoder layer: self and cross attention
        // 4,718,592, FFN 4,718,592, 3 norms 2,304: 9,439,488; x12 = 113,273,856, + 384 + 768: 113,275,008. shared and
        // lm_head 32128*768 = 24,674,304 each. Total 247,577,856 (model card / safetensors: 248M).
        [InlineData("t5-v1_1-base.json", 247_577_856d)]
        // mt5, google/mt5-base: t5-v1_1-base's stacks (198,229,248) with V 250112: 2*250112*768 = 384,172,032.
        // Total 582,401,280 (model card: 580M; safetensors 582M).
        [InlineData("mt5-base.json", 582_401_280d)]
        // bart, facebook/bart-large: D 1024, H 16, F 4096, 12 + 12 layers, V 50265, tied. Each stack: positions
        // 1026*1024 = 1,050,624, layernorm_embedding 2,048. Encoder layer: attention 4*(1024^2 + 1024) = 4,198,400, fc1
        // 1024*4096 + 4096 = 4,198,400, fc2 4096*1024 + 1024 = 4,195,328, 2 LayerNorms 4,096: 12,596,224; x12 =
        // 151,154,688. Decoder layer: 2 attentions 8,396,800, FFN 8,393,728, 3 LayerNorms 6,144: 16,796,672; x12 =
        // 201,560,064. shared 50265*1024 = 51,471,360. Total 406,291,456 (the published bart-large 406M).
        [InlineData("bart-large.json", 406_291_456d)]
        // whisper, openai/whisper-large-v3: D 1280, H 20, F 5120, 32 + 32 layers, 128 mel bins, V 51866, tied.
        // Encoder: conv1 128*1280*3 + 1280 = 492,800; conv2 1280*1280*3 + 1280 = 4,916,480; embed_positions 1500*1280 =
        // 1,920,000; layer: attention 4*1280^2 + 3*1280 (no k bias) = 6,557,440, fc1 1280*5120 + 5120 = 6,558,720, fc2
        // 5120*1280 + 1280 = 6,554,880, 2 LayerNorms 5,120: 19,676,160; x32 = 629,637,120; layer_norm 2,560:
        // 636,968,960. Decoder: embed_tokens 51866*1280 = 66,388,480, embed_positions 448*1280 = 573,440; layer: 2
        // attentions 13,114,880, FFN 13,113,600, 3 LayerNorms 7,680: 26,236,160; x32 = 839,557,120; layer_norm 2,560:
        // 906,521,600. Total 1,543,490,560 (model card: 1550M; safetensors F16 1,543,490,560).
        [InlineData("whisper-large-v3.json", 1_543_490_560d)]
        public void Encoder_decoder_parameters_match_transformers(string file, double parameters)
        {
            var cost = ModelCalculator.Cost(Definition(file), 1, 1, CountingOptions.Default);
            Assert.Equal(parameters, cost.Total.Parameters);
        }

        [Fact]
        public void Both_lengths_are_inputs_and_the_encoder_runs_over_its_own()
        {
            var t5 = Definition("t5-v1_1-base.json");
            var rows = ModelCalculator.Expand(t5.WithEncoderLength(1024), 16, 2);
            Assert.Equal("2x1024x768", rows.Single(r => r.Block == "encoder layers" && r.Name == "attention").Spec.InputShape);
            Assert.Equal("2x16x768", rows.Single(r => r.Block == "decoder layers" && r.Name == "attention").Spec.InputShape);
            var cross = (AttentionSpec)rows.Single(r => r.Name == "cross_attention").Spec;
            Assert.Equal(1024, cross.KvLength);
            Assert.Equal(12, rows.Single(r => r.Name == "cross_attention").Count);

            // Matmul FLOPs of the encoder's layers double with its length (linear parts) and quadruple in the scores:
            // per layer 2 T (4 D H d_kv + 3 D F) + 2 x 2 B H S^2 d_kv. At T = 2 x 512: 2*1024*(2,359,296 + 4,718,592) =
            // 14,495,514,624 and 4*2*12*512^2*64 = 1,610,612,736.
            var matmul = new CountingOptions(Convention.Matmul);
            double Encoder(long length) => ModelCalculator.Cost(t5.WithEncoderLength(length), 16, 2, matmul).Rows
                .Where(r => r.Row.Block == "encoder layers" && (r.Row.Name == "attention" || r.Row.Name == "feed_forward"))
                .Sum(r => r.Cost.Flops);
            Assert.Equal(14_495_514_624d + 1_610_612_736d, Encoder(512));
        }

        [Fact]
        public void Decode_reads_the_cross_attention_kv_cached_once()
        {
            var whisper = Definition("whisper-large-v3.json").Transformer;
            foreach (long context in new[] { 100L, 400L })
            {
                var rows = TransformerExpander.Expand(whisper, 1, 1, kvLength: context);
                // The encoder ran at prefill: a decode step has none of its rows.
                Assert.DoesNotContain(rows, r => r.Block.StartsWith("encoder", System.StringComparison.Ordinal));
                // Cache: self-attention 2 x 1280 x context per layer, cross-attention 2 x 1280 x 1500 per layer whatever the context.
                Assert.Equal(32 * 2d * 1280 * context + 32 * 2d * 1280 * 1500, ModelRows.KvCacheValues(rows, context));
                // Cross-attention at decode projects only the query: q and out 2*2*1280^2 = 6,553,600, scores and values
                // 2*2*20*1500*64 = 7,680,000: 14,233,600 Matmul FLOPs (bias adds are Full only), no K/V projection.
                var cross = rows.Single(r => r.Name == "cross_attention").Spec.Cost(new CountingOptions(Convention.Matmul));
                Assert.Equal(14_233_600d, cross.Flops);
            }
            // At prefill the encoder's self-attention caches nothing; the decoder's does, with the cross K/V.
            var prefill = TransformerExpander.Expand(whisper, 4, 1);
            Assert.Equal(32 * 2d * 1280 * 4 + 32 * 2d * 1280 * 1500, ModelRows.KvCacheValues(prefill, 4));
        }

        [Fact]
        public void A_decode_step_without_an_encoder_length_continues_a_prompt_of_its_context()
        {
            // T5's config names no encoder length. A decode step at context 1024 continues a 1024-position prompt: its
            // cross-attention reads 1024 cached encoder positions, not the one new token. The cache per sequence is then
            // 12 decoder layers x (2 x 768 self + 2 x 768 cross) x 1024 = 37,748,736 values.
            var t5 = Definition("t5-v1_1-base.json");
            var rows = TransformerExpander.Expand(t5.Transformer, 1, 1, kvLength: 1024);
            Assert.Equal(1024, ((AttentionSpec)rows.Single(r => r.Name == "cross_attention").Spec).KvLength);
            Assert.Equal(37_748_736d, ModelRows.KvCacheValues(rows, 1024));

            // A length the caller gives, carried by the definition as every cmdlet applies -EncoderSequenceLength, wins at
            // prefill and at decode: 12 x (2 x 768 x 1024 + 2 x 768 x 4096) = 94,371,840 values.
            var withLength = t5.WithEncoderLength(4096).Transformer;
            Assert.Equal(94_371_840d, ModelRows.KvCacheValues(TransformerExpander.Expand(withLength, 1, 1, kvLength: 1024), 1024));
            Assert.Equal(4096, ((AttentionSpec)TransformerExpander.Expand(withLength, 16, 1).Single(r => r.Name == "cross_attention").Spec).KvLength);

            // The planners' one cache rule agrees: BF16, batch 1, context 1024: 37,748,736 x 2 = 75,497,472 bytes, and
            // 94,371,840 x 2 = 188,743,680 with the 4096-position encoder; on TP 4 each rank holds 3 of the 12 heads.
            Assert.Equal(75_497_472d, PSFlops.Engine.Planning.KvCache.Bytes(t5.Transformer, 1024, 1, 2));
            Assert.Equal(188_743_680d, PSFlops.Engine.Planning.KvCache.Bytes(withLength, 1024, 1, 2));
            Assert.Equal(75_497_472d / 4, PSFlops.Engine.Planning.KvCache.BytesPerDevice(t5.Transformer, 1024, 1, 2,
                new PSFlops.Engine.Planning.ParallelLayout { TensorParallel = 4 }));

            // A decoder-only model is left as it is.
            var llama = Definition("llama-3.1-8b.json");
            Assert.Same(llama, llama.WithEncoderLength(4096));
        }

        [Fact]
        public void Whisper_front_end_turns_3000_mel_frames_into_1500_positions()
        {
            var rows = TransformerExpander.Expand(Definition("whisper-large-v3.json").Transformer, 448, 1);
            var conv2 = (ConvSpec)rows.Single(r => r.Name == "conv2").Spec;
            Assert.Equal("1x1280x3000", conv2.InputShape);
            Assert.Equal("1x1280x1500", conv2.OutputShape);
            // conv1 MACs: 3000 outputs x 1280 channels x 128 x 3 = 1,474,560,000.
            Assert.Equal(1_474_560_000d, rows.Single(r => r.Name == "conv1").Spec.Cost(CountingOptions.Default).Macs);
        }

        [Fact]
        public void T5_relative_bias_is_one_table_per_stack_added_in_every_layer()
        {
            var rows = TransformerExpander.Expand(Definition("t5-v1_1-base.json").Transformer, 8, 1, encoderLength: 16);
            var bias = rows.Where(r => r.Name == "relative_position_bias").ToList();
            Assert.Equal(2, bias.Count);
            // Encoder: 12 layers x 12 heads x 16 x 16 adds = 36,864 (Full); parameters 32 x 12 = 384.
            var encoder = bias.Single(r => r.Block.StartsWith("encoder", System.StringComparison.Ordinal)).Spec.Cost(CountingOptions.Default);
            Assert.Equal(36_864d, encoder.Flops);
            Assert.Equal(384d, encoder.Parameters);
        }
    }
}
