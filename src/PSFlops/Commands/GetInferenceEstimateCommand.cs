using System;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// A model served on a deployment: memory per device and whether it fits, the largest batch that fits, time to
    /// first token (the prefill roofline) and time per output token (the decode roofline with tensor- and
    /// pipeline-parallel communication), tokens per second and cost. One result per combination of the arrays.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InferenceEstimate", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(InferenceEstimate))]
    public sealed class GetInferenceEstimateCommand : ServingCommandBase
    {
        protected override void ProcessRecord()
        {
            ServingOptions options;
            try
            {
                RefuseTrainingParameters();
                options = ServingOptions;
                options.Validate();
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, null)); return; }

            var devices = ServingHardware();
            foreach (var model in ResolveModels())
            {
                Engine.Models.TransformerConfig config;
                ParallelLayout[] layouts;
                ServingCostCache costs;
                try
                {
                    config = TransformerOf(model);
                    layouts = Layouts().ToArray();
                    // Each step's batch-1 cost is counted once for the whole sweep of this model.
                    costs = new ServingCostCache(config, options.Counting);
                }
                catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); continue; }

                foreach (var hardware in devices)
                {
                    ServingSystem system;
                    try { system = SystemFor(hardware); }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, hardware.Name)); continue; }
                    foreach (var layout in layouts)
                        foreach (long batch in BatchSizes(model.Definition))
                            foreach (long context in Contexts(model.Definition))
                                foreach (long prompt in Prompts(context))
                                {
                                    // One combination that fails is one error; the rest of the sweep goes on.
                                    try
                                    {
                                        var estimate = Serving.Estimate(config, hardware, system, layout,
                                            new ServingWorkload(prompt, context, batch, OutputTokens), options, costs);
                                        WriteObject(ModelWorkload.Echo(InferenceEstimate.From(model.Name, hardware, estimate, options.Counting), config));
                                        Progress.Tick(model.Name);
                                    }
                                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                                }
                }
            }
        }
    }
}
