using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// Every layout of -DeviceCount devices (TP, PP, DP, EP, CP, interleaving, micro-batch, recompute, ZeRO stage,
    /// sequence parallelism) that is valid for the model and fits, as Get-StepTime objects, fastest first. A layout
    /// parameter given restricts its axis to the values given.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "ParallelLayout", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(TrainingStepTime))]
    public sealed class FindParallelLayoutCommand : StepTimeCommandBase
    {
        /// <summary>How many layouts to write (the fastest); all that fit when absent.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                Refuse("KvCacheType", KvCacheType.HasValue, "a training step holds no KV cache.");
                if (!(DeviceCount is long devices))
                    throw new InputException("MissingDeviceCount", "Find-ParallelLayout needs -DeviceCount, the devices to lay the model out on.", ErrorCategory.InvalidArgument);
                if (!(GlobalBatchSize is { Length: > 0 }))
                    throw new InputException("MissingGlobalBatchSize", "Find-ParallelLayout needs -GlobalBatchSize, the sequences per optimizer step.", ErrorCategory.InvalidArgument);
                if (!HardwareGiven)
                    throw new InputException("MissingHardware", "Find-ParallelLayout needs -Hardware (a name from Get-Hardware, or a hardware object).", ErrorCategory.InvalidArgument);
                Require.Positive(devices, "DeviceCount");
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, null)); return; }

            var hardware = ResolveHardware();
            var constraints = Constraints();
            foreach (var model in ResolveModels())
                foreach (var device in hardware)
                {
                    try
                    {
                        var links = Engine.Planning.Interconnect.Of(device, Interconnect);
                        foreach (long sequence in SequenceLengths(model.Definition))
                        {
                            var profile = StepTimeProfile.Of(model.Definition, sequence, FlashAttention.IsPresent, new CountingOptions(Convention, CausalMask.IsPresent));
                            var template = new TrainingStep
                            {
                                DataType = DataType, Optimizer = Optimizer, FlashAttention = FlashAttention.IsPresent,
                                OverlapGradientReduction = OverlapGradientReduction.IsPresent,
                            };
                            foreach (long global in GlobalBatchSize)
                            {
                                var result = LayoutSearch.Find(profile, DeviceCount.Value, global, template, device, links, constraints, ReserveFraction, First);
                                if (result.Layouts.Count == 0)
                                    WriteWarning($"No layout of {DeviceCount.Value} {device.Name} devices fits {model.Name} at {global} sequences of {sequence} tokens"
                                        + $" ({result.Considered} considered).");
                                foreach (var e in result.Layouts) WriteObject(ModelWorkload.Echo(TrainingStepTime.From(model.Name, device, links, e), model.Definition.Transformer));
                                Progress.Tick(model.Name);
                            }
                        }
                    }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                }
        }

        /// <summary>Each layout parameter given fixes its axis to the values given; -Recompute and -SequenceParallel only when given.</summary>
        private LayoutConstraints Constraints() => new LayoutConstraints
        {
            TensorParallel = TensorParallel, PipelineParallel = PipelineParallel, DataParallel = DataParallel,
            ExpertParallel = ExpertParallel, ContextParallel = ContextParallel, VirtualPipelineStages = VirtualPipelineStages,
            MicroBatchSize = MicroBatchSize ?? BatchSize, ZeroStage = ZeroStage,
            Recompute = IsBound(nameof(Recompute)) ? new[] { Recompute } : null,
            SequenceParallel = IsBound(nameof(SequenceParallel)) ? new[] { SequenceParallel.IsPresent } : null,
        };
    }
}
