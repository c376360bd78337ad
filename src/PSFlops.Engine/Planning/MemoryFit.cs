using System;
using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>Fit verdicts and the smallest layout that fits (issue 13 item 4).</summary>
    public static class MemoryFit
    {
        /// <summary>
        /// The share of device memory a verdict keeps back for the CUDA context, the allocator's fragmentation and
        /// communication buffers: 10 %, the complement of vLLM's default gpu_memory_utilization of 0.9.
        /// </summary>
        public const double DefaultReserveFraction = 0.1;

        public static FitVerdict Verdict(double totalBytes, Hardware device, double reserveFraction = DefaultReserveFraction)
        {
            Require.That(device != null && device.MemoryBytes > 0, "Hardware", "The hardware row has no memory capacity (memory_bytes or memory_gb).");
            Require.That(reserveFraction >= 0 && reserveFraction < 1, "ReserveFraction", $"ReserveFraction must be in [0, 1); got {reserveFraction}.");
            double usable = device.MemoryBytes * (1 - reserveFraction);
            return new FitVerdict(device.MemoryBytes, reserveFraction, usable, totalBytes / device.MemoryBytes, totalBytes <= usable);
        }

        /// <summary>
        /// The job's memory, its verdict against <paramref name="device"/>, and the smallest layouts that fit: the smallest TP
        /// and the smallest PP (each with the rest as given; PP x v never beyond the layers), the smallest DP for training
        /// under ZeRO (without ZeRO data parallelism replicates everything, so it never helps and is not searched), and
        /// <see cref="SmallestLayout"/> over TP, PP (and DP) together, its TP kept within the device's scale-up domain when the
        /// row has one (<paramref name="scaleUpDomain"/> overrides it). Every candidate is judged against the same usable bytes.
        /// </summary>
        public static MemoryAssessment Assess(MemoryJob job, Hardware device, double reserveFraction = DefaultReserveFraction,
            long? scaleUpDomain = null)
        {
            var memory = Memory.Of(job);
            var verdict = Verdict(memory.TotalBytes, device, reserveFraction);
            // A candidate whose replicas cannot share the global batch in whole micro-batches is no layout for this job.
            bool Fits(ParallelLayout l) => job.Workload.SplitsOver(l) && Memory.Of(job.On(l)).TotalBytes <= verdict.UsableBytes;
            var given = job.Layout;
            var model = job.Transformer;
            long? minTensor = Smallest(TensorParallelCandidates(model), tp => Fits(given with { TensorParallel = tp }));
            long? minPipeline = Smallest(PipelineParallelCandidates(model), pp =>
            {
                var l = WithPipeline(given, pp);
                return pp * l.VirtualPipelineStages <= (model?.Layers ?? 1) && Fits(l);
            });
            bool searchData = !job.Inference && given.ZeroStage > 0;
            long? minData = searchData ? Smallest(PowersOfTwo(1L << 20), dp => Fits(given with { DataParallel = dp })) : null;
            long? domain = scaleUpDomain ?? device.ScaleUpDomain;
            if (domain.HasValue) Require.Positive(domain.Value, "ScaleUpDomain");
            return new MemoryAssessment(memory, verdict, minTensor, minPipeline, minData,
                SmallestLayout(given, model, searchData, Fits, maxTensorParallel: domain));
        }

        /// <summary>
        /// Tensor-parallel sizes worth trying: powers of two that divide the query heads (never beyond the heads); for
        /// a model of unknown shape (a bare parameter count, a layer graph) powers of two up to 2^10.
        /// </summary>
        public static IEnumerable<long> TensorParallelCandidates(TransformerConfig model) =>
            PowersOfTwo(model == null ? 1024 : model.Heads).Where(t => model == null || model.Heads % t == 0);

        /// <summary>Pipeline sizes worth trying: powers of two up to the layer count (1 for a model of unknown shape).</summary>
        public static IEnumerable<long> PipelineParallelCandidates(TransformerConfig model) =>
            PowersOfTwo(model == null ? 1 : model.Layers);

        /// <summary>
        /// The layout with fewest devices that fits, changing TP and PP (and DP when <paramref name="searchDataParallel"/>,
        /// which helps only through ZeRO) from <paramref name="given"/>; ties go to TP within 8 (one NVLink node), then
        /// fewer pipeline stages, then smaller TP. With <paramref name="maxTensorParallel"/> (the hardware's scale-up domain)
        /// TP never exceeds it: a TP group's all-reduces sit on every layer's critical path, and beyond the NVLink domain
        /// they cross the scale-out network, so Megatron and Llama 3 keep TP within a node and grow PP, then DP, instead
        /// (Narayanan et al. 2021 §3.2, Takeaway #1: TP "up to degree g when using g-GPU servers", then PP across servers;
        /// Llama Team 2024 §3.3.2: the innermost dimension, TP, "is usually constrained to within the same server"). Null when nothing up to
        /// <paramref name="maxDevices"/> fits.
        /// </summary>
        public static ParallelLayout SmallestLayout(ParallelLayout given, TransformerConfig model, bool searchDataParallel,
            Func<ParallelLayout, bool> fits, long maxDevices = 1L << 20, long? maxTensorParallel = null)
        {
            var dataParallel = searchDataParallel ? PowersOfTwo(maxDevices).ToList() : new List<long> { given.DataParallel };
            var candidates =
                from tp in TensorParallelCandidates(model)
                where maxTensorParallel == null || tp <= maxTensorParallel.Value
                from pp in PipelineParallelCandidates(model)
                from dp in dataParallel
                let devices = (double)tp * pp * dp * given.ContextParallel
                let layout = WithPipeline(given, pp) with { TensorParallel = tp, DataParallel = dp }
                where devices <= maxDevices && pp * layout.VirtualPipelineStages <= (model?.Layers ?? long.MaxValue)
                orderby devices, tp > 8 ? 1 : 0, pp, tp
                select layout;
            foreach (var layout in candidates)
            {
                if (layout.ExpertParallel > 1 && ((double)layout.DataParallel * layout.TensorParallel * layout.ContextParallel) % layout.ExpertParallel != 0)
                    continue;
                if (fits(layout)) return layout;
            }
            return null;
        }

        /// <summary>
        /// <paramref name="layout"/> on <paramref name="pipelineParallel"/> stages. One stage cannot interleave, so a candidate
        /// without pipeline parallelism drops the given virtual stages rather than being an invalid layout.
        /// </summary>
        private static ParallelLayout WithPipeline(ParallelLayout layout, long pipelineParallel) =>
            layout with { PipelineParallel = pipelineParallel, VirtualPipelineStages = pipelineParallel > 1 ? layout.VirtualPipelineStages : 1 };

        /// <summary>The smallest value of one axis (the others as given) among <paramref name="candidates"/> that fits, or null.</summary>
        public static long? Smallest(IEnumerable<long> candidates, Func<long, bool> fits)
        {
            foreach (long n in candidates)
                if (fits(n)) return n;
            return null;
        }

        public static IEnumerable<long> PowersOfTwo(long max)
        {
            for (long n = 1; n <= max; n *= 2) yield return n;
        }
    }
}
