using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Infrastructure;
using PSFlops.Output;

namespace PSFlops.Commands
{
    /// <summary>Forward, backward, training and hardware FLOPs of whole models, in total and per token.</summary>
    [Cmdlet(VerbsCommon.Get, "ModelFlops", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(ModelFlops))]
    public sealed class GetModelFlopsCommand : ModelCommandBase
    {
        /// <summary>Activation recomputation, which adds to HardwareFlops only.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Recompute Recompute { get; set; } = Recompute.None;

        protected override void ProcessRecord()
        {
            foreach (var model in ResolveModels())
            {
                // One count per sequence length at batch 1; every batch size scales it (counts are linear in B).
                var perSequence = new Dictionary<long, ModelTotals>();
                long total = (long)BatchSizes(model.Definition).Count() * SequenceLengths(model.Definition).Count(), done = 0;
                foreach (long batch in BatchSizes(model.Definition))
                    foreach (long sequence in SequenceLengths(model.Definition))
                    {
                        try
                        {
                            if (!perSequence.TryGetValue(sequence, out var unit))
                                perSequence[sequence] = unit = StopRequest.Run(cancel => ModelCalculator.Cost(model.Definition, sequence, 1, Options, cancel)).Totals();
                            WriteObject(ModelFlops.From(model.Name, model.Definition.Source, unit.ForBatch(batch), Recompute, Convention,
                                model.Definition.Transformer?.Vision, model.Definition.Transformer?.ResolvedEncoderLength(sequence, null)));
                            Progress.Tick(model.Name, ++done, total);
                        }
                        catch (Exception e) when (Errors.IsExpected(e))
                        {
                            WriteError(Errors.From(e, model.Target));
                        }
                    }
            }
        }
    }
}
