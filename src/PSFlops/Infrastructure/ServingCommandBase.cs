using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// What Get-InferenceEstimate and Find-ServingLayout share on top of the planning parameters: the serving workload
    /// (-ContextLength, -PromptLength, -OutputTokens), the price, the memory reserve and the matmul efficiency.
    /// Planning parameters that serving does not model are refused when they hold anything but their neutral value.
    /// </summary>
    public abstract class ServingCommandBase : PlanningCommandBase
    {
        /// <summary>The device used when -Hardware is not given.</summary>
        public const string DefaultHardware = "H100-SXM";

        /// <summary>Cached positions each decoded token attends to; an array sweeps. Defaults to -SequenceLength, else the model's sequence_length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        [ValidateNotNullOrEmpty]
        public long[] ContextLength { get; set; }

        /// <summary>Prompt tokens per sequence in the prefill; an array sweeps. Defaults to the context length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        [ValidateNotNullOrEmpty]
        public long[] PromptLength { get; set; }

        /// <summary>Tokens generated per request, for EndToEndSeconds.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? OutputTokens { get; set; }

        /// <summary>Price of one device for one hour; gives CostPerMillionTokens.</summary>
        // Checked by the engine rather than [ValidateRange]: a piped object whose property is null must mean "not given".
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number]
        public double? PricePerDeviceHour { get; set; }

        /// <summary>Share of device memory kept back (CUDA context, allocator, graphs), in [0, 1); 0.1 by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number(AllowZero = true, Maximum = 0.9)]
        public double? ReserveFraction { get; set; }

        /// <summary>Fraction of the dense peak the matmuls achieve (0..1]; defaults to the device's measured matmul fraction.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number(Maximum = 1)]
        public double? Efficiency { get; set; }

        /// <summary>Refuses the planning parameters serving does not model (throws InputException ParameterNotUsed).</summary>
        protected void RefuseTrainingParameters()
        {
            const string why = "serving is modelled with tensor, pipeline and data parallelism only.";
            Refuse("ContextParallel", ContextParallel?.Any(v => v != 1) == true, why);
            Refuse("ExpertParallel", ExpertParallel?.Any(v => v != 1) == true, why);
            Refuse("VirtualPipelineStages", VirtualPipelineStages?.Any(v => v != 1) == true, why);
            Refuse("ZeroStage", ZeroStage?.Any(v => v != 0) == true, "serving keeps whole weights on each device; ZeRO shards training state.");
            Refuse("SequenceParallel", SequenceParallel.IsPresent, "it splits training activations; serving keeps none.");
            Refuse("Recompute", Recompute != Engine.Recompute.None, "serving runs no backward pass.");
            Refuse("FlashAttention", !FlashAttention.IsPresent, "serving prices the fused attention kernels every serving stack runs.");
            Refuse("MicroBatchSize", MicroBatchSize is { Length: > 0 }, "give -BatchSize, the sequences a replica serves at once.");
            Refuse("GlobalBatchSize", GlobalBatchSize is { Length: > 0 }, "give -BatchSize, the sequences a replica serves at once.");
        }

        /// <summary>-Hardware, or the default device when none is given.</summary>
        protected IReadOnlyList<Hardware> ServingHardware()
        {
            if (Hardware != null) return ResolveHardware();
            return new[] { HardwareTable.Find(DefaultHardware) };
        }

        protected ServingOptions ServingOptions => new ServingOptions
        {
            Precision = Precision, Counting = new CountingOptions(Convention, CausalMask.IsPresent),
            ReserveFraction = ReserveFraction ?? ServingOptions.DefaultReserveFraction, PricePerDeviceHour = PricePerDeviceHour,
        };

        /// <summary>The device's serving figures with the command line's overrides.</summary>
        protected ServingSystem SystemFor(Hardware hardware)
        {
            var system = ServingSystem.For(hardware, Interconnect);
            return Efficiency is double e ? system with { Efficiency = e, EfficiencySource = "-Efficiency" } : system;
        }

        /// <summary>-ContextLength, else -SequenceLength (what Get-ModelMemory -Inference writes), else the model's default.</summary>
        protected IEnumerable<long> Contexts(ModelDefinition model) =>
            ContextLength is { Length: > 0 } ? ContextLength : SequenceLengths(model);

        protected IEnumerable<long> Prompts(long context) =>
            PromptLength is { Length: > 0 } ? PromptLength : new[] { context };

        /// <summary>The model's transformer, or an error naming it: serving needs a KV cache.</summary>
        protected TransformerConfig TransformerOf(ResolvedModel model)
        {
            return model.Definition.Transformer ?? throw new InputException("NotATransformer",
                $"'{model.Name}' is a layer-graph model; serving estimates need a transformer with a KV cache.", ErrorCategory.InvalidArgument);
        }
    }
}
