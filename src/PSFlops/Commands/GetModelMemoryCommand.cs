using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// Memory per device for training (weights, gradients, optimizer states, activations) or inference
    /// (weights and KV cache), sharded by ZeRO and model parallelism, with a verdict against a device.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ModelMemory", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(ModelMemory))]
    public sealed class GetModelMemoryCommand : PlanningCommandBase
    {
        private const string ParametersSet = "Parameters";

        /// <summary>A bare parameter count: weights, gradients and optimizer states only (no activations).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        [Number]
        public double Parameters { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Optimizer? Optimizer { get; set; }

        /// <summary>Weights and KV cache for serving instead of training state; -SequenceLength is the context.</summary>
        [Parameter]
        public SwitchParameter Inference { get; set; }

        /// <summary>Share of device memory kept back for the framework; 0.1 by default. Not bound from piped rows (theirs may be empty).</summary>
        [Parameter]
        [Number(AllowZero = true, Maximum = 0.9)]
        public double ReserveFraction { get; set; } = MemoryFit.DefaultReserveFraction;

        public GetModelMemoryCommand() => Convention = Convention.Full;

        protected override void ProcessRecord()
        {
            // Once per input, not per row of a sweep: an unknown name is one error, not one per row.
            IReadOnlyList<Hardware> devices = ResolveHardware();
            if (HardwareGiven && devices.Count == 0) return;
            if (devices.Count == 0) devices = new Hardware[] { null };

            if (ParameterSetName == ParametersSet)
            {
                foreach (var device in devices)
                    foreach (var layout in Try(Layouts, Parameters))
                        Write(null, Parameters, null, new Workload(1), layout, device, Parameters);
                return;
            }
            foreach (var model in ResolveModels())
            {
                var transformer = model.Definition.Transformer;
                if (transformer == null && !Inference.IsPresent)
                    WriteWarning($"{model.Name} is a layer-graph model: activation memory is estimated for transformers only; ActivationBytes is 0.");
                // Parameters do not depend on the workload: count them once per model.
                double parameters;
                try { parameters = ModelCalculator.Cost(model.Definition, model.Definition.DefaultSequenceLength, 1, CountingOptions.Default).Total.Parameters; }
                catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); continue; }
                foreach (var device in devices)
                    foreach (var layout in Try(Layouts, model.Target))
                        foreach (var workload in Workloads(model.Definition))
                        {
                            Write(model.Name, parameters, transformer, workload, layout, device, model.Target);
                            Progress.Tick(model.Name);
                        }
            }
        }

        /// <summary>The layouts, or none with the error written when the layout parameters contradict each other.</summary>
        private IEnumerable<ParallelLayout> Try(Func<IEnumerable<ParallelLayout>> layouts, object target)
        {
            var list = new List<ParallelLayout>();
            try { list.AddRange(layouts()); }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, target)); }
            return list;
        }

        private void Write(string name, double parameters, TransformerConfig transformer, Workload workload, ParallelLayout layout,
            Hardware device, object target)
        {
            try
            {
                RefuseWhatThisModeIgnores(layout);
                layout.CheckAgainst(transformer);
                if (transformer != null) layout.CheckSequence(transformer, workload.SequenceLength);
                var optimizer = Optimizer ?? Engine.Planning.Optimizer.Adam;
                bool inference = Inference.IsPresent;
                var job = new MemoryJob(parameters, transformer, workload, layout, Precision, optimizer, PlanningOptions, inference);
                // -ScaleUpDomain overrides the row's domain, which bounds the smallest layout's TP.
                var assessment = device == null ? null : MemoryFit.Assess(job, device, ReserveFraction, ScaleUpDomain);
                var memory = assessment?.Memory ?? Memory.Of(job);
                var result = new ModelMemory
                {
                    Model = name, Mode = inference ? "Inference" : "Training", Parameters = (long)Math.Round(parameters),
                    SequenceLength = workload.SequenceLength, BatchSize = workload.MicroBatchSize, GlobalBatchSize = workload.GlobalBatchSize,
                    DataType = DataType, KvCacheType = inference ? Precision.ResolvedKvCacheType : (DataType?)null,
                    Optimizer = inference ? (Optimizer?)null : optimizer, ZeroStage = layout.ZeroStage,
                    DeviceCount = layout.DeviceCount, TensorParallel = layout.TensorParallel, PipelineParallel = layout.PipelineParallel,
                    DataParallel = layout.DataParallel, ExpertParallel = layout.ExpertParallel, ContextParallel = layout.ContextParallel,
                    VirtualPipelineStages = layout.VirtualPipelineStages, SequenceParallel = layout.SequenceParallel,
                    Recompute = Recompute, FlashAttention = FlashAttention.IsPresent,
                    ImageSize = transformer?.Vision?.ImageSize, ImageCount = transformer?.Vision?.ImageCount,
                    EncoderSequenceLength = transformer?.ResolvedEncoderLength(workload.SequenceLength, null),
                    WeightBytes = memory.WeightBytes, GradientBytes = memory.GradientBytes, OptimizerBytes = memory.OptimizerBytes,
                    ActivationBytes = memory.ActivationBytes, KvCacheBytes = memory.KvCacheBytes, TotalBytes = memory.TotalBytes,
                };
                if (assessment != null)
                {
                    var verdict = assessment.Verdict;
                    result.Hardware = device.Name;
                    result.DeviceMemoryBytes = verdict.DeviceMemoryBytes;
                    result.ReserveFraction = verdict.ReserveFraction;
                    result.UsableBytes = verdict.UsableBytes;
                    result.Fraction = verdict.Fraction;
                    result.Fits = verdict.Fits;
                    result.MinTensorParallel = assessment.MinTensorParallel;
                    result.MinPipelineParallel = assessment.MinPipelineParallel;
                    result.MinDataParallel = assessment.MinDataParallel;
                    if (assessment.SmallestLayout is ParallelLayout smallest)
                    {
                        result.MinDeviceCount = smallest.DeviceCount;
                        result.SmallestLayout = Describe(smallest);
                    }
                }
                WriteObject(result);
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, target)); }
        }

        private static string Describe(ParallelLayout l) =>
            $"TP {l.TensorParallel} x PP {l.PipelineParallel} x DP {l.DataParallel}" + (l.ContextParallel > 1 ? $" x CP {l.ContextParallel}" : "");

        /// <summary>Inference memory is weights and KV cache: parameters that only shape training state are refused, not echoed.</summary>
        private void RefuseWhatThisModeIgnores(ParallelLayout layout)
        {
            Refuse("Convention", IsBound("Convention"), "memory does not depend on how FLOPs are counted.");
            Refuse("CausalMask", CausalMask.IsPresent, "memory does not depend on how FLOPs are counted.");
            Refuse("ScaleUpGBps", ScaleUpGBps.HasValue, "memory does not depend on link bandwidth (Get-StepTime prices communication).");
            Refuse("ScaleOutGbps", ScaleOutGbps.HasValue, "memory does not depend on link bandwidth (Get-StepTime prices communication).");
            Refuse("ExpertParallel", layout.ExpertParallel > 1,
                "expert weights are split with the other weights over TP x PP here; expert parallelism is not modelled in memory yet.");
            if (!Inference.IsPresent)
            {
                Refuse("KvCacheType", KvCacheType.HasValue, "training memory holds no KV cache; use -Inference.");
                return;
            }
            const string why = "-Inference counts weights and the KV cache only.";
            Refuse("ZeroStage", layout.ZeroStage > 0, why);
            Refuse("Recompute", Recompute != Engine.Recompute.None, why);
            Refuse("SequenceParallel", layout.SequenceParallel, why);
            Refuse("VirtualPipelineStages", layout.VirtualPipelineStages > 1, why);
            Refuse("Optimizer", Optimizer.HasValue, why);
            Refuse("GlobalBatchSize", GlobalBatchSize is { Length: > 0 }, why + " -BatchSize is the sequences served together.");
            Refuse("FlashAttention", !FlashAttention.IsPresent, why + " The attention kernel changes neither.");
        }
    }
}
