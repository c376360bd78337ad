using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// Prefill FLOPs for a prompt, and per-step decode FLOPs and bytes with a KV cache at a context length;
    /// the roofline-bound time per step on a device (the larger of compute and memory time) and which binds.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InferenceEstimate")]
    [OutputType(typeof(InferenceEstimate))]
    public sealed class GetInferenceEstimateCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string Model { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public string Hardware { get; set; } = "H100-SXM";

        /// <summary>Prompt tokens processed in the prefill; defaults to the context length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? PromptLength { get; set; }

        /// <summary>Cached positions each decoded token attends to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] ContextLength { get; set; } = { 4096 };

        /// <summary>Sequences decoded together; an array sweeps.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] BatchSize { get; set; } = { 1 };

        /// <summary>Weight data type; also the compute type whose peak is used (INT4 weights compute at INT8).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        /// <summary>KV cache data type; defaults to the weight type (INT4 weights keep a BF16 cache).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType? KvCacheDataType { get; set; }

        /// <summary>Devices the model is split over with tensor parallelism (FLOPs, bytes and bandwidth divide evenly).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        [ValidateRange(1, long.MaxValue)]
        public long DeviceCount { get; set; } = 1;

        [Parameter]
        public Convention Convention { get; set; } = Convention.Matmul;

        protected override void ProcessRecord()
        {
            try
            {
                var definition = PlannerInputs.Model(Model);
                var config = definition.Transformer ?? throw new InputException("NotATransformer",
                    $"'{Model}' is a layer-graph model; inference estimates need a transformer with a KV cache.", ErrorCategory.InvalidArgument);
                var hardware = PlannerInputs.Hardware(Hardware);
                double peak = PlannerInputs.Peak(hardware, DataType) * DeviceCount;
                double bandwidth = hardware.MemoryBandwidthBytesPerSecond * DeviceCount;
                var kvType = KvCacheDataType ?? Precision.DefaultKvCacheType(DataType);
                foreach (long batch in BatchSize)
                    foreach (long context in ContextLength)
                    {
                        long prompt = PromptLength ?? context;
                        var cost = Inference.Estimate(config, prompt, context, batch, Precision.Bytes(DataType), Precision.Bytes(kvType),
                            new CountingOptions(Convention, CausalMask: true));
                        var step = Planner.Roofline(cost.DecodeFlopsPerStep, cost.BytesPerStep, peak, bandwidth);
                        WriteObject(new InferenceEstimate
                        {
                            Model = definition.Name, BatchSize = batch, PromptLength = prompt, ContextLength = context, DataType = DataType,
                            PrefillFlops = cost.PrefillFlops, DecodeFlopsPerStep = cost.DecodeFlopsPerStep,
                            DecodeFlopsPerToken = cost.DecodeFlopsPerStep / batch, WeightBytes = cost.WeightBytesPerStep,
                            KvCacheBytes = cost.KvCacheBytes, BytesPerStep = cost.BytesPerStep,
                            ArithmeticIntensity = cost.ArithmeticIntensity, RidgeIntensity = peak / bandwidth,
                            Hardware = hardware.Name, DeviceCount = DeviceCount,
                            ComputeSecondsPerStep = step.ComputeSeconds, MemorySecondsPerStep = step.MemorySeconds,
                            SecondsPerStep = step.Seconds, TokensPerSecond = batch / step.Seconds,
                            PrefillSeconds = cost.PrefillFlops / peak, Bound = step.MemoryBound ? "Memory" : "Compute",
                        });
                    }
            }
            catch (System.Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, Model)); }
        }
    }
}
