using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>MFU, training compute and the inference roofline against published figures.</summary>
    public class PlanningTests
    {
        private static readonly System.Collections.Generic.IReadOnlyList<Hardware> Table =
            HardwareFileLoader.Load(Path.Combine(Repo.Root, "module", "data", "hardware.yaml"));

        private static Hardware Device(string name) => Table.Single(h => h.Name == name);

        [Fact]
        public void Palm_540b_mfu_is_46_2_percent_and_hfu_57_8()
        {
            // Chowdhery et al. 2022, Appendix B: 238.3K tokens/s on 6144 TPU v4 chips at 275 TFLOP/s;
            // 6N + 12LHQT with N = 540.35e9, L 118, H 48, Q 256, T 2048. Table 22: 4.10 TFLOPs/token with rematerialisation.
            double model = Planner.Palm(540.35e9, 118, 48, 256, 2048);
            double peak = Device("TPUv4").PeakFlopsPerSecond(DataType.BF16).Value;
            Assert.Equal(275e12, peak);
            var u = Planner.Utilization(model, 4.10e12, 238.3e3, peak, 6144);
            Assert.Equal(0.462, System.Math.Round(u.Mfu, 3));
            Assert.Equal(0.578, System.Math.Round(u.Hfu, 3));
            // Without attention (6N only, N = 540e9): 45.7 %.
            Assert.Equal(0.457, System.Math.Round(Planner.Utilization(Planner.SixN(540e9), Planner.SixN(540e9), 238.3e3, peak, 6144).Mfu, 3));
        }

        [Fact]
        public void NanoGpt_estimate_mfu_for_gpt2_124m_on_an_a100()
        {
            // karpathy/nanoGPT model.py estimate_mfu: N = get_num_params() excludes the position table (wpe);
            // flops_per_token = 6N + 12 L H Q T, flops_promised = 312e12 (A100 bf16).
            var gpt2 = ModelCalculator.Cost(Repo.Model("gpt2"), 1024, 1, new CountingOptions(Convention.Matmul));
            double positions = gpt2.Rows.Single(r => r.Row.Name == "position_embedding").Cost.Parameters;
            double n = gpt2.Total.Parameters - positions;
            Assert.Equal(124_439_808d - 1024 * 768, n);
            double perToken = Planner.Palm(n, 12, 12, 64, 1024);
            Assert.Equal(6 * 123_653_376d + 12d * 12 * 12 * 64 * 1024, perToken);   // 855,166,464
            Assert.Equal(312e12, Device("A100-SXM-80GB").PeakFlopsPerSecond(DataType.BF16));
            // One iteration of 12 sequences x 1024 tokens in 0.5 s: mfu = 855,166,464 * 12288 / 0.5 / 312e12.
            var u = Planner.Utilization(perToken, perToken, 12 * 1024 / 0.5, 312e12, 1);
            Assert.Equal(855_166_464d * 12288 / 0.5 / 312e12, u.Mfu, 15);
        }

        [Fact]
        public void Training_compute_of_published_models()
        {
            // GPT-3: 6 x 174.6e9 x 300e9 = 3.14e23 (Brown et al. 2020, Table D.1).
            Assert.Equal(3.14e23, System.Math.Round(Planner.SixN(174.6e9) * 300e9 / 1e21) * 1e21);
            // Llama 3.1 405B: 3.8e25 FLOPs on 15.6T tokens (Llama 3 Herd of Models, §3.2.1).
            Assert.Equal(3.8e25, System.Math.Round(Planner.SixN(405_853_388_800d) * 15.6e12 / 1e24) * 1e24);
            // Chinchilla: 70B on 1.4T tokens; the paper's budget is Gopher's 5.76e23 (Hoffmann et al. 2022 §4).
            // 6ND gives 5.88e23: 2 % above, the paper's own approximation. 20 tokens per parameter is 1.4T for 70B.
            Assert.Equal(1.4e12, Planner.ChinchillaTokens(70e9));
            Assert.InRange(Planner.SixN(70e9) * 1.4e12 / 5.76e23, 1.0, 1.03);
        }

        [Fact]
        public void Llama_405b_exact_training_count_exceeds_6n_by_the_attention_term()
        {
            // Exact per token (Matmul, S = 8192) = 6 N_matmul + 3 x 4 L S H d_h (scores and x V, full square).
            // L 126, H 128, d_h 128: 12 * 126 * 8192 * 16384 = 2.029e14... per token: 12 L S (H d_h) = 2.0293e11.
            var model = Repo.Model("llama-3.1-405b");
            var cost = ModelCalculator.Cost(model, 8192, 1, new CountingOptions(Convention.Matmul));
            double exact = Passes.Training(cost.Total.Flops) / cost.Tokens;
            double embedding = cost.Rows.Single(r => r.Row.Name == "token_embedding").Cost.Parameters;
            double norms = (2 * 126 + 1) * 16384d;                 // RMSNorm weights: parameters without matmuls
            double attention = 12d * 126 * 8192 * 128 * 128;
            Assert.Equal(1, exact / (6 * (cost.Total.Parameters - embedding - norms) + attention), 12);
        }

        [Fact]
        public void Work_per_token_methods_use_their_own_formulas()
        {
            var gpt2 = Repo.Model("gpt2");
            var matmul = new CountingOptions(Convention.Matmul);
            // PaLM: 6N + 12 L H Q T with N = 124,439,808 (all parameters), L 12, H 12, Q 64, T 1024.
            var palm = TrainingWork.Of(gpt2, 1024, WorkMethod.PaLM, matmul, Recompute.Full);
            Assert.Equal(6 * 124_439_808d + 12d * 12 * 12 * 64 * 1024, palm.ModelFlopsPerToken);
            Assert.Equal(palm.ModelFlopsPerToken, palm.HardwareFlopsPerToken);   // a formula has no recomputation term
            // SixN counts active parameters: Mixtral's 12,879,925,248 (2 of 8 experts), not its 46.7B.
            Assert.Equal(6 * 12_879_925_248d, TrainingWork.Of(Repo.Model("mixtral-8x7b"), 4096, WorkMethod.SixN, matmul, Recompute.None).ModelFlopsPerToken);
            // PaLM's formula needs layers and heads: a graph model is refused.
            Assert.Throws<FlopsArgumentException>(() => TrainingWork.Of(Repo.Model("resnet-50"), 1, WorkMethod.PaLM, matmul, Recompute.None));
        }

        [Fact]
        public void Decode_of_a_70b_model_is_memory_bound_at_batch_1_and_compute_bound_at_large_batch()
        {
            // Derivation: a decode step at batch B does ~2 N B FLOPs and reads 2 N bytes of bf16 weights plus
            // B x kv bytes of cache (kv = 2 x 80 x 8 x 128 x 128 positions x 2 bytes = 41,943,040 per sequence).
            // Intensity 2NB / (2N + kv B) reaches the ridge R = peak / bandwidth = 989.5e12 / 3.35e12 = 295.4 at
            // B* = R / (1 - R kv / 2N) = 295.4 / (1 - 295.4 x 41,943,040 / 137,953,296,384) = 324.9.
            var config = Repo.Model("llama-2-70b").Transformer;
            var h100 = Device("H100-SXM");
            double peak = h100.PeakFlopsPerSecond(DataType.BF16).Value, bandwidth = h100.MemoryBandwidthGBps * 1e9;
            bool MemoryBound(long batch)
            {
                var c = Inference.Estimate(config, 128, 128, batch, 2, 2, new CountingOptions(Convention.Matmul, true));
                return Planner.Roofline(c.DecodeFlopsPerStep, c.BytesPerStep, peak, bandwidth).MemoryBound;
            }
            Assert.True(MemoryBound(1));
            Assert.False(MemoryBound(4096));
            long crossover = Enumerable.Range(1, 4096).First(b => !MemoryBound(b));
            double ridge = peak / bandwidth, kv = 2d * 80 * 8 * 128 * 128 * 2, weights = 2 * 68_976_648_192d;
            double expected = ridge / (1 - ridge * kv / weights);
            Assert.InRange(crossover, 0.98 * expected, 1.02 * expected);
        }

        [Fact]
        public void Kv_cache_of_llama_2_70b_at_4k_context()
        {
            // 2 (K, V) x 80 layers x 8 kv heads x 128 head dim x 4096 positions x 1 sequence x 2 bytes (fp16).
            var config = Repo.Model("llama-2-70b").Transformer;
            Assert.Equal(2d * 80 * 8 * 128 * 4096 * 2, Inference.KvCacheBytes(config, 4096, 1, 2));
            Assert.Equal(1_342_177_280d, Inference.KvCacheBytes(config, 4096, 1, 2));
            // Multi-head attention (64 kv heads) would need 8x that.
            Assert.Equal(8 * 1_342_177_280d, Inference.KvCacheBytes(config with { KvHeads = 64 }, 4096, 1, 2));
            // Mistral's 4096 window caps the cache: 32 layers x 8 kv heads x 128 x 4096 x 2 x 2 at any longer context.
            var mistral = Repo.Model("mistral-7b").Transformer;
            Assert.Equal(2d * 32 * 8 * 128 * 4096 * 2, Inference.KvCacheBytes(mistral, 32768, 1, 2));
        }

        [Fact]
        public void Hardware_rows_are_dense_sourced_and_match_datasheets()
        {
            Assert.True(Table.Count >= 24);
            foreach (var h in Table)
            {
                Assert.False(string.IsNullOrWhiteSpace(h.Source), h.Name);
                foreach (var (key, sparse) in h.Sparse.Select(kv => (kv.Key, kv.Value)))
                {
                    double? dense = key switch
                    {
                        "tf32_tflops" => h.Tf32TFlops, "bf16_tflops" => h.Bf16TFlops, "fp16_tflops" => h.Fp16TFlops,
                        "fp8_tflops" => h.Fp8TFlops, "int8_tops" => h.Int8TOps, "fp4_tflops" => h.Fp4TFlops,
                        "fp32_tflops" => h.Fp32TFlops, _ => h.Fp64TFlops,
                    };
                    Assert.True(dense == null || dense <= sparse / 2 + 1e-9, $"{h.Name} {key}: dense {dense} > sparse {sparse} / 2");
                }
            }
            var names = Table.SelectMany(h => h.Aliases.Append(h.Name)).ToList();
            Assert.Equal(names.Count, names.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
            // By hand from the datasheets: H100 SXM 1,979 TFLOPS BF16 with sparsity -> 989.5 dense; 80 GB.
            Assert.Equal((989.5, 80d), (Device("H100-SXM").Bf16TFlops.Value, Device("H100-SXM").MemoryGB));
            // A100 80GB SXM: 312 BF16 dense, 2,039 GB/s. MI300X: 1,307.4 BF16 dense, 192 GB, 5.3 TB/s. TPU v4: 275 BF16, 32 GiB.
            Assert.Equal((312d, 2039d), (Device("A100-SXM-80GB").Bf16TFlops.Value, Device("A100-SXM-80GB").MemoryBandwidthGBps));
            Assert.Equal((1307.4, 192d, 5300d), (Device("MI300X").Bf16TFlops.Value, Device("MI300X").MemoryGB, Device("MI300X").MemoryBandwidthGBps));
            Assert.Equal(275d, Device("TPUv4").Bf16TFlops);
            // MI250X is two devices to PyTorch: one row per die, half the package's 383 TFLOPS BF16 and 128 GB.
            Assert.Equal(("die", 64d), (Device("MI250X").Unit, Device("MI250X").MemoryGB));
            Assert.InRange(Device("MI250X").Bf16TFlops.Value, 191.4, 191.6);
            // RTX 4090 BF16 with FP32 accumulate (training) is half the FP16-accumulate 330.3: 165.2.
            Assert.Equal(165.2, Device("RTX-4090").Bf16TFlops);
        }

        [Fact]
        public void Int4_weights_compute_at_the_int8_peak_and_keep_a_bf16_kv_cache()
        {
            // H100 SXM datasheet (module/data/hardware.yaml): INT8 1,979 dense TOP/s; there is no INT4 tensor-core path.
            Assert.Equal(1979e12, Device("H100-SXM").PeakFlopsPerSecond(DataType.INT4));
            Assert.Equal(DataType.BF16, Precision.DefaultKvCacheType(DataType.INT4));
            Assert.Equal(DataType.FP8, Precision.DefaultKvCacheType(DataType.FP8));
        }

        [Fact]
        public void Hfu_below_mfu_is_refused_not_clamped()
        {
            // Hardware FLOPs are the model FLOPs plus recomputation, so 50 against 100 is an input error.
            var e = Assert.Throws<FlopsArgumentException>(() => Planner.Utilization(100, 50, 1, 1000, 1));
            Assert.Equal("HardwareFlopsPerToken", e.ParamName);
            Assert.Throws<FlopsArgumentException>(() => Planner.Utilization(100, double.NaN, 1, 1000, 1));
            // 100 FLOPs a token, 125 with recomputation, 2 tokens/s on one 1000 FLOP/s device: MFU 0.2, HFU 0.25.
            var u = Planner.Utilization(100, 125, 2, 1000, 1);
            Assert.Equal(0.2, u.Mfu, 12);
            Assert.Equal(0.25, u.Hfu, 12);
        }

        [Theory]
        [InlineData("hardware:\n  - vendor: X\n    memory_gb: 80\n", "YamlMissingKey", 2)]          // no name
        [InlineData("hardware:\n  - name: X\n    aliases: Y\n", "YamlWrongType", 3)]              // aliases must be a list
        [InlineData("hardware:\n  - name: X\n    memory_gb: -80\n", "InvalidShape", 3)]
        public void Hardware_files_name_the_bad_row_with_its_line(string yaml, string id, int line)
        {
            var e = Assert.Throws<ModelDefinitionException>(() => HardwareFileLoader.Parse(yaml, "my.yaml"));
            Assert.Equal(id, e.ErrorId);
            Assert.Equal(line, e.Location.Line);
        }

        [Fact]
        public void A_training_plan_divides_its_flops_by_mfu_times_peak_and_then_by_the_devices()
        {
            // 100 model and 125 hardware FLOPs a token, 1e6 tokens: 1e8 and 1.25e8 FLOPs. At 50 % of 1000 FLOP/s:
            // 1e8 / 500 = 2e5 device-seconds, 5e4 s on 4 devices. HFU = 0.5 x 125 / 100 = 0.625.
            var plan = Planner.Training(new TrainingWork(100, 125, 10, 1), 1e6, 1000, 0.5, 4);
            Assert.Equal(new TrainingPlan(1e6, 1e8, 1.25e8, 0.625, 2e5, 5e4), plan);
            Assert.Equal("DeviceCount", Assert.Throws<FlopsArgumentException>(() => Planner.Training(new TrainingWork(100, 125, 10, 1), 1e6, 1000, 0.5, 0)).ParamName);
            Assert.Equal("TrainingTokens", Assert.Throws<FlopsArgumentException>(() => Planner.Training(new TrainingWork(100, 125, 10, 1), double.NaN, 1000, 0.5, 4)).ParamName);
        }
    }
}
