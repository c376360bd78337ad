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
        /// <summary>Checks the layout against the model and the workload; every failure has a stable error id.</summary>
        public static void Validate(StepTimeProfile model, ParallelLayout l)
        {
            Require.Positive(l.TensorParallel, "TensorParallel");
            Require.Positive(l.PipelineParallel, "PipelineParallel");
            Require.Positive(l.DataParallel, "DataParallel");
            Require.Positive(l.ExpertParallel, "ExpertParallel");
            Require.Positive(l.ContextParallel, "ContextParallel");
            Require.Positive(l.VirtualPipelineStages, "VirtualPipelineStages");
            Require.Positive(l.MicroBatchSize, "MicroBatchSize");
            Require.Positive(l.GlobalBatchSize, "GlobalBatchSize");
            Require.That(l.ZeroStage >= 0 && l.ZeroStage <= 3, "ZeroStage", $"ZeroStage must be 0, 1, 2 or 3; got {l.ZeroStage}.");
            Require.That((double)l.TensorParallel * l.PipelineParallel * l.DataParallel * l.ContextParallel <= Require.MaxDimension,
                "DeviceCount", "TensorParallel x PipelineParallel x DataParallel x ContextParallel must be at most 2^53.");
            if (l.TensorParallel > model.Heads)
                throw new InvalidLayoutException("TensorParallelAboveHeads", "TensorParallel",
                    $"TensorParallel ({l.TensorParallel}) is above {model.Model}'s {model.Heads} attention heads.");
            if (model.Heads % l.TensorParallel != 0)
                throw new InvalidLayoutException("TensorParallelNotDividingHeads", "TensorParallel",
                    $"TensorParallel ({l.TensorParallel}) must divide {model.Model}'s {model.Heads} attention heads.");
            if (l.PipelineParallel > model.Layers)
                throw new InvalidLayoutException("PipelineAboveLayers", "PipelineParallel",
                    $"PipelineParallel ({l.PipelineParallel}) is above {model.Model}'s {model.Layers} layers.");
            if (l.ExpertParallel > 1)
            {
                if (model.Experts == 0)
                    throw new InvalidLayoutException("ExpertParallelWithoutExperts", "ExpertParallel",
                        $"{model.Model} has no mixture-of-experts layers; ExpertParallel must be 1.");
                if (model.Experts % l.ExpertParallel != 0)
                    throw new InvalidLayoutException("ExpertParallelNotDividingExperts", "ExpertParallel",
                        $"ExpertParallel ({l.ExpertParallel}) must divide {model.Model}'s {model.Experts} experts.");
                if (l.DataParallel * l.TensorParallel * l.ContextParallel % l.ExpertParallel != 0)
                    throw new InvalidLayoutException("ExpertParallelNotDividingDevices", "ExpertParallel",
                        $"ExpertParallel ({l.ExpertParallel}) must divide DataParallel x TensorParallel x ContextParallel ({l.DataParallel * l.TensorParallel * l.ContextParallel}).");
            }
            if (model.SequenceLength % l.ContextParallel != 0)
                throw new InvalidLayoutException("ContextParallelNotDividingSequence", "ContextParallel",
                    $"ContextParallel ({l.ContextParallel}) must divide the sequence length ({model.SequenceLength}).");
            double perStep = (double)l.MicroBatchSize * l.DataParallel;
            if (l.GlobalBatchSize % (l.MicroBatchSize * l.DataParallel) != 0 || perStep > l.GlobalBatchSize)
                throw new InvalidLayoutException("GlobalBatchNotFilled", "GlobalBatchSize",
                    $"GlobalBatchSize ({l.GlobalBatchSize}) must be a whole number of micro-batches of MicroBatchSize ({l.MicroBatchSize}) x DataParallel ({l.DataParallel}) = {perStep}.");
            if (l.VirtualPipelineStages > 1)
            {
                long m = l.MicroBatches;
                if (l.PipelineParallel == 1 || m % l.PipelineParallel != 0 || model.Layers % (l.PipelineParallel * l.VirtualPipelineStages) != 0)
                    throw new InvalidLayoutException("InvalidInterleaving", "VirtualPipelineStages",
                        $"Interleaving ({l.VirtualPipelineStages} chunks) needs PipelineParallel > 1, micro-batches ({m}) a multiple of PipelineParallel ({l.PipelineParallel}) "
                        + $"and the layers ({model.Layers}) a multiple of PipelineParallel x VirtualPipelineStages (Narayanan et al. 2021 §2.2.2).");
            }
        }

        /// <summary>Refuses a layout whose axes do not multiply to <paramref name="devices"/>.</summary>
        public static void ValidateDevices(ParallelLayout l, long devices)
        {
            if (l.DeviceCount != devices)
                throw new InvalidLayoutException("LayoutDeviceMismatch", "DeviceCount",
                    $"TensorParallel ({l.TensorParallel}) x PipelineParallel ({l.PipelineParallel}) x DataParallel ({l.DataParallel}) x ContextParallel ({l.ContextParallel}) = {l.DeviceCount}, not DeviceCount ({devices}).");
        }

        /// <summary>Memory per device of the layout, from the Memory engine (docs/memory.md).</summary>
        public static MemoryBreakdown MemoryPerDevice(StepTimeProfile model, ParallelLayout l)
        {
            // Routed experts are sharded over expert parallelism; the Memory engine then splits by TP x PP and ZeRO.
            double parameters = model.Parameters - model.ExpertParameters + model.ExpertParameters / l.ExpertParallel;
            var layout = MemoryLayoutOf(l, l.Recompute);
            // Context parallelism gives each device 1/CP of every sequence's tokens.
            return Planning.Memory.Training(parameters, model.Transformer, model.SequenceLength / l.ContextParallel, l.MicroBatchSize, layout);
        }

        public static StepTimeEstimate Estimate(StepTimeProfile model, ParallelLayout l, Hardware hardware, Interconnect links, double reserveFraction = 0.1,
            StepTimeCalibration calibration = null)
        {
            Validate(model, l);
            var memory = MemoryPerDevice(model, l);
            double usable = hardware.MemoryBytes * (1 - reserveFraction);
            return Time(model, l, hardware, links, memory, memory.TotalBytes <= usable, calibration ?? StepTimeCalibration.Default);
        }

        /// <summary>The matmul fraction of peak for a device and where it comes from.</summary>
        public static (double Fraction, string Source) MatmulEfficiency(Hardware hardware) =>
            hardware.MatmulAchievableFraction is double f
                ? (f, $"matmuls at {hardware.Name}'s measured MatmulAchievableFraction {f} (hardware table)")
                : (StepTimeConstants.DefaultMatmulFraction, $"no measured matmul fraction for {hardware.Name}: {StepTimeConstants.DefaultMatmulFraction:0.###}, the mean of the table's NVIDIA fractions");

        internal static StepTimeEstimate Time(StepTimeProfile model, ParallelLayout l, Hardware hardware, Interconnect links, MemoryBreakdown memory, bool fits,
            StepTimeCalibration calibration)
        {
            double peak = hardware.PeakFlopsPerSecond(l.DataType) ?? throw new InvalidLayoutException("NoPeakForDataType", "DataType",
                $"{hardware.Name} has no {l.DataType} peak in the table.");
            if (!(hardware.MemoryBandwidthBytesPerSecond > 0))
                throw new InvalidLayoutException("NoMemoryBandwidth", "Hardware", $"{hardware.Name} has no memory bandwidth in the table.");
            var (fraction, source) = MatmulEfficiency(hardware);
            double rate = peak * fraction, hbm = hardware.MemoryBandwidthBytesPerSecond, k = calibration.MemoryTrafficPerActivationByte;
            long t = l.TensorParallel, p = l.PipelineParallel, d = l.DataParallel, cp = l.ContextParallel, v = l.VirtualPipelineStages;
            double b = l.MicroBatchSize, s = model.SequenceLength, h = model.ModelDim, bytes = Precision.Bytes(l.DataType);
            double split = t * cp, L = model.Layers;

            var layer = Layer(model, l, links, rate, hbm, calibration);
            double layerCompute = layer.ComputeSeconds, layerTp = layer.TensorParallelSeconds, layerCp = layer.ContextParallelSeconds;

            // Expert all-to-alls: dispatch and combine, forward and backward, of each token's top-k copies.
            double epLayer = 0;
            if (model.MoELayers > 0 && l.ExpertParallel > 1)
            {
                double tokens = b * (s / cp) / (l.SequenceParallel ? t : 1);
                double a2a = Collectives.Seconds(CollectiveKind.AllToAll, tokens * model.TopK * h * bytes, l.ExpertParallel, t * cp, links);
                epLayer = (l.Recompute == Recompute.Full ? 6 : 4) * a2a;
            }

            long stageLayers = (model.Layers + p - 1) / p;
            long stageMoE = (model.MoELayers + p - 1) / p;
            // The last stage also runs the LM head: matmuls and the fp32 logits it writes and reads back.
            double logits = 3 * b * model.HeadFlops / split / rate + k * 3 * b * (s / cp) * model.VocabSize / t * 4 / hbm;
            double slotCompute = stageLayers * layerCompute + logits;
            double slotTp = stageLayers * layerTp, slotCp = stageLayers * layerCp, slotEp = stageMoE * epLayer;
            // Each of the v chunks sends activations forward and gradients back; Megatron splits the send over TP ranks.
            double ppMessage = b * (s / cp) * h * bytes / t;
            double slotPp = p == 1 ? 0 : 2 * v * Collectives.Seconds(CollectiveKind.PointToPoint, ppMessage, 2, t * cp * d, links);
            double slot = slotCompute + slotTp + slotCp + slotEp + slotPp;

            double m = l.MicroBatches;
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
                if (l.OverlapGradientReduction) dp = Math.Max(0, dp - slotCompute * 2 / 3);
            }
            else
            {
                // ZeRO-3 / FSDP: gather the weights for forward and again for backward, reduce-scatter the gradients, every micro-batch.
                double perMicroBatch = 2 * Collectives.Seconds(CollectiveKind.AllGather, gradientBytes, replicas, t, links)
                    + Collectives.Seconds(CollectiveKind.ReduceScatter, gradientBytes, replicas, t, links);
                dp = m * (l.OverlapGradientReduction ? Math.Max(0, perMicroBatch - slotCompute) : perMicroBatch);
            }

            // The optimizer reads and writes its states and reads the gradient, writes the weight, once per local parameter.
            double optimizerParameters = localParameters / (l.ZeroStage >= 1 ? replicas : 1);
            double optimizer = optimizerParameters
                * (2 * Planning.Memory.OptimizerBytesPerParameter(l.Optimizer, l.DataType) + StepTimeConstants.OptimizerExtraBytesPerParameter) / hbm;

            double step = m * slot + bubble + dp + optimizer;
            double devices = l.DeviceCount;
            double sequences = l.GlobalBatchSize;
            double modelFlops = sequences * Models.Passes.Training(model.Reported.Total.Flops);
            double hardwareFlops = sequences * model.Reported.HardwareFlops(l.Recompute);
            return new StepTimeEstimate
            {
                Layout = l, SequenceLength = model.SequenceLength, StepSeconds = step,
                ComputeSeconds = m * slotCompute, TensorParallelCommSeconds = m * slotTp, PipelineBubbleSeconds = bubble,
                PipelineCommSeconds = m * slotPp, DataParallelCommSeconds = dp, ExpertParallelCommSeconds = m * slotEp,
                ContextParallelCommSeconds = m * slotCp, OptimizerSeconds = optimizer,
                TokensPerSecond = sequences * s / step, ModelFlopsPerStep = modelFlops, HardwareFlopsPerStep = hardwareFlops,
                TFlopsPerSecondPerDevice = modelFlops / step / devices / 1e12,
                Mfu = modelFlops / (step * devices * peak), Hfu = hardwareFlops / (step * devices * peak),
                Memory = memory, MemoryBytesPerDevice = memory.TotalBytes, DeviceMemoryBytes = hardware.MemoryBytes, Fits = fits,
                Efficiency = fraction, EfficiencySource = source + "; " + calibration.Provenance,
            };
        }

        /// <summary>One layer's forward and backward on one device for one micro-batch (Korthikanti Table 4's quantity).</summary>
        public static LayerStepTime Layer(StepTimeProfile model, ParallelLayout l, Hardware hardware, Interconnect links,
            StepTimeCalibration calibration = null)
        {
            Validate(model, l);
            double peak = hardware.PeakFlopsPerSecond(l.DataType) ?? throw new InvalidLayoutException("NoPeakForDataType", "DataType",
                $"{hardware.Name} has no {l.DataType} peak in the table.");
            return Layer(model, l, links, peak * MatmulEfficiency(hardware).Fraction, hardware.MemoryBandwidthBytesPerSecond,
                calibration ?? StepTimeCalibration.Default);
        }

        private static LayerStepTime Layer(StepTimeProfile model, ParallelLayout l, Interconnect links, double rate, double hbm,
            StepTimeCalibration calibration)
        {
            double k = calibration.MemoryTrafficPerActivationByte;
            long t = l.TensorParallel, cp = l.ContextParallel;
            double b = l.MicroBatchSize, s = model.SequenceLength, h = model.ModelDim, bytes = Precision.Bytes(l.DataType);
            double split = t * cp, L = model.Layers;

            // One layer, one micro-batch, one device.
            double matmul = b * model.LayerFlops / L / split / rate;
            double stored = Planning.Memory.ActivationBytesPerLayer(model.Transformer, model.SequenceLength / cp, l.MicroBatchSize, MemoryLayoutOf(l, Recompute.None));
            double scores = stored - Planning.Memory.ActivationBytesPerLayer(model.Transformer, model.SequenceLength / cp, l.MicroBatchSize, MemoryLayoutOf(l, Recompute.Selective));
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
            switch (l.Recompute)
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


        internal static MemoryLayout MemoryLayoutOf(ParallelLayout l, Recompute recompute) => new MemoryLayout
        {
            DataType = l.DataType, Optimizer = l.Optimizer, ZeroStage = l.ZeroStage, DataParallel = l.DataParallel * l.ContextParallel,
            TensorParallel = l.TensorParallel, PipelineParallel = l.PipelineParallel, SequenceParallel = l.SequenceParallel,
            Recompute = recompute, FlashAttention = l.FlashAttention,
        };
    }
}
