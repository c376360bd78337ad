using System;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
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
        public WorkMethod Method { get; set; } = WorkMethod.Exact;

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
        [ValidateRange(1, long.MaxValue)]
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
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, target)); }
        }

        private (double Model, double Hardware) WorkPerToken()
        {
            if (FlopsPerToken.HasValue) return (FlopsPerToken.Value, HardwareFlopsPerToken ?? FlopsPerToken.Value);
            if (string.IsNullOrEmpty(Model))
                throw new InputException("MissingWork", "Give -FlopsPerToken, or -Model to compute the work per token.", ErrorCategory.InvalidArgument);
            var definition = PlannerInputs.Model(Model);
            var work = TrainingWork.Of(definition, SequenceLength ?? definition.DefaultSequenceLength, Method, new CountingOptions(Convention), Recompute);
            return (work.ModelFlopsPerToken, work.HardwareFlopsPerToken);
        }

        private double Throughput()
        {
            if (TokensPerSecond.HasValue) return TokensPerSecond.Value;
            if (StepTime.HasValue && BatchSize.HasValue && SequenceLength.HasValue)
            {
                if (!(StepTime.Value > 0)) throw new FlopsArgumentException("StepTime", $"StepTime must be a positive number of seconds; got {StepTime}.");
                return (double)BatchSize.Value * SequenceLength.Value / StepTime.Value;
            }
            throw new InputException("MissingThroughput",
                "Give -TokensPerSecond, or -StepTime with -BatchSize and -SequenceLength.", ErrorCategory.InvalidArgument);
        }

        private (double PeakFlopsPerSecond, string Name) Peak()
        {
            if (PeakTFlopsPerSecond.HasValue) return (PeakTFlopsPerSecond.Value * 1e12, Hardware ?? "custom");
            if (string.IsNullOrEmpty(Hardware))
                throw new InputException("MissingHardware", "Give -Hardware (Get-Hardware lists them) or -PeakTFlopsPerSecond.", ErrorCategory.InvalidArgument);
            var hardware = PlannerInputs.Hardware(Hardware);
            return (PlannerInputs.Peak(hardware, DataType), hardware.Name);
        }
    }
}
