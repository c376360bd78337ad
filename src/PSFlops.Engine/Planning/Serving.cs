using System;
using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Serving a transformer on a tensor- and pipeline-parallel deployment: memory per device and the largest batch
    /// that fits, prefill (time to first token) and decode (time per output token) as rooflines with the
    /// communication of tensor and pipeline parallelism, throughput and cost. docs/inference.md derives each term.
    /// </summary>
    public static class Serving
    {
        /// <summary>Bytes per logit in the working buffer: samplers upcast the logits to fp32 (vLLM's logits.float()).</summary>
        private const double LogitBytes = 4;

        public static ServingEstimate Estimate(TransformerConfig c, Hardware hardware, ServingSystem system,
            ParallelLayout deployment, ServingWorkload workload, ServingOptions options, ServingCostCache costs = null)
        {
            Require.That(c != null, "Model", "Serving estimates need a transformer with a KV cache.");
            Require.That(hardware != null, "Hardware", "A device is needed.");
            system ??= ServingSystem.For(hardware);
            system.Validate();
            if (costs == null || costs.Model != c || costs.Options != options.Counting) costs = new ServingCostCache(c, options.Counting);
            costs.CheckLayout(deployment);
            Require.That(deployment.ContextParallel == 1 && deployment.ExpertParallel == 1 && deployment.VirtualPipelineStages == 1,
                "ContextParallel", "Serving estimates model tensor, pipeline and data parallelism; ContextParallel, ExpertParallel and VirtualPipelineStages must be 1.",
                "ServingLayout");
            workload.Validate();
            options.Validate();
            costs.CheckSequence(deployment, Math.Max(workload.ContextLength, workload.PromptLength));

            var p = options.Precision;
            double peak = hardware.PeakFlopsPerSecond(p.DataType)
                ?? throw new FlopsArgumentException("DataType", $"{hardware.Name} has no {p.DataType} peak in the table.");
            double bandwidth = hardware.MemoryBandwidthBytesPerSecond;
            ServingChecks.Positive(peak, "PeakFlopsPerSecond");
            ServingChecks.Positive(bandwidth, "MemoryBandwidthGBps");
            double achieved = peak * system.Efficiency;
            long tp = deployment.TensorParallel, pp = deployment.PipelineParallel, perReplica = tp * pp;
            long batch = workload.BatchSize;
            // The one KV split rule (KvCache.BytesPerDevice) as a share, applied to the cache's traffic as to its bytes.
            // Like each step's cost and bytes below, counted once per distinct key of a sweep (ServingCostCache).
            var kv = costs.KvPerSequence(workload.ContextLength, p.KvCacheBytes, deployment);
            double kvPerSequence = kv.BytesPerDevice, kvShare = kv.Share;

            // Decode: one new token per sequence against ContextLength cached positions.
            var decodeUnit = costs.Unit(InferencePhase.Decode, workload.ContextLength);
            double decodeFlops = decodeUnit.Total.Flops * batch;
            var decodeBytes = costs.Traffic(InferencePhase.Decode, workload.ContextLength, p).At(batch);
            double decodeWeights = decodeBytes.WeightBytes / perReplica;
            double decodeKv = decodeBytes.KvCacheBytes * kvShare;
            // PP stages run one after another for a token: pp x (stage work), the stage holding 1/pp of the model.
            double decodeCompute = decodeFlops / tp / achieved;
            double decodeMemory = pp * (decodeWeights + decodeKv) / bandwidth;
            var (decodeTp, decodePp) = Communication(c, deployment, system, hardware.Name, batch * 1d, LayerTraffic.ActivationBytes(p));

            // Prefill: the batch's prompts in one pass (logits for each last token only); weights streamed once, the
            // prompt's keys and values written.
            var prefillUnit = costs.Unit(InferencePhase.Prefill, workload.PromptLength);
            double prefillFlops = prefillUnit.Total.Flops * batch;
            var prefillBytes = costs.Traffic(InferencePhase.Prefill, workload.PromptLength, p).At(batch);
            double prefillPerDevice = prefillBytes.WeightBytes / perReplica + prefillBytes.KvCacheWriteBytes * kvShare;
            double prefillCompute = prefillFlops / tp / achieved;
            double prefillMemory = pp * prefillPerDevice / bandwidth;
            var (prefillTp, prefillPp) = Communication(c, deployment, system, hardware.Name, (double)batch * workload.PromptLength, LayerTraffic.ActivationBytes(p));

            // Memory per device: weights split evenly over TP x PP (Memory.ModelStates' rule), the KV cache by the one
            // KV rule, the logits of one decode step. Every weight stays resident: an encoder's and a vision tower's, which
            // run at prefill only (a decode step's rows leave them out, so its parameters would undercount them).
            double parameters = prefillUnit.Total.Parameters;
            double weightBytes = parameters * p.WeightBytes / perReplica;
            double workingPerSequence = (double)c.VocabSize * LogitBytes / tp;
            double capacity = hardware.MemoryBytes;
            double usable = capacity * (1 - options.ReserveFraction);

            return new ServingEstimate
            {
                Deployment = deployment, Workload = workload, Precision = p, System = system, Parameters = parameters,
                WeightBytes = weightBytes, KvCacheBytes = kvPerSequence * batch, WorkingBytes = workingPerSequence * batch,
                DeviceMemoryBytes = capacity, ReserveFraction = options.ReserveFraction,
                MaxBatchSize = MaxBatch(usable - weightBytes, kvPerSequence + workingPerSequence),
                PrefillFlops = prefillFlops, DecodeFlopsPerStep = decodeFlops,
                DecodeWeightBytesPerStep = decodeWeights, DecodeKvCacheBytesPerStep = decodeKv,
                DecodeComputeSeconds = decodeCompute, DecodeMemorySeconds = decodeMemory,
                DecodeTensorParallelCommSeconds = decodeTp, DecodePipelineCommSeconds = decodePp,
                TimePerOutputTokenSeconds = Math.Max(decodeCompute, decodeMemory) + decodeTp + decodePp,
                PrefillBytes = prefillPerDevice, PrefillComputeSeconds = prefillCompute, PrefillMemorySeconds = prefillMemory,
                PrefillTensorParallelCommSeconds = prefillTp, PrefillPipelineCommSeconds = prefillPp,
                TimeToFirstTokenSeconds = Math.Max(prefillCompute, prefillMemory) + prefillTp + prefillPp,
                PeakFlopsPerSecond = peak, MemoryBytesPerSecond = bandwidth, PricePerDeviceHour = options.PricePerDeviceHour,
            };
        }

        /// <summary>Bytes the main model's rows move in one step (a multi-token-prediction module beside it is not run when serving).</summary>
        public static LayerBytes Traffic(IReadOnlyList<LayerRow> rows, Precision precision) =>
            rows.Where(r => r.MainModel).Aggregate(LayerBytes.Zero, (sum, r) => sum + LayerTraffic.For(r.Spec, precision) * r.Count);

        /// <summary>floor(free / per sequence), 0 when nothing is free, at most 2^53.</summary>
        private static long MaxBatch(double free, double perSequence)
        {
            if (!(free > 0) || !(perSequence > 0)) return 0;
            double n = Math.Floor(free / perSequence);
            return n >= Require.MaxDimension ? Require.MaxDimension : (long)n;
        }

        /// <summary>
        /// Tensor parallelism: two all-reduces per layer (after attention and after the FFN; Megatron's f/g operators,
        /// Narayanan et al. 2021 §3.2) of tokens x D activations, over the scale-up link when the TP group fits in a
        /// scale-up domain, else over the network. Pipeline parallelism: one send of tokens x D per stage boundary, over
        /// the network for the boundaries that cross a domain (stages placed one after another, TP groups contiguous).
        /// </summary>
        private static (double Tensor, double Pipeline) Communication(TransformerConfig c, ParallelLayout d, ServingSystem s,
            string device, double tokens, double activationBytes)
        {
            if (d.TensorParallel * d.PipelineParallel == 1) return (0, 0);
            long domain = s.Domain(device);
            double message = tokens * c.ModelDim * activationBytes;
            double tensor = 0, pipeline = 0;
            if (d.TensorParallel > 1)
            {
                double link = d.TensorParallel <= domain ? s.ScaleUpBytesPerSecond(device) : s.ScaleOutBytesPerSecond(device);
                tensor = 2 * c.Layers * s.AllReduceSeconds(message, d.TensorParallel, link);
            }
            long boundaries = d.PipelineParallel - 1;
            if (boundaries > 0)
            {
                long crossing = d.TensorParallel > domain ? boundaries
                    : boundaries / (domain / Gcd(d.TensorParallel, domain));
                long inside = boundaries - crossing;
                if (crossing > 0) pipeline += crossing * s.SendSeconds(message, s.ScaleOutBytesPerSecond(device));
                if (inside > 0) pipeline += inside * s.SendSeconds(message, s.ScaleUpBytesPerSecond(device));
            }
            return (tensor, pipeline);
        }

        private static long Gcd(long a, long b)
        {
            while (b != 0) (a, b) = (b, a % b);
            return a;
        }

        /// <summary>
        /// Deployments of at most <paramref name="maxDeviceCount"/> devices that fit and meet the latency targets:
        /// every TP dividing the query heads and every power-of-two PP up to the layer count with TP x PP within the
        /// budget (or the sizes <paramref name="tensorParallel"/> and <paramref name="pipelineParallel"/> fix), each at the batch (a power of two, or the largest that fits; or one of <paramref name="batchSizes"/>)
        /// with the most tokens per second per device; replicas fill the remaining budget. Highest TokensPerSecondPerDevice
        /// first, fewer devices per replica on ties. <paramref name="costs"/> (optional) carries what the candidates share
        /// across calls (<see cref="ServingCostCache"/>); each candidate costs what one estimate from a warm cache costs.
        /// </summary>
        public static IReadOnlyList<ServingEstimate> Search(TransformerConfig c, Hardware hardware, ServingSystem system,
            long maxDeviceCount, long promptLength, long contextLength, long? outputTokens, ServingOptions options,
            double? maxTimePerOutputToken = null, double? maxTimeToFirstToken = null, IReadOnlyList<long> batchSizes = null,
            IReadOnlyList<long> tensorParallel = null, IReadOnlyList<long> pipelineParallel = null, ServingCostCache costs = null)
        {
            Require.Positive(maxDeviceCount, "MaxDeviceCount");
            if (maxTimePerOutputToken.HasValue) ServingChecks.Positive(maxTimePerOutputToken.Value, "MaxTimePerOutputToken");
            if (maxTimeToFirstToken.HasValue) ServingChecks.Positive(maxTimeToFirstToken.Value, "MaxTimeToFirstToken");
            var results = new List<ServingEstimate>();
            if (costs == null || costs.Model != c || costs.Options != options.Counting) costs = new ServingCostCache(c, options.Counting);
            for (long tp = 1; tp <= Math.Min(c.Heads, maxDeviceCount); tp++)
            {
                if (c.Heads % tp != 0 || !Allowed(tensorParallel, tp)) continue;
                foreach (long pp in PipelineSizes(c.Layers, maxDeviceCount / tp, pipelineParallel))
                {
                    var deployment = new ParallelLayout { TensorParallel = tp, PipelineParallel = pp, DataParallel = maxDeviceCount / (tp * pp) };
                    ServingEstimate Run(long batch) => Estimate(c, hardware, system, deployment,
                        new ServingWorkload(promptLength, contextLength, batch, outputTokens), options, costs);
                    var probe = Run(1);
                    if (probe.MaxBatchSize < 1) continue;
                    ServingEstimate best = null;
                    foreach (long batch in Candidates(probe.MaxBatchSize, batchSizes))
                    {
                        var e = batch == 1 ? probe : Run(batch);
                        if (!e.Fits) continue;
                        if (maxTimePerOutputToken.HasValue && e.TimePerOutputTokenSeconds > maxTimePerOutputToken.Value) continue;
                        if (maxTimeToFirstToken.HasValue && e.TimeToFirstTokenSeconds > maxTimeToFirstToken.Value) continue;
                        if (best == null || e.TokensPerSecondPerDevice > best.TokensPerSecondPerDevice) best = e;
                    }
                    if (best != null) results.Add(best);
                }
            }
            return results.OrderByDescending(e => e.TokensPerSecondPerDevice)
                .ThenBy(e => e.DevicesPerReplica).ToList();
        }

        private static bool Allowed(IReadOnlyList<long> fixedSizes, long size) =>
            fixedSizes == null || fixedSizes.Count == 0 || fixedSizes.Contains(size);

        /// <summary>Powers of two up to the layers and the budget, or the sizes given (within both).</summary>
        private static IEnumerable<long> PipelineSizes(long layers, long budget, IReadOnlyList<long> given)
        {
            if (given != null && given.Count > 0)
            {
                foreach (long pp in given.Where(pp => pp >= 1 && pp <= layers && pp <= budget).Distinct()) yield return pp;
                yield break;
            }
            for (long pp = 1; pp <= layers && pp <= budget; pp *= 2) yield return pp;
        }

        private static IEnumerable<long> Candidates(long maxBatch, IReadOnlyList<long> given)
        {
            if (given != null && given.Count > 0)
            {
                foreach (long b in given.Where(b => b <= maxBatch).Distinct()) yield return b;
                yield break;
            }
            for (long b = 1; b < maxBatch; b *= 2) yield return b;
            yield return maxBatch;
        }
    }
}
