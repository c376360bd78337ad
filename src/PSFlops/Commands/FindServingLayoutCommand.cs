using System;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// Deployments of a model on at most -MaxDeviceCount devices (tensor parallel, pipeline parallel, replicas and
    /// batch) that fit and meet the latency targets, highest TokensPerSecondPerDevice first; the same objects as
    /// Get-InferenceEstimate. -TensorParallel and -PipelineParallel fix an axis.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "ServingLayout", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(InferenceEstimate))]
    public sealed class FindServingLayoutCommand : ServingCommandBase
    {
        /// <summary>The most devices a deployment may use, replicas included.</summary>
        [Parameter(Mandatory = true)]
        [Dimension]
        [ValidateRange(1, long.MaxValue)]
        public long MaxDeviceCount { get; set; }

        /// <summary>Longest acceptable time per output token, seconds.</summary>
        [Parameter]
        [Number]
        public double? MaxTimePerOutputToken { get; set; }

        /// <summary>Longest acceptable time to first token, seconds.</summary>
        [Parameter]
        [Number]
        public double? MaxTimeToFirstToken { get; set; }

        /// <summary>At most this many deployments, best first.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; } = int.MaxValue;

        protected override void ProcessRecord()
        {
            ServingOptions options;
            try
            {
                RefuseTrainingParameters();
                Refuse("DataParallel", DataParallel is { Length: > 0 }, "replicas fill -MaxDeviceCount.");
                Refuse("DeviceCount", DeviceCount.HasValue, "give -MaxDeviceCount.");
                options = ServingOptions;
                options.Validate();
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, null)); return; }

            var devices = ServingHardware();
            foreach (var model in ResolveModels())
            {
                // What the candidates share (each step's cost and bytes, the KV split) is counted once for the model's sweep.
                ServingCostCache costs = null;
                foreach (var hardware in devices)
                    foreach (long context in Contexts(model.Definition))
                        foreach (long prompt in Prompts(context))
                        {
                            try
                            {
                                var config = TransformerOf(model);
                                costs ??= new ServingCostCache(config, options.Counting);
                                var found = Serving.Search(config, hardware, SystemFor(hardware), MaxDeviceCount, prompt, context, OutputTokens,
                                    options, MaxTimePerOutputToken, MaxTimeToFirstToken,
                                    BatchSize, TensorParallel, PipelineParallel, costs);
                                if (found.Count == 0)
                                    WriteWarning($"No deployment of {model.Name} on at most {MaxDeviceCount} {hardware.Name} fits and meets the targets at context {context}.");
                                foreach (var estimate in found.Take(First))
                                    WriteObject(ModelWorkload.Echo(InferenceEstimate.From(model.Name, hardware, estimate, options.Counting), config));
                                Progress.Tick(model.Name);
                            }
                            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                        }
            }
        }
    }
}
