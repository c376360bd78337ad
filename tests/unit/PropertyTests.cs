using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PSFlops.Engine;
using PSFlops.Engine.Layers;

namespace PSFlops.Tests
{
    /// <summary>Laws every count obeys, over generated dimensions.</summary>
    public class PropertyTests
    {
        private static readonly CountingOptions Matmul = new CountingOptions(Convention.Matmul);

        // FsCheck's PositiveInt stays small (under ~100 at 300 tests), so "p % max" would never reach large
        // dimensions; a multiplicative hash spreads the generated values over the whole 1..max.
        private static long Dim(PositiveInt p, int max) => 1 + (long)((ulong)p.Get * 2654435761UL % (ulong)max);

        [Property(MaxTest = 300)]
        public bool Matmul_flops_are_twice_the_macs_without_bias(PositiveInt a, PositiveInt b, PositiveInt rows)
        {
            var cost = new LinearSpec(Dim(a, 8192), Dim(b, 8192), false, Dim(rows, 4096)).Cost(Matmul);
            return cost.Flops == 2 * cost.Macs;
        }

        [Property(MaxTest = 300)]
        public bool Attention_matmul_flops_are_twice_the_macs(PositiveInt heads, PositiveInt headDim, PositiveInt seq, PositiveInt batch)
        {
            long h = Dim(heads, 64), d = Dim(headDim, 256);
            var cost = AttentionSpec.Create(h * d, h, batch: Dim(batch, 16), sequenceLength: Dim(seq, 4096)).Cost(Matmul);
            return cost.Flops == 2 * cost.Macs;
        }

        [Property(MaxTest = 300)]
        public bool Every_count_is_linear_in_batch(PositiveInt heads, PositiveInt seq, PositiveInt batch, PositiveInt ffn)
        {
            long h = Dim(heads, 32), s = Dim(seq, 2048), b = Dim(batch, 64), f = Dim(ffn, 8192);
            var one = AttentionSpec.Create(h * 64, h, batch: 1, sequenceLength: s).Cost(CountingOptions.Default).Flops
                + new FeedForwardSpec(h * 64, f, FfnKind.SwiGlu, ActivationKind.SiLU, false, s).Cost(CountingOptions.Default).Flops;
            var many = AttentionSpec.Create(h * 64, h, batch: b, sequenceLength: s).Cost(CountingOptions.Default).Flops
                + new FeedForwardSpec(h * 64, f, FfnKind.SwiGlu, ActivationKind.SiLU, false, b * s).Cost(CountingOptions.Default).Flops;
            return System.Math.Abs(many - b * one) <= 1e-12 * many;
        }

        [Property(MaxTest = 300)]
        public bool Scores_grow_quadratically_in_sequence_without_a_window_and_linearly_with_one(PositiveInt seq, PositiveInt window)
        {
            long s = Dim(seq, 100_000), w = Dim(window, 512);
            double Scores(long n, long? win) => AttentionSpec.Create(512, 8, sequenceLength: n, window: win).Cost(Matmul).Breakdown.AttentionScore;
            bool quadratic = Scores(2 * s, null) == 4 * Scores(s, null);
            bool linear = s < w || Scores(2 * s, w) == 2 * Scores(s, w);
            return quadratic && linear;
        }

        [Property(MaxTest = 300)]
        public bool Grouped_query_attention_saves_exactly_the_shrunk_kv_projections(PositiveInt heads, PositiveInt groups, PositiveInt seq)
        {
            long kv = Dim(groups, 16), h = kv * Dim(heads, 8);
            long s = Dim(seq, 4096), d = h * 64;
            var mha = AttentionSpec.Create(d, h, batch: 1, sequenceLength: s).Cost(CountingOptions.Default);
            var gqa = AttentionSpec.Create(d, h, kvHeads: kv, batch: 1, sequenceLength: s).Cost(CountingOptions.Default);
            // Only the K and V projections shrink: 2 x (2 s d (h - kv) 64) FLOPs and 2 d (h - kv) 64 weights fewer.
            return mha.Flops - gqa.Flops == 4d * s * d * (h - kv) * 64 && mha.Parameters - gqa.Parameters == 2d * d * (h - kv) * 64;
        }

        [Property(MaxTest = 300)]
        public bool Causal_closed_form_equals_the_sum_over_queries(PositiveInt queries, PositiveInt extra, PositiveInt window, bool windowed)
        {
            long q = Dim(queries, 300), k = q + Dim(extra, 300) - 1;
            long? w = windowed ? Dim(window, 400) : (long?)null;
            double sum = 0;
            for (long i = 0; i < q; i++)
            {
                long seen = k - q + i + 1;
                sum += w.HasValue ? System.Math.Min(seen, w.Value) : seen;
            }
            return AttentionSpec.CausalPairs(q, k, w) == sum;
        }

        [Property(MaxTest = 200)]
        public bool Backward_is_twice_forward(PositiveInt seq)
        {
            var forward = AttentionSpec.Create(1024, 16, sequenceLength: Dim(seq, 8192)).Cost(CountingOptions.Default).Flops;
            return Engine.Models.Passes.Backward(forward) == 2 * forward && Engine.Models.Passes.Training(forward) == 3 * forward;
        }
    }
}
