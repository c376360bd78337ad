using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
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

        /// <summary>Training tokens; when absent, the Chinchilla-optimal 20 tokens per parameter.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? Tokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? SequenceLength { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public string Hardware { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long DeviceCount { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.001, 1.0)]
        public double Mfu { get; set; } = 0.4;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        /// <summary>Exact per-token count (default) or 6N.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MfuMethod Method { get; set; } = MfuMethod.Exact;

        [Parameter]
        public Convention Convention { get; set; } = Convention.Matmul;

        protected override void ProcessRecord()
        {
            try
            {
                var definition = PlannerInputs.Model(Model);
                var hardware = PlannerInputs.Hardware(Hardware);
                double peak = PlannerInputs.Peak(hardware, DataType);
                long sequence = SequenceLength ?? definition.DefaultSequenceLength;
                var cost = ModelCalculator.Cost(definition, sequence, 1, new CountingOptions(Convention));
                var total = cost.Total;
                double perToken = Method == MfuMethod.SixN ? Planner.SixN(total.ActiveParameters) : Passes.Training(total.Flops) / cost.Tokens;
                double hardwarePerToken = Method == MfuMethod.SixN ? perToken : cost.HardwareFlops(Recompute) / cost.Tokens;
                double tokens = Tokens ?? Planner.ChinchillaTokens(total.Parameters);
                if (!(tokens > 0) || double.IsInfinity(tokens))
                    throw new FlopsArgumentException("Tokens", $"Tokens must be a positive number; got {tokens}.");
                double flops = perToken * tokens;
                double deviceSeconds = Planner.DeviceSeconds(flops, peak, Mfu);
                WriteObject(new TrainingEstimate
                {
                    Model = definition.Name, Parameters = total.Parameters, Tokens = tokens,
                    TokenBudget = Tokens.HasValue ? "Given" : "Chinchilla", SequenceLength = cost.SequenceLength,
                    TrainingFlopsPerToken = perToken, TrainingFlops = flops, HardwareFlops = hardwarePerToken * tokens,
                    Recompute = Recompute, Hardware = hardware.Name, DataType = DataType, DeviceCount = DeviceCount, Mfu = Mfu,
                    Hfu = Mfu * hardwarePerToken / perToken, DeviceHours = deviceSeconds / 3600,
                    WallClockSeconds = deviceSeconds / DeviceCount, WallClockDays = deviceSeconds / DeviceCount / 86400,
                });
            }
            catch (FlopsArgumentException e) { WriteError(Errors.From(e, Model)); }
            catch (ModelDefinitionException e) { WriteError(Errors.From(e, Model)); }
            catch (PlanningInputException e) { WriteError(Errors.Record(e, e.ErrorId, e.Category, Model)); }
        }
    }
}
