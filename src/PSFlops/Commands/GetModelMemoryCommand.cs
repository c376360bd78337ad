using System;
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
    public sealed class GetModelMemoryCommand : ModelSourceCommandBase
    {
        private const string ParametersSet = "Parameters";

        /// <summary>A bare parameter count: weights, gradients and optimizer states only (no activations).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        public double Parameters { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        /// <summary>KV cache type for -Inference; defaults to the weight type (BF16 for INT4 weights).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType? KvCacheDataType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Optimizer Optimizer { get; set; } = Optimizer.Adam;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 3)]
        public int ZeroStage { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long DataParallel { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long TensorParallel { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long PipelineParallel { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        /// <summary>Megatron sequence parallelism: splits the activations that tensor parallelism alone leaves whole.</summary>
        [Parameter]
        public SwitchParameter SequenceParallel { get; set; }

        /// <summary>Flash attention: no S x S tensors are kept for the backward pass.</summary>
        [Parameter]
        public SwitchParameter FlashAttention { get; set; }

        /// <summary>Weights and KV cache for serving instead of training state; -SequenceLength is the context.</summary>
        [Parameter]
        public SwitchParameter Inference { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public string Hardware { get; set; }

        /// <summary>Share of device memory kept back for the framework; 0.1 by default.</summary>
        [Parameter]
        [ValidateRange(0.0, 0.9)]
        public double ReserveFraction { get; set; } = 0.1;

        protected override void ProcessRecord()
        {
            // Once per input, not per row of a sweep: an unknown name is one error, not one per row.
            Engine.Planning.Hardware hardware;
            try { hardware = string.IsNullOrEmpty(Hardware) ? null : PlannerInputs.Hardware(Hardware); }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, Hardware)); return; }

            if (ParameterSetName == ParametersSet)
            {
                Write(null, Parameters, null, 1, 1, Parameters, hardware);
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
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                    {
                        Write(model.Name, parameters, transformer, sequence, batch, model.Target, hardware);
                        Progress.Tick(model.Name);
                    }
            }
        }

        private void Write(string name, double parameters, TransformerConfig transformer, long sequence, long batch, object target,
            Engine.Planning.Hardware hardware)
        {
            try
            {
                var memory = Estimate(parameters, transformer, sequence, batch, DataParallel, TensorParallel);
                var result = new ModelMemory
                {
                    Model = name, Mode = Inference.IsPresent ? "Inference" : "Training", Parameters = parameters,
                    SequenceLength = sequence, BatchSize = batch, DataType = DataType,
                    Optimizer = Inference.IsPresent ? (Optimizer?)null : Optimizer, ZeroStage = Inference.IsPresent ? 0 : ZeroStage,
                    DataParallel = DataParallel, TensorParallel = TensorParallel, PipelineParallel = PipelineParallel, Recompute = Recompute,
                    WeightBytes = memory.WeightBytes, GradientBytes = memory.GradientBytes, OptimizerBytes = memory.OptimizerBytes,
                    ActivationBytes = memory.ActivationBytes, KvCacheBytes = memory.KvCacheBytes, TotalBytes = memory.TotalBytes,
                };
                if (hardware != null)
                {
                    double usable = hardware.MemoryBytes * (1 - ReserveFraction);
                    bool Fits(MemoryBreakdown m) => m.TotalBytes <= usable;
                    result.Hardware = hardware.Name;
                    result.DeviceMemoryBytes = hardware.MemoryBytes;
                    result.ReserveFraction = ReserveFraction;
                    result.Fraction = memory.TotalBytes / hardware.MemoryBytes;
                    result.Fits = Fits(memory);
                    result.MinTensorParallel = Memory.SmallestFitting(tp => Fits(Estimate(parameters, transformer, sequence, batch, DataParallel, tp)));
                    // Data parallelism shrinks memory only through ZeRO sharding.
                    if (!Inference.IsPresent && ZeroStage > 0)
                        result.MinDataParallel = Memory.SmallestFitting(dp => Fits(Estimate(parameters, transformer, sequence, batch, dp, TensorParallel)));
                }
                WriteObject(result);
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, target)); }
        }

        private MemoryBreakdown Estimate(double parameters, TransformerConfig transformer, long sequence, long batch, long dataParallel, long tensorParallel)
        {
            if (Inference.IsPresent)
            {
                return Memory.Inference(parameters, transformer, sequence, batch, DataType,
                    KvCacheDataType ?? Precision.DefaultKvCacheType(DataType), tensorParallel);
            }
            var layout = new MemoryLayout
            {
                DataType = DataType, Optimizer = Optimizer, ZeroStage = ZeroStage, DataParallel = dataParallel,
                TensorParallel = tensorParallel, PipelineParallel = PipelineParallel, SequenceParallel = SequenceParallel.IsPresent,
                Recompute = Recompute, FlashAttention = FlashAttention.IsPresent,
            };
            return Memory.Training(parameters, transformer, sequence, batch, layout);
        }
    }
}
