using System;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    public enum MfuMethod { Exact, SixN, PaLM }

    /// <summary>
    /// Model FLOPs utilisation (MFU) and hardware FLOPs utilisation (HFU) of a training run from its
    /// throughput. Every parameter binds by property name, so Get-ModelFlops objects and CSV rows of runs
    /// pipe straight in.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ModelMfu")]
    [OutputType(typeof(ModelMfu))]
    public sealed class GetModelMfuCommand : PSCmdlet
    {
        /// <summary>A built-in model; its work per token is computed unless -FlopsPerToken is given.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string Model { get; set; }

        /// <summary>Training FLOPs per token; binds TrainingFlopsPerToken from Get-ModelFlops objects.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TrainingFlopsPerToken")]
        public double? FlopsPerToken { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? HardwareFlopsPerToken { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MfuMethod Method { get; set; } = MfuMethod.Exact;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? TokensPerSecond { get; set; }

        /// <summary>Seconds per optimizer step; with -BatchSize (sequences) and -SequenceLength gives tokens per second.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? StepTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? BatchSize { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? SequenceLength { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public string Hardware { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double? PeakTFlopsPerSecond { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long DeviceCount { get; set; } = 1;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        /// <summary>Recomputation for HFU when the work is computed from -Model.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        /// <summary>What the exact count includes; Matmul by default, as accelerator peaks are matmul peaks.</summary>
        [Parameter]
        public Convention Convention { get; set; } = Convention.Matmul;

        protected override void ProcessRecord()
        {
            object target = Model ?? (object)FlopsPerToken;
            try
            {
                var (modelFlops, hardwareFlops) = WorkPerToken();
                double tokensPerSecond = Throughput();
                var (peak, hardwareName) = Peak();
                var u = Planner.Utilization(modelFlops, hardwareFlops, tokensPerSecond, peak, DeviceCount);
                WriteObject(new ModelMfu
                {
                    Model = Model, Hardware = hardwareName, DataType = DataType, DeviceCount = DeviceCount,
                    TokensPerSecond = tokensPerSecond, Method = FlopsPerToken.HasValue ? "Given" : Method.ToString(),
                    FlopsPerToken = modelFlops, HardwareFlopsPerToken = hardwareFlops,
                    AchievedTFlopsPerSecondPerDevice = u.AchievedFlopsPerSecondPerDevice / 1e12,
                    PeakTFlopsPerSecondPerDevice = peak / 1e12, Mfu = u.Mfu, Hfu = u.Hfu,
                });
            }
            catch (FlopsArgumentException e) { WriteError(Errors.From(e, target)); }
            catch (ModelDefinitionException e) { WriteError(Errors.From(e, target)); }
            catch (PlanningInputException e) { WriteError(Errors.Record(e, e.ErrorId, e.Category, target)); }
        }

        private (double Model, double Hardware) WorkPerToken()
        {
            if (FlopsPerToken.HasValue) return (FlopsPerToken.Value, HardwareFlopsPerToken ?? FlopsPerToken.Value);
            if (string.IsNullOrEmpty(Model))
                throw new PlanningInputException("MissingWork", "Give -FlopsPerToken, or -Model to compute the work per token.", ErrorCategory.InvalidArgument);
            if (!ModelLibrary.Contains(Model))
                throw new PlanningInputException(Errors.UnknownModel, $"No built-in model is named '{Model}'.", ErrorCategory.ObjectNotFound);
            var definition = ModelLibrary.Get(Model);
            long sequence = SequenceLength ?? definition.DefaultSequenceLength;
            var cost = ModelCalculator.Cost(definition, sequence, 1, new CountingOptions(Convention));
            var total = cost.Total;
            double parameters = total.ActiveParameters;
            switch (Method)
            {
                case MfuMethod.SixN:
                    return (Planner.SixN(parameters), Planner.SixN(parameters));
                case MfuMethod.PaLM:
                {
                    var t = definition.Transformer ?? throw new PlanningInputException("NotATransformer",
                        "-Method PaLM needs a transformer model (layers, heads, head dim).", ErrorCategory.InvalidArgument);
                    double palm = Planner.Palm(parameters, t.Layers, t.Heads, t.ResolvedHeadDim, sequence);
                    return (palm, palm);
                }
                default:
                    return (Passes.Training(total.Flops) / cost.Tokens, cost.HardwareFlops(Recompute) / cost.Tokens);
            }
        }

        private double Throughput()
        {
            if (TokensPerSecond.HasValue) return TokensPerSecond.Value;
            if (StepTime.HasValue && BatchSize.HasValue && SequenceLength.HasValue)
            {
                if (!(StepTime.Value > 0)) throw new FlopsArgumentException("StepTime", $"StepTime must be a positive number of seconds; got {StepTime}.");
                return (double)BatchSize.Value * SequenceLength.Value / StepTime.Value;
            }
            throw new PlanningInputException("MissingThroughput",
                "Give -TokensPerSecond, or -StepTime with -BatchSize and -SequenceLength.", ErrorCategory.InvalidArgument);
        }

        private (double PeakFlopsPerSecond, string Name) Peak()
        {
            if (PeakTFlopsPerSecond.HasValue) return (PeakTFlopsPerSecond.Value * 1e12, Hardware ?? "custom");
            if (string.IsNullOrEmpty(Hardware))
                throw new PlanningInputException("MissingHardware", "Give -Hardware (Get-Hardware lists them) or -PeakTFlopsPerSecond.", ErrorCategory.InvalidArgument);
            var hardware = HardwareTable.Find(Hardware)
                ?? throw new PlanningInputException(Errors.UnknownHardware, HardwareTable.UnknownMessage(Hardware), ErrorCategory.ObjectNotFound);
            double peak = hardware.PeakFlopsPerSecond(DataType)
                ?? throw new PlanningInputException("NoPeakForDataType", $"{hardware.Name} has no {DataType} peak in the table.", ErrorCategory.InvalidArgument);
            return (peak, hardware.Name);
        }
    }
}
