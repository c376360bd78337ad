using System;
using System.Collections.Generic;
using System.Linq;
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
        /// <summary>
        /// Flash attention (the default, as every current stack runs it) keeps no S x S score, softmax or dropout
        /// tensors; false models eager attention, as Korthikanti et al. 2022 count it.
        /// </summary>
        public bool FlashAttention { get; init; } = true;
        /// <summary>Context parallelism splits every sequence, and so every activation, over CP devices.</summary>
        public long ContextParallel { get; init; } = 1;
        /// <summary>Interleaved 1F1B: the first stage holds (1 + (p - 1) / (p v)) times the layers' activations (Korthikanti Eq. 5 note).</summary>
        public long VirtualPipelineStages { get; init; } = 1;
        /// <summary>Micro-batches per optimizer step per replica, where known: with fewer than p, the first stage holds only those.</summary>
        public long? MicroBatchesInFlight { get; init; }

        /// <summary>The memory view of the shared layout, precision and options records.</summary>
        public static MemoryLayout From(ParallelLayout layout, Precision precision, Optimizer optimizer, CountingOptions options) => new MemoryLayout
        {
            DataType = precision.DataType, Optimizer = optimizer, ZeroStage = layout.ZeroStage, DataParallel = layout.DataParallel,
            TensorParallel = layout.TensorParallel, PipelineParallel = layout.PipelineParallel, SequenceParallel = layout.SequenceParallel,
            Recompute = options.Recompute, FlashAttention = options.FlashAttention, ContextParallel = layout.ContextParallel,
            VirtualPipelineStages = layout.VirtualPipelineStages,
        };

        public void Validate()
        {
            Require.That(ZeroStage >= 0 && ZeroStage <= 3, "ZeroStage", $"ZeroStage must be 0, 1, 2 or 3; got {ZeroStage}.");
            Require.Positive(DataParallel, "DataParallel");
            Require.Positive(TensorParallel, "TensorParallel");
            Require.Positive(PipelineParallel, "PipelineParallel");
            Require.Positive(ContextParallel, "ContextParallel");
            Require.Positive(VirtualPipelineStages, "VirtualPipelineStages");
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
            double perDevice = parameters / ((double)layout.TensorParallel * layout.PipelineParallel);   // in double: TP x PP can pass long
            double bytes = Precision.Bytes(layout.DataType);
            double dp = layout.DataParallel;
            double weights = perDevice * bytes / (layout.ZeroStage >= 3 ? dp : 1);
            double gradients = perDevice * bytes / (layout.ZeroStage >= 2 ? dp : 1);
            double optimizer = perDevice * OptimizerBytesPerParameter(layout.Optimizer, layout.DataType) / (layout.ZeroStage >= 1 ? dp : 1);
            return new MemoryBreakdown(weights, gradients, optimizer, 0, 0);
        }

        /// <summary>
        /// Activation bytes a transformer layer keeps for the backward pass, for a micro-batch of b sequences of s tokens:
        /// the model's layers summed over their rows and divided by the layer count (the one layer's figure for a uniform
        /// model). Each layer kind owns its share (<see cref="LayerSpec.ActivationBytes"/>, Korthikanti et al. 2022 §4.1
        /// generalised: 16-bit activations, 1-byte dropout masks): attention 2sbh + 2sb h_q + 4sb h_kv + 2sb h_q + sbh
        /// + 5 a s^2 b (scores, softmax, dropout; eager attention only), FFN 3sbh + 4sbF (plain) or 6sbF (gated) for each
        /// expert a token visits, each norm 2sbh, MLA its latents (docs/formulas.md). With h_q = h_kv = h and F = 4h this is
        /// Eq. 1: sbh (34 + 5as/h). Tensor parallelism splits the sharded part, sequence parallelism the rest too.
        /// </summary>
        public static double ActivationBytesPerLayer(TransformerConfig c, long s, long b, MemoryLayout layout) =>
            LayerGroups(c, s, b, layout).Sum(g => g.PerLayer * g.Count) / c.Layers;

        /// <summary>Each block group's bytes per layer and its layer count, at the layout (see <see cref="ActivationBytesPerLayer"/>).</summary>
        private static IEnumerable<(double PerLayer, long Count)> LayerGroups(TransformerConfig c, long s, long b, MemoryLayout layout)
        {
            double t = layout.TensorParallel, replicatedSplit = layout.SequenceParallel ? t : 1;
            // Only the layer input, as Korthikanti Table 2 counts it; with sequence parallelism the checkpointed input is
            // the sequence-sharded one (Megatron-LM keeps the SP-scattered hidden states), so 2sbh / t.
            if (layout.Recompute == Recompute.Full)
                return new[] { (2d * s * b * c.ModelDim / replicatedSplit, c.Layers) };
            bool scores = !layout.FlashAttention && layout.Recompute != Recompute.Selective;
            var groups = GroupFootprints(c, s, b);
            var result = new (double, long)[groups.Length];
            for (int i = 0; i < groups.Length; i++)
            {
                var f = groups[i].Footprint;
                result[i] = ((f.Sharded + (scores ? f.Scores : 0)) / t + f.Replicated / replicatedSplit, groups[i].Count);
            }
            return result;
        }

        private sealed class FootprintCache
        {
            public TransformerConfig Model;
            public readonly System.Collections.Generic.Dictionary<long, (ActivationFootprint Footprint, long Count)[]> BySequence =
                new System.Collections.Generic.Dictionary<long, (ActivationFootprint Footprint, long Count)[]>();
        }

        // Sequence lengths kept per model: a sweep's lengths (the cmdlets sweep them inside the batch sizes) at a few
        // hundred bytes each, cleared when full so that memory stays bounded whatever the sweep.
        private const int FootprintCacheCapacity = 4096;

        // The last model this thread expanded: a layout search asks for the same model and workload for every layout it
        // considers, and a sweep for the same sequence lengths at every batch.
        [ThreadStatic] private static FootprintCache _lastFootprints;

        /// <summary>
        /// One layer's activation footprint per block group (a layer's rows summed) and the group's layer count. Every
        /// stored activation is per sequence (Korthikanti et al.'s terms are all proportional to b), so the rows are expanded
        /// once per model and sequence length at one sequence and scaled by <paramref name="b"/>; the figures are whole
        /// bytes far below 2^53, so the product is exact (FootprintScalingTests checks it against expanding at b on every
        /// model the library and the test configs hold). The model is a record nobody can change, so the same reference
        /// means the same rows.
        /// </summary>
        private static (ActivationFootprint Footprint, long Count)[] GroupFootprints(TransformerConfig c, long s, long b)
        {
            var cache = _lastFootprints;
            if (cache == null || !ReferenceEquals(cache.Model, c)) _lastFootprints = cache = new FootprintCache { Model = c };
            if (!cache.BySequence.TryGetValue(s, out var perSequence))
            {
                if (cache.BySequence.Count >= FootprintCacheCapacity) cache.BySequence.Clear();
                cache.BySequence[s] = perSequence = ExpandedFootprints(c, s, 1);
            }
            if (b == 1) return perSequence;
            var scaled = new (ActivationFootprint, long)[perSequence.Length];
            for (int i = 0; i < scaled.Length; i++) scaled[i] = (perSequence[i].Footprint * b, perSequence[i].Count);
            return scaled;
        }

        /// <summary>The footprints expanded at batch <paramref name="b"/> itself (the reference the scaled cache must equal).</summary>
        internal static (ActivationFootprint Footprint, long Count)[] ExpandedFootprints(TransformerConfig c, long s, long b) =>
            TransformerExpander.Expand(c, s, b)
                .Where(r => r.MainModel && r.Checkpointed)
                .GroupBy(r => (r.Block, r.Count))
                .Select(g => (g.Aggregate(ActivationFootprint.Zero, (sum, r) => sum + r.Spec.ActivationBytes()), g.Key.Count))
                .ToArray();

        /// <summary><see cref="GroupFootprints"/>, for tests.</summary>
        internal static (ActivationFootprint Footprint, long Count)[] CachedFootprints(TransformerConfig c, long s, long b) => GroupFootprints(c, s, b);

        /// <summary>
        /// Working set of the one layer being recomputed in the backward pass, beyond what is stored: with full
        /// recomputation the layer's whole activation set is rebuilt (everything Korthikanti's Eq. 1 keeps, at this
        /// layout) less the input already stored; with selective recomputation the attention scores, softmax and
        /// dropout (5 a s^2 b / t) of one layer, which are zero under flash attention. None without recomputation.
        /// </summary>
        public static double RecomputeWorkingSetBytes(TransformerConfig c, long s, long b, MemoryLayout layout)
        {
            if (layout.Recompute == Recompute.None) return 0;
            // The largest layer's: the peak while the backward pass rebuilds one layer at a time.
            double whole = LayerGroups(c, s, b, layout with { Recompute = Recompute.None }).Max(g => g.PerLayer);
            double kept = LayerGroups(c, s, b, layout).Max(g => g.PerLayer);   // what this layout (full or selective) stores
            return whole - kept;
        }

        /// <summary>
        /// Logits and their softmax for the loss, per micro-batch: the LM head's output in 16 bits (2 s b V) and the
        /// fp32 copy the cross-entropy takes its softmax over (4 s b V), so 6 s b V bytes, split over TP by Megatron's
        /// vocabulary-parallel cross-entropy. Zero for models without an LM head (encoders' pooled heads are small).
        /// </summary>
        public static double LogitsBytes(TransformerConfig c, long s, long b, MemoryLayout layout)
        {
            if (!c.LMHead || c.VocabSize <= 0) return 0;
            return 6d * s * b * c.VocabSize / layout.TensorParallel;
        }

        /// <summary>
        /// Model chunks' worth of activations pipeline rank <paramref name="rank"/> holds at its peak, one chunk being one
        /// micro-batch through that rank's L / (p v) layers. 1F1B (Narayanan et al. 2021 §2.2, PipeDream-Flush): rank r runs
        /// p - r - 1 warm-up forwards, then one more before its first backward, so min(m, p - r) micro-batches. Interleaved
        /// with v chunks per rank (Narayanan et al. 2021 §2.2; Megatron-LM schedules.py, forward_backward_pipelining_with_interleaving):
        /// 2 (p - r - 1) + (v - 1) p warm-up forwards plus one, so on rank 0 (v p + p - 1) chunks = L (1 + (p - 1) / (p v))
        /// layers, Korthikanti et al. 2022 §4.2.3. Either way never more than the m v chunks a step has: with m = p
        /// micro-batches an interleaved first rank holds every micro-batch of its layers, L, not L (1 + (p - 1) / (p v)).
        /// With m unknown (null) it is taken as large enough for the schedule's own limit.
        /// </summary>
        public static double ChunksInFlight(long pipelineParallel, long virtualStages, long? microBatches, long rank)
        {
            double p = pipelineParallel, v = virtualStages;
            double schedule = v > 1 ? 2 * (p - rank - 1) + (v - 1) * p + 1 : p - rank;
            return microBatches is long m ? Math.Min(schedule, (double)m * v) : schedule;
        }

        /// <summary>
        /// Training activations on the most-loaded device: the first pipeline rank holds <see cref="ChunksInFlight"/> chunks of
        /// L / (p v) layers each; the last holds its own chunks (1F1B: one micro-batch of ceil(L / p) layers) plus one micro-batch's
        /// logits, since its loss chunk runs its backward straight after its forward. Plus the recomputed layer's working set;
        /// every term divided by the context-parallel size.
        /// </summary>
        public static double TrainingActivationBytes(TransformerConfig c, long s, long b, MemoryLayout layout)
        {
            layout.Validate();
            double perLayer = ActivationBytesPerLayer(c, s, b, layout);
            long p = layout.PipelineParallel, v = layout.VirtualPipelineStages;
            double layersPerChunk = (double)c.Layers / (p * v);
            double firstStage = perLayer * layersPerChunk * ChunksInFlight(p, v, layout.MicroBatchesInFlight, 0);
            double logits = LogitsBytes(c, s, b, layout);
            double lastStageLayers = v > 1 ? layersPerChunk * ChunksInFlight(p, v, layout.MicroBatchesInFlight, p - 1) : Math.Ceiling((double)c.Layers / p);
            double lastStage = perLayer * lastStageLayers + logits;
            double stored = p > 1 ? Math.Max(firstStage, lastStage) : firstStage + logits;
            return (stored + RecomputeWorkingSetBytes(c, s, b, layout)) / layout.ContextParallel;
        }

        /// <summary>Training memory per device: model states (ZeRO) and <see cref="TrainingActivationBytes"/>.</summary>
        public static MemoryBreakdown Training(double parameters, TransformerConfig transformer, long s, long b, MemoryLayout layout)
        {
            var states = ModelStates(parameters, layout);
            double activations = transformer == null ? 0 : TrainingActivationBytes(transformer, s, b, layout);
            return states with { ActivationBytes = activations };
        }

        /// <summary>
        /// Inference memory per device: weights at the data type split over TP x PP, plus the KV cache split by the one
        /// rule in <see cref="KvCache.BytesPerDevice"/> (KV heads replicated beyond H_kv, layers per stage, context over CP).
        /// Data parallelism replicates the deployment and changes neither.
        /// </summary>
        public static MemoryBreakdown Inference(double parameters, TransformerConfig transformer, long context, long batch,
            Precision precision, ParallelLayout layout)
        {
            layout.Validate();
            double kv = transformer == null ? 0
                : KvCache.BytesPerDevice(transformer, context, batch, precision.KvCacheBytes, layout);
            return new MemoryBreakdown(parameters * precision.WeightBytes / (layout.TensorParallel * layout.PipelineParallel), 0, 0, 0, kv);
        }

        /// <summary>
        /// The job's bytes per device: <see cref="Inference(double, TransformerConfig, long, long, Precision, ParallelLayout)"/>
        /// for serving, else <see cref="Training"/> on the memory view of the layout, with the micro-batches a step runs per
        /// replica (global / (micro x DP)) when the workload gives a global batch.
        /// </summary>
        public static MemoryBreakdown Of(MemoryJob job)
        {
            Require.That(job != null, "Job", "A memory job is required.");
            var w = job.Workload;
            if (job.Inference)
                return Inference(job.Parameters, job.Transformer, w.SequenceLength, w.MicroBatchSize, job.Precision, job.Layout);
            var layout = MemoryLayout.From(job.Layout, job.Precision, job.Optimizer, job.Options) with
            {
                MicroBatchesInFlight = w.GlobalBatchSize.HasValue ? w.MicroBatchesPerStep(job.Layout) : (long?)null,
            };
            return Training(job.Parameters, job.Transformer, w.SequenceLength, w.MicroBatchSize, layout);
        }

        /// <summary>Tensor parallelism only (the form of the first release): <see cref="Inference(double, TransformerConfig, long, long, Precision, ParallelLayout)"/>.</summary>
        public static MemoryBreakdown Inference(double parameters, TransformerConfig transformer, long context, long batch,
            DataType weights, DataType kvCache, long tensorParallel) =>
            Inference(parameters, transformer, context, batch, new Precision(weights, kvCache), new ParallelLayout { TensorParallel = tensorParallel });
    }
}
