using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The time of one optimizer step of a transformer on a parallel layout (docs/step-time.md derives each term).
    /// Per micro-batch and layer on one device: matmuls at the device's achievable matmul fraction of peak, memory-bound
    /// work as a fitted multiple of the stored activation bytes at memory bandwidth, tensor-parallel collectives
    /// (exposed in forward, partly hidden in backward), context-parallel K/V exchange hidden behind the attention core,
    /// expert all-to-alls. A pipeline slot is the slowest stage (its layers and, on the last stage, the logits) plus its
    /// point-to-point sends; the step is (m + (p - 1)/v) slots, then the data-parallel reduction and the optimizer step.
    /// </summary>
    public static class StepTime
    {
        /// <summary>
        /// Checks the step against the model and the workload; every failure has a stable error id. The layout's own
        /// checks are ParallelLayout's (TensorParallelHeads, PipelineParallelLayers, ExpertParallelExperts, ...) and the
        /// global batch's Workload's (GlobalBatchSizeLayout); interleaving needs the micro-batches a multiple of PP (Narayanan).
        /// </summary>
        public static void Validate(StepTimeProfile model, TrainingStep step)
        {
            var l = step.Layout;
            l.CheckAgainst(model.Transformer);
            l.CheckSequence(model.Transformer, model.SequenceLength);
            if (step.Workload.SequenceLength != model.SequenceLength)
                throw new FlopsArgumentException("SequenceLength",
                    $"The step's SequenceLength ({step.Workload.SequenceLength}) differs from the profile's ({model.SequenceLength}).");
            long m = step.MicroBatches;
            if (l.VirtualPipelineStages > 1 && m % l.PipelineParallel != 0)
                throw new FlopsArgumentException("VirtualPipelineStages",
                    $"Interleaving ({l.VirtualPipelineStages} chunks per stage) needs the micro-batches per step ({m}) to be a multiple of PipelineParallel ({l.PipelineParallel}) "
                    + "(Narayanan et al. 2021, section 2.2.2).",
                    "VirtualPipelineStagesLayout");
        }

        /// <summary>Refuses a layout whose axes do not multiply to <paramref name="devices"/> (the planning base's DeviceCountLayout).</summary>
        public static void ValidateDevices(ParallelLayout l, long devices)
        {
            if (l.DeviceCount != devices)
                throw new FlopsArgumentException("DeviceCount",
                    $"DeviceCount ({devices}) must equal TensorParallel x PipelineParallel x DataParallel x ContextParallel ({l.TensorParallel} x {l.PipelineParallel} x {l.DataParallel} x {l.ContextParallel} = {l.DeviceCount}).",
                    "DeviceCountLayout");
        }

        /// <summary>Memory per device of the layout, from the Memory engine (docs/memory.md).</summary>
        public static MemoryBreakdown MemoryPerDevice(StepTimeProfile model, TrainingStep step)
        {
            var l = step.Layout;
            // Routed experts are sharded over expert parallelism; the Memory engine then splits by TP x PP and ZeRO.
            double parameters = model.Parameters - model.ExpertParameters + model.ExpertParameters / l.ExpertParallel;
            return Planning.Memory.Training(parameters, model.Transformer, model.SequenceLength, step.MicroBatchSize, MemoryLayoutOf(step, step.Recompute));
        }

        public static StepTimeEstimate Estimate(StepTimeProfile model, TrainingStep step, Hardware hardware, Interconnect links,
            double reserveFraction = MemoryFit.DefaultReserveFraction, StepTimeCalibration calibration = null)
        {
            Validate(model, step);
            var memory = MemoryPerDevice(model, step);
            var verdict = MemoryFit.Verdict(memory.TotalBytes, hardware, reserveFraction);
            calibration ??= StepTimeCalibration.Default;
            return Time(model, step, hardware, links, memory, verdict.Fits, calibration, MatmulEfficiency(hardware, calibration));
        }

        /// <summary>The matmul fraction of peak for a device and where it comes from.</summary>
        public static (double Fraction, string Source) MatmulEfficiency(Hardware hardware, StepTimeCalibration calibration = null)
        {
            string fitted = (calibration ?? StepTimeCalibration.Default).Provenance;
            return hardware.MatmulAchievableFraction is double f
                ? (f, $"matmuls at {hardware.Name}'s measured MatmulAchievableFraction {f.ToString(System.Globalization.CultureInfo.InvariantCulture)} (hardware table); {fitted}")
                : (StepTimeConstants.DefaultMatmulFraction,
                    $"no measured matmul fraction for {hardware.Name}: {StepTimeConstants.DefaultMatmulFraction.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, the mean of the table's NVIDIA fractions; {fitted}");
        }

        internal static StepTimeEstimate Time(StepTimeProfile model, TrainingStep step, Hardware hardware, Interconnect links, MemoryBreakdown memory, bool fits,
            StepTimeCalibration calibration, (double Fraction, string Source) efficiency, LayerStepTime layer = null)
        {
            var l = step.Layout;
            double peak = hardware.PeakFlopsPerSecond(step.DataType) ?? throw new FlopsArgumentException("DataType",
                $"{hardware.Name} has no {step.DataType} peak in the table.", "NoPeakForDataType");
            if (!(hardware.MemoryBandwidthBytesPerSecond > 0))
                throw new FlopsArgumentException("Hardware", $"{hardware.Name} has no memory bandwidth in the table.", "NoMemoryBandwidth");
            var (fraction, source) = efficiency;
            double rate = peak * fraction, hbm = hardware.MemoryBandwidthBytesPerSecond, k = calibration.MemoryTrafficPerActivationByte;
            long t = l.TensorParallel, p = l.PipelineParallel, d = l.DataParallel, cp = l.ContextParallel, v = l.VirtualPipelineStages;
            double b = step.MicroBatchSize, s = model.SequenceLength, h = model.ModelDim, bytes = Precision.Bytes(step.DataType);
            double split = t * cp, L = model.Layers;

            // A layer's time depends on TP, CP, the micro-batch, SP and recomputation only: the layout search passes it in.
            layer ??= Layer(model, step, links, rate, hbm, calibration);
            double layerCompute = layer.ComputeSeconds, layerTp = layer.TensorParallelSeconds, layerCp = layer.ContextParallelSeconds;

            // Expert all-to-alls: dispatch and combine, forward and backward, of each token's top-k copies.
            double epLayer = 0;
            if (model.MoELayers > 0 && l.ExpertParallel > 1)
            {
                double tokens = b * (s / cp) / (l.SequenceParallel ? t : 1);
                double a2a = Collectives.Seconds(CollectiveKind.AllToAll, tokens * model.TopK * h * bytes, l.ExpertParallel, t * cp, links);
                epLayer = (step.Recompute == Recompute.Full ? 6 : 4) * a2a;
            }

            // Layers that do not split evenly go to whole chunks: each of the p x v chunks holds ceil(L / (p v)) layers at most,
            // and the slowest stage sets the pace.
            long chunkLayers = (model.Layers + p * v - 1) / (p * v);
            long stageLayers = chunkLayers * v;
            long stageMoE = Math.Min(stageLayers, (model.MoELayers + p - 1) / p);
            // The last stage also runs the LM head: matmuls and the fp32 logits it writes and reads back.
            double logits = 3 * b * model.HeadFlops / split / rate + k * 3 * b * (s / cp) * model.VocabSize / t * 4 / hbm;
            double slotCompute = stageLayers * layerCompute + logits;
            double slotTp = stageLayers * layerTp, slotCp = stageLayers * layerCp, slotEp = stageMoE * epLayer;
            // Each of the v chunks sends activations forward and gradients back; Megatron splits the send over TP ranks.
            double ppMessage = b * (s / cp) * h * bytes / t;
            double slotPp = p == 1 ? 0 : 2 * v * Collectives.Seconds(CollectiveKind.PointToPoint, ppMessage, 2, t * cp * d, links);
            double slot = slotCompute + slotTp + slotCp + slotEp + slotPp;

            // Validated by Validate (or built valid by the layout search); the checking getters are kept off this hot path.
            double sequences = step.GlobalBatchSize;
            double m = sequences / (b * d);
            double bubble = (p - 1) / (double)v * slot;

            // Data parallelism: every parameter's gradient (dense and expert alike) is reduced over DP x CP.
            double localParameters = (model.Parameters - model.ExpertParameters + model.ExpertParameters / l.ExpertParallel) / (t * p);
            long replicas = d * cp;
            double gradientBytes = localParameters * bytes;
            double dp;
            if (l.ZeroStage < 3)
            {
                dp = l.ZeroStage == 0
                    ? Collectives.Seconds(CollectiveKind.AllReduce, gradientBytes, replicas, t, links)
                    : Collectives.Seconds(CollectiveKind.ReduceScatter, gradientBytes, replicas, t, links)
                      + Collectives.Seconds(CollectiveKind.AllGather, gradientBytes, replicas, t, links);
                // Bucketed reduction under the backward pass of the last micro-batch.
                if (step.OverlapGradientReduction) dp = Math.Max(0, dp - slotCompute * 2 / 3);
            }
            else
            {
                // ZeRO-3 / FSDP: gather the weights for forward and again for backward, reduce-scatter the gradients, every micro-batch.
                double perMicroBatch = 2 * Collectives.Seconds(CollectiveKind.AllGather, gradientBytes, replicas, t, links)
                    + Collectives.Seconds(CollectiveKind.ReduceScatter, gradientBytes, replicas, t, links);
                dp = m * (step.OverlapGradientReduction ? Math.Max(0, perMicroBatch - slotCompute) : perMicroBatch);
            }

            // The optimizer reads and writes its states and reads the gradient, writes the weight, once per local parameter.
            // Sharded as the Memory engine shards the optimizer states: over the data-parallel size.
            double optimizerParameters = localParameters / (l.ZeroStage >= 1 ? d : 1);
            double optimizer = optimizerParameters
                * (2 * Planning.Memory.OptimizerBytesPerParameter(step.Optimizer, step.DataType) + StepTimeConstants.OptimizerExtraBytesPerParameter) / hbm;

            double total = m * slot + bubble + dp + optimizer;
            double devices = (double)t * p * d * cp;
            double modelFlops = sequences * Models.Passes.Training(model.Reported.Total.Flops);
            double hardwareFlops = sequences * model.Reported.HardwareFlops(step.Recompute);
            return new StepTimeEstimate
            {
                Step = step, Layout = step.Layout, SequenceLength = model.SequenceLength, StepSeconds = total,
                ComputeSeconds = m * slotCompute, TensorParallelCommSeconds = m * slotTp, PipelineBubbleSeconds = bubble,
                PipelineCommSeconds = m * slotPp, DataParallelCommSeconds = dp, ExpertParallelCommSeconds = m * slotEp,
                ContextParallelCommSeconds = m * slotCp, OptimizerSeconds = optimizer,
                TokensPerSecond = sequences * s / total, ModelFlopsPerStep = modelFlops, HardwareFlopsPerStep = hardwareFlops,
                TFlopsPerSecondPerDevice = modelFlops / total / devices / 1e12,
                Mfu = modelFlops / (total * devices * peak), Hfu = hardwareFlops / (total * devices * peak),
                Memory = memory, MemoryBytesPerDevice = memory.TotalBytes, DeviceMemoryBytes = hardware.MemoryBytes, Fits = fits,
                Efficiency = fraction, EfficiencySource = source,
            };
        }

        /// <summary>The layer time with the device's own rates (for the layout search's cache).</summary>
        internal static LayerStepTime Layer(StepTimeProfile model, TrainingStep step, Hardware hardware, Interconnect links,
            StepTimeCalibration calibration, double matmulFraction) =>
            Layer(model, step, links, hardware.PeakFlopsPerSecond(step.DataType).Value * matmulFraction, hardware.MemoryBandwidthBytesPerSecond, calibration);

        /// <summary>One layer's forward and backward on one device for one micro-batch (Korthikanti Table 4's quantity).</summary>
        public static LayerStepTime Layer(StepTimeProfile model, TrainingStep step, Hardware hardware, Interconnect links,
            StepTimeCalibration calibration = null)
        {
            var l = step.Layout;
            Validate(model, step);
            double peak = hardware.PeakFlopsPerSecond(step.DataType) ?? throw new FlopsArgumentException("DataType",
                $"{hardware.Name} has no {step.DataType} peak in the table.", "NoPeakForDataType");
            return Layer(model, step, links, peak * MatmulEfficiency(hardware).Fraction, hardware.MemoryBandwidthBytesPerSecond,
                calibration ?? StepTimeCalibration.Default);
        }

        private static LayerStepTime Layer(StepTimeProfile model, TrainingStep step, Interconnect links, double rate, double hbm,
            StepTimeCalibration calibration)
        {
            var l = step.Layout;
            double k = calibration.MemoryTrafficPerActivationByte;
            long t = l.TensorParallel, cp = l.ContextParallel;
            double b = step.MicroBatchSize, s = model.SequenceLength, h = model.ModelDim, bytes = Precision.Bytes(step.DataType);
            double split = t * cp, L = model.Layers;

            // One layer, one micro-batch, one device.
            double matmul = b * model.LayerFlops / L / split / rate;
            // Context parallelism gives each device 1/CP of every sequence's queries (against all keys).
            double stored = Planning.Memory.ActivationBytesPerLayer(model.Transformer, model.SequenceLength, step.MicroBatchSize, MemoryLayoutOf(step, Recompute.None)) / cp;
            double scores = stored - Planning.Memory.ActivationBytesPerLayer(model.Transformer, model.SequenceLength, step.MicroBatchSize, MemoryLayoutOf(step, Recompute.Selective)) / cp;
            double elementwise = k * stored / hbm;
            double forwardCompute = matmul + elementwise;
            double core = b * model.CoreFlops / L / split / rate;

            double tpMessage = b * (s / cp) * h * bytes;
            double allGather = Collectives.Seconds(CollectiveKind.AllGather, tpMessage, t, 1, links);
            double tpForward = t == 1 ? 0 : 2 * (l.SequenceParallel
                ? Collectives.Seconds(CollectiveKind.ReduceScatter, tpMessage, t, 1, links) + allGather
                : Collectives.Seconds(CollectiveKind.AllReduce, tpMessage, t, 1, links));
            // Sequence parallelism gathers the layer-norm outputs again in backward for the weight gradients.
            double tpBackward = calibration.BackwardTensorParallelExposure * (tpForward + (l.SequenceParallel && t > 1 ? 2 * allGather : 0));

            // Ring attention: cp - 1 sends of this device's K and V chunk, hidden behind the attention core.
            double kvChunk = 2 * b * (s / cp) * model.KvWidth * bytes;
            double cpSend = (cp - 1) * Collectives.Seconds(CollectiveKind.PointToPoint, kvChunk, cp, t, links);
            double cpForward = Math.Max(0, cpSend - core), cpBackward = Math.Max(0, 2 * cpSend - 2 * core);

            double recomputeCompute = 0, recomputeTp = 0, recomputeCp = 0;
            switch (step.Recompute)
            {
                case Recompute.Full:
                    recomputeCompute = forwardCompute; recomputeTp = tpForward; recomputeCp = cpForward;
                    break;
                case Recompute.Selective:
                    recomputeCompute = core + k * scores / hbm;
                    break;
            }
            double forward = forwardCompute + tpForward + cpForward;
            double backward = 2 * forwardCompute + tpBackward + cpBackward + recomputeCompute + recomputeTp + recomputeCp;
            return new LayerStepTime(forward, backward, 3 * forwardCompute + recomputeCompute,
                tpForward + tpBackward + recomputeTp, cpForward + cpBackward + recomputeCp);
        }


        /// <summary>The Memory engine's view of the step, as Get-ModelMemory builds it (MemoryLayout.From, micro-batches in flight).</summary>
        internal static MemoryLayout MemoryLayoutOf(TrainingStep step, Recompute recompute) =>
            MemoryLayout.From(step.Layout, new Precision(step.DataType), step.Optimizer,
                new CountingOptions(Convention.Matmul, false, recompute, step.FlashAttention)) with
            {
                MicroBatchesInFlight = step.MicroBatches,
            };
    }
}
