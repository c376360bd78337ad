using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// What a decode step reads and writes besides the weights for the two kinds without a plain KV cache: multi-head
    /// latent attention reads its compressed latents (DeepSeek-V2, arXiv:2405.04434 §2.1 and Table 1: (d_c + d_h^R) l
    /// elements per token), a state-space mixer reads and writes its recurrent state (Mamba, arXiv:2312.00752 §3.3: h of
    /// shape (B, D, N), here I x N, plus the conv window). Each figure derived by hand from the config.
    /// </summary>
    public class LatentAndStateTrafficTests
    {
        private static readonly Hardware H100 = new Hardware { Name = "H100-SXM", MemoryGB = 80, MemoryBandwidthGBps = 3350, Bf16TFlops = 989.5 };
        private static readonly ServingSystem Nvlink = new ServingSystem { ScaleUpGBps = 900, ScaleUpDomain = 8, ScaleOutGbps = 400 };

        private static ServingEstimate Decode(TransformerConfig c, long context, long batch, long tp = 1) =>
            Serving.Estimate(c, H100, Nvlink, new ParallelLayout { TensorParallel = tp }, new ServingWorkload(16, context, batch), new ServingOptions());

        [Fact]
        public void Deepseek_v3_decode_reads_the_latent_cache_of_every_layer()
        {
            // DeepSeek-V3 config.json: 61 layers, all MLA, kv_lora_rank 512, qk_rope_head_dim 64: 576 values per token per
            // layer. Batch 2 at context 4096, BF16 (2 B): read 2 x 4096 x 576 x 2 = 9,437,184 B a layer, x 61 =
            // 575,668,224 B (the whole cache: a decode step reads all of it); the new token's latents written,
            // 2 x 1 x 576 x 2 = 2,304 B a layer, x 61 = 140,544 B. The MTP module beside the model is not run.
            var c = Repo.Model("deepseek-v3").Transformer;
            var e = Decode(c, 4096, 2);
            Assert.Equal(575_668_224d + 140_544, e.DecodeKvCacheBytesPerStep);
            Assert.Equal(575_668_224d, e.KvCacheBytes);
            // A latent is replicated on every tensor-parallel rank (it is not split by heads): each of 8 ranks reads it all.
            Assert.Equal(575_668_224d + 140_544, Decode(c, 4096, 2, tp: 8).DecodeKvCacheBytesPerStep);
        }

        [Fact]
        public void One_latent_attention_layer_by_hand()
        {
            // DeepSeek-V2-Lite-like layer: D 2048, 16 heads, no q LoRA, kv_lora_rank 512, nope 128, rope 64, v 128.
            // Decode of batch 3 against 1000 cached positions in BF16: KV read 3 x 1000 x (512 + 64) x 2 = 3,456,000 B;
            // written 3 x 1 x 576 x 2 = 3,456 B; activations the input and output, 2 x 3 x 2048 x 2 = 24,576 B.
            var layer = new LatentAttentionSpec(2048, 16, null, 512, 128, 64, 128, 3, 1, 1000, true, false) { KvCached = true };
            var bytes = LayerTraffic.For(layer, Precision.Default);
            Assert.Equal(3_456_000d, bytes.KvCacheReadBytes);
            Assert.Equal(3_456d, bytes.KvCacheWriteBytes);
            Assert.Equal(24_576d, bytes.ActivationBytes);
            Assert.Equal(layer.Cost(CountingOptions.Default).Parameters * 2, bytes.WeightBytes);
        }

        [Fact]
        public void Mamba_decode_reads_and_writes_its_state_whatever_the_context()
        {
            // mamba-130m-hf: 24 layers, hidden 768, intermediate 1536, state 16, conv kernel 4. State per layer and sequence:
            // conv window 1536 x 4 + SSM state 1536 x 16 = 30,720 values. Batch 4 in BF16: 4 x 30,720 x 2 = 245,760 B a
            // layer, x 24 = 5,898,240 B read and as much written: 11,796,480 B per step, at context 1024 or 1M alike.
            var c = Repo.Config("mamba-130m-hf.json").Transformer;
            Assert.Equal(2 * 5_898_240d, Decode(c, 1024, 4).DecodeKvCacheBytesPerStep);
            Assert.Equal(2 * 5_898_240d, Decode(c, 1 << 20, 4).DecodeKvCacheBytesPerStep);
            // TP 2 splits the state with d_inner (Megatron's column-parallel mixer): each rank moves half.
            Assert.Equal(5_898_240d, Decode(c, 1024, 4, tp: 2).DecodeKvCacheBytesPerStep);
            // The mixer row alone: activations are its input and output, 2 x 4 x 768 x 2 = 12,288 B.
            var mixer = StepRoofline.StepRows(c, InferencePhase.Decode, 1024, 4).Single(r => r.Spec is MambaSpec);
            var bytes = LayerTraffic.For(mixer.Spec, Precision.Default);
            Assert.Equal(245_760d, bytes.KvCacheReadBytes);
            Assert.Equal(245_760d, bytes.KvCacheWriteBytes);
            Assert.Equal(12_288d, bytes.ActivationBytes);
        }
    }
}
