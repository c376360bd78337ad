using System;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>
    /// FLOPs, MACs and parameters of a single layer from its dimensions, or of every layer of a model.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LayerFlops", DefaultParameterSetName = TypeSet)]
    [OutputType(typeof(LayerFlops))]
    public sealed class GetLayerFlopsCommand : ModelCommandBase
    {
        private const string TypeSet = "Type";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public LayerType Type { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? InputDim { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? OutputDim { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Bias { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? InputChannels { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? OutputChannels { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] KernelSize { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] InputSize { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] Stride { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] Padding { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long[] Dilation { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Groups { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? ModelDim { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Heads { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? KvHeads { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? HeadDim { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? KvLength { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Window { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? HiddenDim { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Gated { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public ActivationKind? Activation { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Experts { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? TopK { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? SharedExperts { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Elements { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? VocabSize { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Tied { get; set; }

        [Parameter(ParameterSetName = TypeSet, ValueFromPipelineByPropertyName = true)]
        public PoolKind Pool { get; set; } = PoolKind.Max;

        /// <summary>Writes every occurrence of a repeated layer instead of one row with Count.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public SwitchParameter Expand { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TypeSet)
                foreach (long batch in BatchSizes())
                    foreach (long sequence in SequenceLengths())
                        WriteSingleLayer(batch, sequence);
            else
                ProcessModels();
        }

        private void WriteSingleLayer(long batch, long sequence)
        {
            try
            {
                var spec = LayerBuilder.Build(new LayerRequest
                {
                    Type = Type, BatchSize = batch, SequenceLength = sequence,
                    InputDim = InputDim, OutputDim = OutputDim, Bias = Bias.IsPresent,
                    InputChannels = InputChannels, OutputChannels = OutputChannels, KernelSize = KernelSize,
                    InputSize = InputSize, Stride = Stride, Padding = Padding, Dilation = Dilation, Groups = Groups,
                    ModelDim = ModelDim, Heads = Heads, KvHeads = KvHeads, HeadDim = HeadDim, KvLength = KvLength,
                    Window = Window, Causal = CausalMask.IsPresent, HiddenDim = HiddenDim, Gated = Gated.IsPresent,
                    Activation = Activation, Experts = Experts, TopK = TopK, SharedExperts = SharedExperts,
                    Elements = Elements, VocabSize = VocabSize, Tied = Tied.IsPresent, Pool = Pool,
                });
                var cost = spec.Cost(Options);
                WriteObject(LayerFlops.From(null, null, Type.ToString(), 1, spec, cost, cost.Flops, batch, sequence, Convention));
                Progress.Tick(Type.ToString());
            }
            catch (Exception e) when (Errors.IsExpected(e))
            {
                WriteError(Errors.From(e, Type));
            }
        }

        private void ProcessModels()
        {
            foreach (var model in ResolveModels())
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                        WriteModelRows(model, batch, sequence);
        }

        private void WriteModelRows(ResolvedModel model, long batch, long sequence)
        {
            try
            {
                var cost = ModelCalculator.Cost(model.Definition, sequence, batch, Options);
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
