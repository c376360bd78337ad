using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// The parameters every planning cmdlet shares, declared once (interface.md "One vocabulary"): hardware (names or
    /// objects), precision, the parallel layout (arrays sweep), micro and global batch, recomputation, flash attention
    /// and interconnect overrides. Every one binds by property name, so an object one planner writes pipes into the next.
    /// FLOPs here follow -Convention Matmul by default: accelerator peaks are matmul peaks.
    /// </summary>
    public abstract class PlanningCommandBase : ModelCommandBase
    {
        protected PlanningCommandBase() => Convention = Convention.Matmul;

        /// <summary>Names from Get-Hardware's table, or hardware objects (used as they are); an array sweeps.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        public HardwareArgument[] Hardware { get; set; }

        /// <summary>
        /// -Hardware holds at least one name or object. A piped object whose Hardware is empty (a memory row made
        /// without a device) means "no device", as on the command line.
        /// </summary>
        protected bool HardwareGiven => Hardware != null && Hardware.Any(a => a?.Row != null || !string.IsNullOrEmpty(a?.Name));

        /// <summary>Weights and compute (the peak used); BF16 by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DataType DataType { get; set; } = DataType.BF16;

        /// <summary>KV cache values; defaults to -DataType (BF16 for INT4 weights).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("KvCacheDataType")]
        public DataType? KvCacheType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] TensorParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] PipelineParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] DataParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] ExpertParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] ContextParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] VirtualPipelineStages { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter SequenceParallel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(AllowZero = true)]
        [ValidateRange(0, 3)]
        public int[] ZeroStage { get; set; }

        /// <summary>
        /// Devices in all, TP x PP x DP x CP. Alone it is the data-parallel size; with the layout it must equal the
        /// product (or supplies DP when -DataParallel is not given).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        [ValidateRange(1, long.MaxValue)]
        public long? DeviceCount { get; set; }

        /// <summary>Sequences per device per forward pass; when absent, -BatchSize.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] MicroBatchSize { get; set; }

        /// <summary>Sequences per optimizer step across the data-parallel group.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] GlobalBatchSize { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        /// <summary>On by default; -FlashAttention:$false models eager attention (S x S scores stored).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter FlashAttention { get; set; } = true;

        /// <summary>Per-device scale-up (NVLink-class) bandwidth, GB/s both directions; overrides the hardware row.</summary>
        [Parameter]
        [Number]
        public double? ScaleUpGBps { get; set; }

        /// <summary>Devices per scale-up domain; overrides the hardware row.</summary>
        [Parameter]
        [Dimension]
        public long? ScaleUpDomain { get; set; }

        /// <summary>Per-device scale-out network, Gbit/s; overrides the hardware row.</summary>
        [Parameter]
        [Number]
        public double? ScaleOutGbps { get; set; }

        /// <summary>-DataType and -KvCacheType.</summary>
        protected Precision Precision => new Precision(DataType, KvCacheType);

        /// <summary>The counting options with this record's recomputation and attention kernel.</summary>
        protected CountingOptions PlanningOptions => new CountingOptions(Convention, CausalMask.IsPresent, Recompute, FlashAttention.IsPresent);

        protected InterconnectOverrides Interconnect
        {
            get
            {
                var overrides = new InterconnectOverrides(ScaleUpGBps, ScaleUpDomain, ScaleOutGbps);
                overrides.Validate();
                return overrides;
            }
        }

        /// <summary>True when the parameter was given on the command line or bound from the piped object.</summary>
        protected bool IsBound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>
        /// Every layout this record names, one per combination of the layout arrays (TP outermost). Throws a
        /// FlopsArgumentException (DeviceCountLayout) when -DeviceCount contradicts the layout.
        /// </summary>
        protected IEnumerable<ParallelLayout> Layouts()
        {
            foreach (long tp in TensorParallel ?? One)
                foreach (long pp in PipelineParallel ?? One)
                    foreach (long cp in ContextParallel ?? One)
                        foreach (long dp in DataParallelFor(tp, pp, cp))
                            foreach (long ep in ExpertParallel ?? One)
                                foreach (long vpp in VirtualPipelineStages ?? One)
                                    foreach (int zero in ZeroStage ?? new[] { 0 })
                                    {
                                        var layout = new ParallelLayout
                                        {
                                            TensorParallel = tp, PipelineParallel = pp, DataParallel = dp, ExpertParallel = ep,
                                            ContextParallel = cp, VirtualPipelineStages = vpp,
                                            SequenceParallel = SequenceParallel.IsPresent, ZeroStage = zero,
                                        };
                                        layout.Validate();
                                        yield return layout;
                                    }
        }

        /// <summary>Micro-batch sizes: -MicroBatchSize, else -BatchSize, else the model's default.</summary>
        protected IEnumerable<long> MicroBatchSizes(Engine.Models.ModelDefinition model = null) =>
            MicroBatchSize is { Length: > 0 } ? MicroBatchSize : BatchSizes(model);

        /// <summary>Every workload: sequence lengths x micro-batch sizes x global batch sizes.</summary>
        protected IEnumerable<Workload> Workloads(Engine.Models.ModelDefinition model = null)
        {
            foreach (long micro in MicroBatchSizes(model))
                foreach (long sequence in SequenceLengths(model))
                    foreach (long? global in GlobalBatchSize is { Length: > 0 } ? GlobalBatchSize.Select(g => (long?)g) : new long?[] { null })
                        yield return new Workload(sequence, micro, global);
        }

        /// <summary>
        /// The hardware this record names: objects as given, names looked up in the built-in table. An unknown name
        /// is written as an error and skipped. Empty when -Hardware is not given.
        /// </summary>
        protected IReadOnlyList<Hardware> ResolveHardware()
        {
            var result = new List<Hardware>();
            if (!HardwareGiven) return result;
            foreach (var argument in Hardware)
            {
                if (argument?.Row != null) { result.Add(argument.Row); continue; }
                var name = argument?.Name;
                if (string.IsNullOrEmpty(name)) continue;
                var row = string.IsNullOrEmpty(name) ? null : HardwareTable.Find(name);
                if (row != null) result.Add(row);
                else WriteError(Errors.NotFound(Errors.UnknownHardware, HardwareTable.UnknownMessage(name ?? ""), name));
            }
            return result;
        }

        /// <summary>
        /// Refuses a parameter this mode cannot use when it holds anything but its neutral value, so that no figure is
        /// echoed that the computation ignored. Throws InputException (ParameterNotUsed).
        /// </summary>
        protected void Refuse(string parameter, bool hasEffect, string why)
        {
            if (hasEffect)
                throw new InputException("ParameterNotUsed", $"-{parameter} does not apply here: {why}", ErrorCategory.InvalidArgument);
        }

        private static readonly long[] One = { 1 };

        private IEnumerable<long> DataParallelFor(long tp, long pp, long cp) =>
            DeviceCount is long devices ? ParallelLayout.DataParallelFor(devices, tp, pp, cp, DataParallel) : DataParallel ?? One;
    }
}
