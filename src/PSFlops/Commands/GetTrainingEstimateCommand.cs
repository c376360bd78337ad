using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// Total training compute for a token budget (or the Chinchilla-optimal 20 tokens per parameter) and
    /// the device-hours and wall-clock days it takes on N devices at an assumed MFU.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TrainingEstimate")]
    [OutputType(typeof(TrainingEstimate))]
    public sealed class GetTrainingEstimateCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string Model { get; set; }

        /// <summary>
        /// Training tokens; when absent, the Chinchilla-optimal 20 tokens per parameter. Not named Tokens, so
        /// that a Get-ModelFlops object's Tokens (the tokens of one step) does not bind as the training budget.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? TrainingTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? SequenceLength { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public string Hardware { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        [ValidateRange(1, long.MaxValue)]
        public long DeviceCount { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.001, 1.0)]
        public double Mfu { get; set; } = 0.4;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        /// <summary>Exact per-token count (default), 6N, or PaLM's 6N + 12LHQT.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public WorkMethod Method { get; set; } = WorkMethod.Exact;

        [Parameter]
        public Convention Convention { get; set; } = Convention.Matmul;

        protected override void ProcessRecord()
        {
            try
            {
                var definition = PlannerInputs.Model(Model);
                var hardware = PlannerInputs.Hardware(Hardware);
                double peak = PlannerInputs.Peak(hardware, DataType);
                var work = TrainingWork.Of(definition, SequenceLength ?? definition.DefaultSequenceLength, Method,
                    new CountingOptions(Convention), Recompute);
                var plan = Planner.Training(work, TrainingTokens ?? Planner.ChinchillaTokens(work.Parameters), peak, Mfu, DeviceCount);
                WriteObject(new TrainingEstimate
                {
                    Model = definition.Name, Parameters = work.Parameters, TrainingTokens = plan.Tokens,
                    TokenBudget = TrainingTokens.HasValue ? "Given" : "Chinchilla", SequenceLength = work.SequenceLength,
                    TrainingFlopsPerToken = work.ModelFlopsPerToken, TrainingFlops = plan.Flops, HardwareFlops = plan.HardwareFlops,
                    Recompute = Recompute, Hardware = hardware.Name, DataType = DataType, DeviceCount = DeviceCount, Mfu = Mfu,
                    Hfu = plan.Hfu, DeviceHours = plan.DeviceSeconds / 3600,
                    WallClockSeconds = plan.WallClockSeconds, WallClockDays = plan.WallClockSeconds / 86400,
                });
            }
            catch (System.Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, Model)); }
        }
    }
}
