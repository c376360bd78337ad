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
    /// Total training compute for a token budget (or the Chinchilla-optimal 20 tokens per parameter) and, with
    /// -Hardware, the device-hours and wall-clock days it takes on the layout's devices at an assumed MFU.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TrainingEstimate", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(TrainingEstimate))]
    public sealed class GetTrainingEstimateCommand : PlanningCommandBase
    {
        /// <summary>
        /// Training tokens; when absent, the Chinchilla-optimal 20 tokens per parameter. Not named Tokens, so
        /// that a Get-ModelFlops object's Tokens (the tokens of one step) does not bind as the training budget.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? TrainingTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number(Maximum = 1)]
        [ValidateRange(0.001, 1.0)]
        public double Mfu { get; set; } = 0.4;

        /// <summary>Exact per-token count (default), 6N, or PaLM's 6N + 12LHQT.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public WorkMethod Method { get; set; } = WorkMethod.Exact;

        // Issue 17: a predicted step time, a deadline, price and energy.

        /// <summary>Seconds per optimizer step, usually from a piped Get-StepTime object: the time comes from it, not from -Mfu.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? StepSeconds { get; set; }

        /// <summary>A deadline in days: DeviceCount becomes the devices it needs (whole data-parallel replicas of the layout).</summary>
        [Parameter]
        [Number]
        public double? Days { get; set; }

        /// <summary>Price of one device-hour; gives Cost.</summary>
        [Parameter]
        [Number]
        public double? PricePerDeviceHour { get; set; }

        /// <summary>Power usage effectiveness of the facility for EnergyKWh; 1 counts the devices' TDP only.</summary>
        [Parameter]
        [Number]
        [ValidateRange(1.0, 10.0)]
        public double Pue { get; set; } = 1;

        protected override void ProcessRecord()
        {
            try
            {
                const string needsHardware = "the wall clock, and so a deadline, a cost or energy, needs -Hardware.";
                Refuse("Days", Days.HasValue && !HardwareGiven, needsHardware);
                Refuse("PricePerDeviceHour", PricePerDeviceHour.HasValue && !HardwareGiven, needsHardware);
                Refuse("StepSeconds", StepSeconds.HasValue && !HardwareGiven, needsHardware);
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, null)); return; }
            IReadOnlyList<Hardware> devices = ResolveHardware();
            if (HardwareGiven && devices.Count == 0) return;
            if (devices.Count == 0) devices = new Hardware[] { null };
            foreach (var model in ResolveModels())
                foreach (long sequence in SequenceLengths(model.Definition))
                {
                    try
                    {
                        var work = TrainingWork.Of(model.Definition, sequence, Method, PlanningOptions, Recompute);
                        double tokens = TrainingTokens ?? Planner.ChinchillaTokens(work.Parameters);
                        foreach (var layout in Layouts())
                        {
                            layout.CheckAgainst(model.Definition.Transformer);
                            layout.CheckSequence(model.Definition.Transformer, work.SequenceLength);
                            // The batch does not change the work per token; it is echoed so a row pipes into Get-ModelMemory.
                            foreach (var workload in BatchWorkloads(model.Definition, work.SequenceLength))
                            {
                                workload.MicroBatchesPerStep(layout);   // a global batch must divide over micro-batch x DP
                                foreach (var device in devices)
                                    WriteObject(Estimate(model.Name, work, tokens, layout, device, workload));
                            }
                        }
                        Progress.Tick(model.Name);
                    }
                    catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                }
        }

        private IEnumerable<Workload> BatchWorkloads(Engine.Models.ModelDefinition model, long sequence)
        {
            foreach (long micro in MicroBatchSizes(model))
                foreach (long? global in GlobalBatchSize is { Length: > 0 } ? System.Linq.Enumerable.Select(GlobalBatchSize, g => (long?)g) : new long?[] { null })
                    yield return new Workload(sequence, micro, global);
        }

        private TrainingEstimate Estimate(string name, TrainingWork work, double tokens, ParallelLayout layout, Hardware device, Workload workload)
        {
            var result = new TrainingEstimate
            {
                Model = name, Parameters = (long)Math.Round(work.Parameters), TokenBudget = TrainingTokens.HasValue ? "Given" : "Chinchilla",
                SequenceLength = work.SequenceLength, TrainingFlopsPerToken = work.ModelFlopsPerToken, Method = Method.ToString(),
                Convention = Convention, CausalMask = CausalMask.IsPresent, Recompute = Recompute, DataType = DataType,
                DeviceCount = layout.DeviceCount, TensorParallel = layout.TensorParallel, PipelineParallel = layout.PipelineParallel,
                DataParallel = layout.DataParallel, ContextParallel = layout.ContextParallel, ZeroStage = layout.ZeroStage,
                SequenceParallel = layout.SequenceParallel, BatchSize = workload.MicroBatchSize, GlobalBatchSize = workload.GlobalBatchSize,
            };
            var compute = Planner.TrainingCompute(work, tokens);
            result.TrainingTokens = compute.Tokens;
            result.TrainingFlops = compute.Flops;
            result.HardwareFlops = compute.HardwareFlops;
            if (device == null) return result;
            double peak = PlannerInputs.Peak(device, DataType);
            result.Hardware = device.Name;
            var schedule = TrainingRun.Schedule(work, compute, peak, layout, workload, StepSeconds, Mfu, Days,
                PricePerDeviceHour, device.TdpWatts, Pue);
            result.StepSeconds = StepSeconds;
            result.TimeSource = StepSeconds.HasValue ? "StepTime" : "Mfu";
            result.Mfu = schedule.Mfu;
            result.Hfu = schedule.Hfu;
            result.Days = Days;
            result.DeviceCount = schedule.DeviceCount;
            result.DataParallel = schedule.DataParallel;
            result.TokensPerSecond = schedule.TokensPerSecond;
            result.DeviceHours = schedule.DeviceHours;
            result.WallClockSeconds = schedule.WallClockSeconds;
            result.WallClockDays = schedule.WallClockDays;
            result.PricePerDeviceHour = PricePerDeviceHour;
            result.Cost = schedule.Cost;
            if (schedule.EnergyKWh.HasValue) result.Pue = Pue;
            result.EnergyKWh = schedule.EnergyKWh;
            return result;
        }
    }
}
