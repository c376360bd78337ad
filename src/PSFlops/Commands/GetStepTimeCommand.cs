using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// One optimizer step of a transformer on a parallel layout, predicted from its work and its communication
    /// (docs/step-time.md): the time of each term, tokens/s, MFU and HFU, memory per device and whether it fits.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StepTime", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(TrainingStepTime))]
    public sealed class GetStepTimeCommand : StepTimeCommandBase
    {
        protected override void ProcessRecord()
        {
            try { Refuse("KvCacheType", KvCacheType.HasValue, "a training step holds no KV cache."); }
            catch (InputException e) { WriteError(Errors.From(e, null)); return; }
            var devices = ResolveHardware();
            if (!HardwareGiven)
            {
                WriteError(Errors.Record(new ArgumentException("No hardware was given."), "MissingHardware", ErrorCategory.InvalidArgument, null,
                    "Get-StepTime needs -Hardware (a name from Get-Hardware, or a hardware object)."));
                return;
            }
            foreach (var model in ResolveModels())
            {
                var profiles = new Dictionary<long, StepTimeProfile>();
                foreach (var device in devices)
                {
                    Interconnect links;
                    try { links = Engine.Planning.Interconnect.Of(device, Interconnect); }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, device.Name)); continue; }
                    List<ParallelLayout> layouts;
                    try { layouts = new List<ParallelLayout>(Layouts()); }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); return; }
                    foreach (var layout in layouts)
                        foreach (var workload in Workloads(model.Definition))
                        {
                            try
                            {
                                if (!profiles.TryGetValue(workload.SequenceLength, out var profile))
                                    profiles[workload.SequenceLength] = profile = StepTimeProfile.Of(model.Definition, workload.SequenceLength,
                                        FlashAttention.IsPresent, new CountingOptions(Convention, CausalMask.IsPresent));
                                var step = new TrainingStep
                                {
                                    Layout = layout, Workload = workload, Recompute = Recompute, DataType = DataType, Optimizer = Optimizer,
                                    FlashAttention = FlashAttention.IsPresent, OverlapGradientReduction = OverlapGradientReduction.IsPresent,
                                };
                                var estimate = StepTime.Estimate(profile, step, device, links, ReserveFraction);
                                WriteObject(ModelWorkload.Echo(TrainingStepTime.From(model.Name, device, links, estimate), model.Definition.Transformer));
                            }
                            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                            Progress.Tick(model.Name);
                        }
                }
            }
        }
    }
}
