using System;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>One transformer block's parameters and forward FLOPs, by component, from its dimensions or a model.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "TransformerBlock", DefaultParameterSetName = DimensionSet)]
    [OutputType(typeof(TransformerBlockFlops))]
    public sealed class MeasureTransformerBlockCommand : ModelCommandBase
    {
        private const string DimensionSet = "Dimensions";

        [Parameter(Mandatory = true, ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long ModelDim { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long Heads { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? KvHeads { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? HeadDim { get; set; }

        /// <summary>FFN hidden size; defaults to 4 x ModelDim.</summary>
        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? FfnDim { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        public FfnKind Ffn { get; set; } = FfnKind.Mlp;

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        public ActivationKind Activation { get; set; } = ActivationKind.GELU;

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        public NormKind Norm { get; set; } = NormKind.LayerNorm;

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Window { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? Experts { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        [Dimension]
        public long? TopK { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Bias { get; set; }

        [Parameter(ParameterSetName = DimensionSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter ParallelBlock { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DimensionSet)
            {
                var config = new TransformerConfig
                {
                    Layers = 1, ModelDim = ModelDim, Heads = Heads, KvHeads = KvHeads, HeadDim = HeadDim,
                    FfnDim = FfnDim ?? 4 * ModelDim, Ffn = Ffn, Activation = Activation, Norm = Norm, Window = Window,
                    Causal = true, Bias = Bias.IsPresent ? TransformerBias.AllButHead : TransformerBias.None,
                    ParallelBlock = ParallelBlock.IsPresent,
                    MoE = Experts.HasValue ? new MoEConfig(Experts.Value, TopK ?? 1, 0, FfnDim ?? 4 * ModelDim) : null,
                };
                foreach (long batch in BatchSizes())
                    foreach (long sequence in SequenceLengths())
                        Write(null, config, sequence, batch, $"ModelDim {ModelDim}");
                return;
            }
            foreach (var model in ResolveModels())
            {
                if (model.Definition.Transformer == null)
                {
                    WriteError(Errors.Record(new PSArgumentException($"'{model.Name}' is a layer-graph model; Measure-TransformerBlock needs a transformer-form model."),
                        "NotATransformer", ErrorCategory.InvalidArgument, model.Target));
                    continue;
                }
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                        Write(model.Name, model.Definition.Transformer, sequence, batch, model.Target);
            }
        }

        private void Write(string name, TransformerConfig config, long sequence, long batch, object target)
        {
            try
            {
                // An encoder-decoder's block is the decoder's, whose cross-attention reads the encoder's positions.
                long? encoder = config.ResolvedEncoderLength(sequence, EncoderSequenceLength);
                var cost = TransformerExpander.Block(config, sequence, batch, encoderLength: encoder)
                    .Aggregate(LayerCost.Zero, (sum, part) => sum + part.Spec.Cost(Options));
                WriteObject(TransformerBlockFlops.From(name, cost, sequence, batch, Convention, encoder));
                Progress.Tick(name ?? "block");
            }
            catch (Exception e) when (Errors.IsExpected(e))
            {
                WriteError(Errors.From(e, target));
            }
        }
    }
}
