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
    /// Model FLOPs utilisation (MFU) and hardware FLOPs utilisation (HFU) of a training run from its throughput.
    /// Work per token from any model source (-Model, -Path, definitions) or given (-FlopsPerToken, which Get-ModelFlops
    /// objects bind as TrainingFlopsPerToken); every parameter binds by property name, so CSV rows of runs pipe in.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ModelMfu", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(ModelMfu))]
    public sealed class GetModelMfuCommand : PlanningCommandBase
    {
        private const string WorkSet = "Work";

        /// <summary>
        /// Training FLOPs per token; binds TrainingFlopsPerToken from Get-ModelFlops objects. Given, no model is counted.
        /// Its own set (Work), so it stands without a model. A piped Get-ModelFlops object binds the model set (the
        /// default) and its work is counted again under this call's -Convention, -CausalMask and -Recompute.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TrainingFlopsPerToken")]
        [Number]
        public double? FlopsPerToken { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? HardwareFlopsPerToken { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public WorkMethod Method { get; set; } = WorkMethod.Exact;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? TokensPerSecond { get; set; }

        /// <summary>Seconds per optimizer step; with -GlobalBatchSize (else -BatchSize) sequences of -SequenceLength gives tokens per second.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? StepTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? PeakTFlopsPerSecond { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<Hardware> devices = ResolveHardware();
            if (HardwareGiven && devices.Count == 0) return;
            if (FlopsPerToken.HasValue)
            {
                string name = null;
                foreach (long sequence in SequenceLengths())
                    Sweep(name, (object)name ?? FlopsPerToken, devices, sequence, "Given",
                        FlopsPerToken.Value, HardwareFlopsPerToken ?? FlopsPerToken.Value);
                return;
            }
            if (ParameterSetName == PathSet && Path == null)
            {
                WriteError(Errors.From(new InputException("MissingWork", "Give -FlopsPerToken, or a model (-Model, -Path, a definition) to compute the work per token.", ErrorCategory.InvalidArgument), null));
                return;
            }
            foreach (var model in ResolveModels())
            {
                foreach (long sequence in SequenceLengths(model.Definition))
                {
                    TrainingWork work;
                    try { work = TrainingWork.Of(model.Definition, sequence, Method, PlanningOptions, Recompute); }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); continue; }
                    Sweep(model.Name, model.Target, devices, work.SequenceLength, Method.ToString(), work.ModelFlopsPerToken, work.HardwareFlopsPerToken);
                }
            }
        }

        private void Sweep(string name, object target, IReadOnlyList<Hardware> devices, long sequence, string method, double modelFlops, double hardwareFlops)
        {
            try
            {
                var peaks = Peaks(devices);
                foreach (var layout in Layouts())
                    foreach (long batch in StepTime.HasValue ? StepBatches() : new long[] { 0 })
                        foreach (var (peak, device) in peaks)
                        {
                            var u = Utilize(modelFlops, hardwareFlops, sequence, batch, peak, layout.DeviceCount);
                            WriteObject(new ModelMfu
                            {
                                Model = name, Hardware = device, DataType = DataType, DeviceCount = layout.DeviceCount,
                                TensorParallel = layout.TensorParallel, PipelineParallel = layout.PipelineParallel,
                                DataParallel = layout.DataParallel, ContextParallel = layout.ContextParallel,
                                SequenceLength = sequence, GlobalBatchSize = StepTime.HasValue ? batch : (long?)null, StepTime = StepTime,
                                TokensPerSecond = u.TokensPerSecond, Method = method, Convention = Convention, CausalMask = CausalMask.IsPresent,
                                Recompute = Recompute, FlopsPerToken = modelFlops, HardwareFlopsPerToken = hardwareFlops,
                                AchievedTFlopsPerSecondPerDevice = u.AchievedFlopsPerSecondPerDevice / 1e12,
                                PeakTFlopsPerSecondPerDevice = u.PeakFlopsPerSecondPerDevice / 1e12, Mfu = u.Mfu, Hfu = u.Hfu,
                            });
                            Progress.Tick(name);
                        }
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, target)); }
        }

        private IEnumerable<long> StepBatches() =>
            GlobalBatchSize is { Length: > 0 } ? GlobalBatchSize
            : BatchSize is { Length: > 0 } ? BatchSize
            : throw new InputException("MissingThroughput", "-StepTime needs -GlobalBatchSize (or -BatchSize): the sequences of one step.", ErrorCategory.InvalidArgument);

        /// <summary>The engine's utilisation from the throughput given: tokens per second, or a step time over the step's sequences.</summary>
        private Utilization Utilize(double modelFlops, double hardwareFlops, long sequence, long batch, double peak, long devices)
        {
            if (TokensPerSecond.HasValue) return Planner.Utilization(modelFlops, hardwareFlops, TokensPerSecond.Value, peak, devices);
            if (StepTime.HasValue) return Planner.UtilizationOfStep(modelFlops, hardwareFlops, StepTime.Value, batch, sequence, peak, devices);
            throw new InputException("MissingThroughput",
                "Give -TokensPerSecond, or -StepTime with -GlobalBatchSize (or -BatchSize) and -SequenceLength.", ErrorCategory.InvalidArgument);
        }

        private List<(double Peak, string Name)> Peaks(IReadOnlyList<Hardware> devices)
        {
            if (PeakTFlopsPerSecond.HasValue)
            {
                double peak = PeakTFlopsPerSecond.Value * 1e12;
                return devices.Count == 0 ? new List<(double, string)> { (peak, "custom") } : devices.Select(d => (peak, d.Name)).ToList();
            }
            if (devices.Count == 0)
                throw new InputException("MissingHardware", "Give -Hardware (Get-Hardware lists them) or -PeakTFlopsPerSecond.", ErrorCategory.InvalidArgument);
            return devices.Select(d => (PlannerInputs.Peak(d, DataType), d.Name)).ToList();
        }
    }
}
