using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// FLOPs, MACs and parameters of a single layer from its dimensions, or of every layer of a model.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LayerFlops", DefaultParameterSetName = TypeSet)]
    [OutputType(typeof(LayerFlops), typeof(LayerRoofline))]
    public sealed class GetLayerFlopsCommand : ModelCommandBase
    {
        private const string TypeSet = "Type";

        /// <summary>
        /// The layer type, from the command line or a piped object's Type property. Mandatory and bound by property
        /// name so that, as before -Layer existed, a piped object's set is chosen per object: PowerShell settles on
        /// the default set before any input arrives when that set needs nothing from the pipeline.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public LayerType Type { get; set; }

        /// <summary>
        /// A layer as an object or hashtable whose properties are named like the dimension parameters (an
        /// Import-Csv row, a [pscustomobject]); binds from the pipeline. It is declared in every parameter set so
        /// that binding it does not choose the set: a piped definition, file or object with a Model property
        /// still selects its own set by property name. Dimension parameters given on the command line win.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject Layer { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? InputDim { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? OutputDim { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        public SwitchParameter Bias { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? InputChannels { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? OutputChannels { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long[] KernelSize { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long[] InputSize { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long[] Stride { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension(AllowZero = true)]
        public long[] Padding { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long[] Dilation { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? Groups { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? ModelDim { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? Heads { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? KvHeads { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? HeadDim { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? KvLength { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? Window { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? HiddenDim { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        public SwitchParameter Gated { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        public ActivationKind? Activation { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? Experts { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? TopK { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension(AllowZero = true)]
        public long? SharedExperts { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? Elements { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        [Dimension]
        public long? VocabSize { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        public SwitchParameter Tied { get; set; }

        [Parameter(ParameterSetName = TypeSet)]
        public PoolKind Pool { get; set; } = PoolKind.Max;

        /// <summary>Writes every occurrence of a repeated layer instead of one row with Count.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public SwitchParameter Expand { get; set; }

        /// <summary>A prefill or decode step's per-layer roofline (bytes moved, intensity, bound) instead of FLOPs rows.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public InferencePhase? Phase { get; set; }

        /// <summary>With -Phase: the device for each layer's roofline time and bound (a name or a Get-Hardware object).</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        [ValidateNotNull]
        public HardwareArgument Hardware { get; set; }

        /// <summary>With -Phase: weights and compute; BF16 by default.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public DataType DataType { get; set; } = DataType.BF16;

        /// <summary>With -Phase: the KV cache's type; defaults to -DataType.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public DataType? KvCacheType { get; set; }

        private HashSet<string> _givenOnCommandLine;
        private Func<string, bool> _isGiven;

        protected override void BeginProcessing()
        {
            // Only command-line arguments are bound before the first pipeline object.
            // BoundParameters holds the names as declared, so an ordinal set is enough.
            _givenOnCommandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.Ordinal);
            _isGiven = _givenOnCommandLine.Contains;
            if (!_givenOnCommandLine.Contains(nameof(Layer))) return;
            if (MyInvocation.ExpectingInput)
                ThrowTerminatingError(Errors.Record(new ArgumentException("-Layer was given and objects are piped."), "LayerWithPipeline",
                    ErrorCategory.InvalidArgument, Layer,
                    "-Layer was given on the command line, so piped objects cannot be read as layers; pipe the layers or give -Layer, not both."));
            if (ParameterSetName != TypeSet)
                ThrowTerminatingError(Errors.Record(new ArgumentException("-Layer describes a single layer."), "LayerWithModel",
                    ErrorCategory.InvalidArgument, Layer,
                    "-Layer describes a single layer; it cannot be combined with -Model, -Path, -LiteralPath or a model definition."));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TypeSet)
                WriteSingleLayers();
            else
                ProcessModels();
        }

        private void WriteSingleLayers()
        {
            object target = (object)Layer ?? Type;
            LayerRequest request = CommandLineRequest();
            try
            {
                bool found = false;
                if (Layer != null) request = PipedLayer.Read(Layer, request, _isGiven, out found);
                if (MyInvocation.ExpectingInput && DescribesNoLayer(found))
                    throw new InputException("LayerPropertiesMissing", Layer == null
                        ? "A null object was piped; pipe objects with properties such as InputDim, OutputDim or SequenceLength."
                        : $"The piped {Layer.BaseObject.GetType().Name} has none of the properties a {Type} layer uses " +
                          $"({string.Join(", ", LayerBuilder.DimensionsOf(Type).Where(f => f != "Causal"))}, SequenceLength, BatchSize).",
                        ErrorCategory.InvalidArgument);
            }
            catch (Exception e) when (Errors.IsExpected(e))
            {
                WriteError(Errors.From(e, target));
                return;
            }
            foreach (long batch in BatchSizes())
                foreach (long sequence in SequenceLengths())
                    WriteSingleLayer(request with { BatchSize = batch, SequenceLength = sequence }, target);
        }

        /// <summary>The layer as the command line gives it; a piped -Layer fills in what it leaves out.</summary>
        private LayerRequest CommandLineRequest() => new LayerRequest
        {
            Type = Type, InputDim = InputDim, OutputDim = OutputDim, Bias = Bias.IsPresent,
            InputChannels = InputChannels, OutputChannels = OutputChannels, KernelSize = KernelSize, InputSize = InputSize,
            Stride = Stride, Padding = Padding, Dilation = Dilation, Groups = Groups, ModelDim = ModelDim, Heads = Heads,
            KvHeads = KvHeads, HeadDim = HeadDim, KvLength = KvLength, Window = Window, Causal = CausalMask.IsPresent,
            HiddenDim = HiddenDim, Gated = Gated.IsPresent, Activation = Activation, Experts = Experts, TopK = TopK,
            SharedExperts = SharedExperts, Elements = Elements, VocabSize = VocabSize, Tied = Tied.IsPresent, Pool = Pool,
        };

        /// <summary>
        /// A piped object that gave nothing: no dimension was read from it, the binder bound none of its properties,
        /// and it has none of them at all (a number, a string, $null). Without this it would silently count the
        /// command line's layer once per object.
        /// </summary>
        private bool DescribesNoLayer(bool found) =>
            !found && !BoundFromPipeline(nameof(Type)) && !BoundFromPipeline(nameof(SequenceLength))
            && !BoundFromPipeline(nameof(BatchSize))
            && !PipedLayer.HasAny(Layer, LayerBuilder.DimensionsOf(Type).Concat(WorkloadNames));

        // BoundParameters holds this object's pipeline bindings as well as the command line's.
        private bool BoundFromPipeline(string parameter) =>
            !_givenOnCommandLine.Contains(parameter) && MyInvocation.BoundParameters.ContainsKey(parameter);

        private void WriteSingleLayer(LayerRequest request, object target)
        {
            try
            {
                var spec = LayerBuilder.Build(request);
                var cost = spec.Cost(Options);
                string name = TypeNames[(int)request.Type];
                WriteObject(LayerFlops.From(null, null, name, 1, spec, cost, cost.Flops, request.BatchSize, request.SequenceLength, Convention));
                Progress.Tick(name);
            }
            catch (Exception e) when (Errors.IsExpected(e))
            {
                WriteError(Errors.From(e, target));
            }
        }

        private static readonly string[] WorkloadNames = { nameof(Type), nameof(SequenceLength), nameof(BatchSize) };
        private static readonly string[] TypeNames = Enum.GetNames(typeof(LayerType));

        private void ProcessModels()
        {
            if (Phase.HasValue || Hardware != null || KvCacheType.HasValue || _givenOnCommandLine.Contains(nameof(DataType)))
            {
                ProcessPhase();
                return;
            }
            foreach (var model in ResolveModels())
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                        WriteModelRows(model, batch, sequence);
        }

        /// <summary>-Phase: each layer's bytes, intensity and (with -Hardware) roofline time for one prefill or decode step.</summary>
        private void ProcessPhase()
        {
            Engine.Planning.Hardware hardware = null;
            try
            {
                if (!Phase.HasValue)
                    throw new InputException("PhaseMissing", "-Hardware, -DataType and -KvCacheType describe a serving step; give -Phase Prefill or -Phase Decode.", ErrorCategory.InvalidArgument);
                if (Expand.IsPresent)
                    throw new InputException("ParameterNotUsed", "-Expand does not apply with -Phase: every occurrence of a layer moves the same bytes.", ErrorCategory.InvalidArgument);
                if (Hardware != null)
                    hardware = Hardware.Row ?? HardwareTable.Find(Hardware.Name)
                        ?? throw new InputException(Errors.UnknownHardware, HardwareTable.UnknownMessage(Hardware.Name ?? ""), ErrorCategory.ObjectNotFound);
            }
            catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, Hardware?.Name)); return; }

            var precision = new Precision(DataType, KvCacheType);
            foreach (var model in ResolveModels())
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                    {
                        try
                        {
                            var config = model.Definition.Transformer ?? throw new InputException("NotATransformer",
                                $"'{model.Name}' is a layer-graph model; -Phase needs a transformer with a KV cache.", ErrorCategory.InvalidArgument);
                            var (_, rows) = StepRoofline.Rows(config, Phase.Value, sequence, batch, precision, Options, hardware);
                            foreach (var row in rows)
                            {
                                Progress.Tick(model.Name);
                                WriteObject(LayerRoofline.From(model.Name, row, Phase.Value, batch, sequence, Convention, precision, hardware));
                            }
                        }
                        catch (Exception e) when (Errors.IsExpected(e)) { WriteError(Errors.From(e, model.Target)); }
                    }
        }

        private void WriteModelRows(ResolvedModel model, long batch, long sequence)
        {
            try
            {
                var cost = StopRequest.Run(cancel => ModelCalculator.Cost(model.Definition, sequence, batch, Options, cancel));
                double total = cost.Total.Flops;
                foreach (var row in cost.Rows)
                {
                    Progress.Tick(model.Name);
                    if (Expand.IsPresent)
                        for (long i = 0; i < row.Row.Count; i++)
                            WriteObject(LayerFlops.From(model.Name, row.Row.Block, $"{row.Row.Name}[{i}]", 1, row.Row.Spec,
                                row.Cost, total, batch, cost.SequenceLength, Convention));
                    else
                        WriteObject(LayerFlops.From(model.Name, row.Row.Block, row.Row.Name, row.Row.Count, row.Row.Spec,
                            row.Cost, total, batch, cost.SequenceLength, Convention));
                }
            }
            catch (Exception e) when (Errors.IsExpected(e))
            {
                WriteError(Errors.From(e, model.Target));
            }
        }
    }
}
