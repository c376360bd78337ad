using System;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    public enum Optimizer
    {
        /// <summary>Adam/AdamW: two fp32 moments per parameter.</summary>
        Adam,
        /// <summary>SGD with momentum: one fp32 momentum per parameter.</summary>
        SgdMomentum,
        /// <summary>Adafactor without momentum: factored second moments, O(rows + cols) per matrix (not counted).</summary>
        Adafactor,
    }

    /// <summary>How a training (or inference) job is laid out, for memory per device.</summary>
    public sealed record MemoryLayout
    {
        /// <summary>Weights and gradients as computed: BF16/FP16 is mixed precision (an fp32 master copy is kept), FP32 is plain.</summary>
        public DataType DataType { get; init; } = DataType.BF16;
        public Optimizer Optimizer { get; init; } = Optimizer.Adam;
        /// <summary>ZeRO stage 0-3 (Rajbhandari et al. 2020): 1 shards optimizer states, 2 also gradients, 3 also weights, over the data-parallel size.</summary>
        public int ZeroStage { get; init; }
        public long DataParallel { get; init; } = 1;
        public long TensorParallel { get; init; } = 1;
        public long PipelineParallel { get; init; } = 1;
        /// <summary>Megatron sequence parallelism: with tensor parallelism, also splits the activations outside the matmuls.</summary>
        public bool SequenceParallel { get; init; }
        public Recompute Recompute { get; init; } = Recompute.None;
        /// <summary>Flash attention keeps no S x S score, softmax or dropout tensors for the backward pass.</summary>
        public bool FlashAttention { get; init; }

        public void Validate()
        {
            Require.That(ZeroStage >= 0 && ZeroStage <= 3, "ZeroStage", $"ZeroStage must be 0, 1, 2 or 3; got {ZeroStage}.");
            Require.Positive(DataParallel, "DataParallel");
            Require.Positive(TensorParallel, "TensorParallel");
            Require.Positive(PipelineParallel, "PipelineParallel");
        }
    }

    /// <summary>Bytes per device of each kind of state.</summary>
    public sealed record MemoryBreakdown(double WeightBytes, double GradientBytes, double OptimizerBytes, double ActivationBytes, double KvCacheBytes)
    {
        public double TotalBytes => WeightBytes + GradientBytes + OptimizerBytes + ActivationBytes + KvCacheBytes;
    }

    /// <summary>Memory per device for training and inference (docs/memory.md derives each term).</summary>
    public static class Memory
    {
        /// <summary>
        /// Optimizer bytes per parameter, K in ZeRO's (2 + 2 + K) accounting. Mixed precision keeps an fp32
        /// master copy (4) besides the optimizer's own fp32 states: Adam 4 + 8 = 12, SGD with momentum 4 + 4 = 8,
        /// Adafactor 4 (its factored moments are O(rows + cols) per matrix and left out). Plain FP32 training
        /// needs no master copy: Adam 8, SGD 4, Adafactor 0.
        /// </summary>
        public static double OptimizerBytesPerParameter(Optimizer optimizer, DataType dataType)
        {
            double master = Precision.Bytes(dataType) < 4 ? 4 : 0;
            double states = optimizer switch
            {
                Optimizer.Adam => 8,
                Optimizer.SgdMomentum => 4,
                _ => 0,
            };
            return master + states;
        }

        /// <summary>
        /// Weights, gradients and optimizer states per device: split evenly by tensor x pipeline parallelism,
        /// then sharded over the data-parallel size by ZeRO stage (1: optimizer, 2: + gradients, 3: + weights).
        /// </summary>
        public static MemoryBreakdown ModelStates(double parameters, MemoryLayout layout)
        {
            layout.Validate();
            double perDevice = parameters / (layout.TensorParallel * layout.PipelineParallel);
            double bytes = Precision.Bytes(layout.DataType);
            double dp = layout.DataParallel;
            double weights = perDevice * bytes / (layout.ZeroStage >= 3 ? dp : 1);
            double gradients = perDevice * bytes / (layout.ZeroStage >= 2 ? dp : 1);
            double optimizer = perDevice * OptimizerBytesPerParameter(layout.Optimizer, layout.DataType) / (layout.ZeroStage >= 1 ? dp : 1);
            return new MemoryBreakdown(weights, gradients, optimizer, 0, 0);
        }

        /// <summary>
        /// Activation bytes one transformer layer keeps for the backward pass, for a micro-batch of b
        /// sequences of s tokens, generalising Korthikanti et al. 2022 §4.1 (16-bit activations, 1-byte
        /// dropout masks) to separate query and key/value widths and to any FFN:
        /// attention 2sbh + 2sb h_q + 4sb h_kv + 2sb h_q + sbh + 5 a s^2 b (scores, softmax, dropout),
        /// FFN 3sbh + 4sbF (plain) or 3sbh + 6sbF (gated), times top-k for MoE, norms 4sbh.
        /// With h_q = h_kv = h and F = 4h this is Eq. 1: sbh (34 + 5as/h).
        /// </summary>
        public static double ActivationBytesPerLayer(TransformerConfig c, long s, long b, MemoryLayout layout)
        {
            double sb = (double)s * b, h = c.ModelDim, t = layout.TensorParallel;
            double hq = (double)c.Heads * c.ResolvedHeadDim, hkv = (double)c.ResolvedKvHeads * c.ResolvedHeadDim;
            double scores = layout.FlashAttention ? 0 : 5d * c.Heads * s * sb;   // 2as²b softmax + as²b mask + 2as²b dropout output
            if (layout.Recompute == Recompute.Full) return 2 * sb * h;   // only the layer input, as Korthikanti Table 2 counts it

            double ffnWidth = c.MoE?.ExpertFfnDim ?? c.FfnDim;
            double ffnPerExpert = (c.Ffn == FfnKind.Mlp ? 4 : 6) * sb * ffnWidth;
            double experts = c.MoE == null ? 1 : c.MoE.TopK + c.MoE.SharedExperts;
            // Split by tensor parallelism: the tensors inside the attention heads and the FFN hidden layer.
            double split = 2 * sb * hq + 4 * sb * hkv + 2 * sb * hq + experts * ffnPerExpert
                + (layout.Recompute == Recompute.Selective ? 0 : scores);
            // Korthikanti's "10sbh" that tensor parallelism alone leaves whole: norm inputs 4sbh, the two dropout
            // masks 2sbh, the attention and FFN inputs 4sbh. Sequence parallelism splits it too.
            double whole = 10 * sb * h;
            return split / t + whole / (layout.SequenceParallel ? t : 1);
        }

        /// <summary>
        /// Training memory per device. Activations: every layer's, whatever the pipeline size, because with
        /// 1F1B the first stage holds p micro-batches of L/p layers (Korthikanti Eq. 5).
        /// </summary>
        public static MemoryBreakdown Training(double parameters, TransformerConfig transformer, long s, long b, MemoryLayout layout)
        {
            var states = ModelStates(parameters, layout);
            double activations = transformer == null ? 0 : ActivationBytesPerLayer(transformer, s, b, layout) * transformer.Layers;
            return states with { ActivationBytes = activations };
        }

        /// <summary>
        /// Inference memory per device: weights at the data type split over tensor parallelism, plus the KV cache,
        /// split over at most as many devices as there are KV heads (a KV head is replicated beyond that).
        /// </summary>
        public static MemoryBreakdown Inference(double parameters, TransformerConfig transformer, long context, long batch,
            DataType weights, DataType kvCache, long tensorParallel)
        {
            Require.Positive(tensorParallel, "TensorParallel");
            double kv = transformer == null ? 0
                : Planning.Inference.KvCacheBytes(transformer, context, batch, Precision.Bytes(kvCache))
                  / Math.Min(tensorParallel, transformer.ResolvedKvHeads);
            return new MemoryBreakdown(parameters * Precision.Bytes(weights) / tensorParallel, 0, 0, 0, kv);
        }

        /// <summary>The smallest power of two in [1, max] for which <paramref name="fits"/> holds, or null.</summary>
        public static long? SmallestFitting(Func<long, bool> fits, long max = 1 << 20)
        {
            for (long n = 1; n <= max; n *= 2)
                if (fits(n)) return n;
            return null;
        }
    }
}
