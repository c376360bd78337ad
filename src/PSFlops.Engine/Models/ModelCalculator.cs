using System.Collections.Generic;
using System.Threading;

namespace PSFlops.Engine.Models
{
    /// <summary>From a definition and a workload (sequence length, batch) to its distinct layers and their costs.</summary>
    public static class ModelCalculator
    {
        /// <summary>
        /// Distinct layers with counts. Transformers take the sequence length; graph models have a
        /// fixed input, so their sequence length is 1 and a "token" is one sample.
        /// An encoder-decoder's encoder length travels with the definition (<see cref="ModelDefinition.WithEncoderLength"/>).
        /// </summary>
        public static IReadOnlyList<LayerRow> Expand(ModelDefinition model, long sequenceLength, long batchSize,
            CancellationToken cancel = default)
        {
            // Checked for graph models too, which do not use it: -SequenceLength 0 is an error whatever the model.
            Require.Positive(sequenceLength, "SequenceLength");
            return model.Transformer != null
                ? TransformerExpander.Expand(model.Transformer, sequenceLength, batchSize)
                : GraphExpander.Expand(model.Graph, batchSize, cancel);
        }

        public static ModelCost Cost(ModelDefinition model, long sequenceLength, long batchSize, CountingOptions options,
            CancellationToken cancel = default)
        {
            Require.Positive(sequenceLength, "SequenceLength");
            long sequence = model.Transformer != null ? sequenceLength : 1;
            var rows = Expand(model, sequence, batchSize, cancel);
            return ModelCost.Compute(rows, sequence, batchSize, options);
        }
    }
}
