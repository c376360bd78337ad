using System;

namespace PSFlops.Engine.Layers
{
    public enum NormKind { LayerNorm, RMSNorm }

    /// <summary>LayerNorm or RMSNorm over the last dimension (Dim) of Rows vectors.</summary>
    public sealed record NormSpec(NormKind Kind, long Dim, double Rows) : LayerSpec
    {
        /// <summary>LayerNorm without its shift (beta): Dim parameters, 4 FLOPs per element (Cohere).</summary>
        public bool NoShift { get; init; }

        public override LayerType Type => Kind == NormKind.LayerNorm ? LayerType.LayerNorm : LayerType.RMSNorm;
        public override string InputShape => Shape(Rows, Dim);
        public override string OutputShape => InputShape;

        /// <summary>A norm keeps its input, 2 T D bytes, outside the tensor-parallel region (replicated).</summary>
        public override ActivationFootprint ActivationBytes() => new ActivationFootprint(0, 2 * Rows * Dim, 0);

        /// <summary>Step bytes: gamma (and beta) once, the input read and the output written.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(parameters * per.Weight, 2 * Rows * Dim * per.Activation, 0, 0);

        // LayerNorm: mean, variance, normalise, scale, shift = 5 per element; gamma and beta.
        // RMSNorm: square-mean, normalise, scale = 4 per element (conventions.md); gamma only.
        public override void Validate()
        {
            Require.Positive(Dim, "ModelDim");
            Layers.Rows.Check(Rows);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            bool shift = Kind == NormKind.LayerNorm && !NoShift;
            double parameters = shift ? 2d * Dim : Dim;
            return new LayerCost(parameters, parameters, 0,
                new FlopBreakdown(Norm: options.Elementwise(shift ? 5 : 4, Rows * Dim)));
        }
    }

    /// <summary>BatchNorm at inference (scale and shift per element) over Elements values in Channels channels.</summary>
    public sealed record BatchNormSpec(long Channels, double Elements) : LayerSpec
    {
        public override LayerType Type => LayerType.BatchNorm;
        public override string InputShape => Shape(Elements);
        public override string OutputShape => InputShape;

        // Running mean and variance are buffers, not parameters (as in PyTorch's parameter count).
        public override void Validate()
        {
            Require.Positive(Channels, "InputChannels");
            Layers.Rows.Check(Elements, nameof(Elements));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(2d * Channels, 2d * Channels, 0, new FlopBreakdown(Norm: options.Elementwise(2, Elements)));
        }
    }

    /// <summary>An activation function applied to Elements values.</summary>
    public sealed record ActivationSpec(ActivationKind Kind, double Elements) : LayerSpec
    {
        public override LayerType Type => LayerType.Activation;
        public override string InputShape => Shape(Elements);
        public override string OutputShape => InputShape;

        /// <summary>Step bytes: the input read and the output written; no weights.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) => new LayerBytes(0, 2 * Elements * per.Activation, 0, 0);

        public override void Validate()
        {
            Layers.Rows.Check(Elements, nameof(Elements));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(0, 0, 0,
                new FlopBreakdown(Activation: options.Elementwise(Activations.FlopsPerElement(Kind), Elements)));
        }
    }

    /// <summary>Softmax over Elements values: max, subtract, exp, sum, divide = 5 per element.</summary>
    public sealed record SoftmaxSpec(double Elements) : LayerSpec
    {
        public override LayerType Type => LayerType.Softmax;
        public override string InputShape => Shape(Elements);
        public override string OutputShape => InputShape;

        /// <summary>Step bytes: the input read and the output written; no weights.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) => new LayerBytes(0, 2 * Elements * per.Activation, 0, 0);

        public override void Validate()
        {
            Layers.Rows.Check(Elements, nameof(Elements));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(0, 0, 0, new FlopBreakdown(Activation: options.Elementwise(5, Elements)));
        }
    }

    /// <summary>A residual (skip) connection: one add per element.</summary>
    public sealed record ResidualSpec(double Elements) : LayerSpec
    {
        public override LayerType Type => LayerType.Residual;
        public override string InputShape => Shape(Elements);
        public override string OutputShape => InputShape;

        /// <summary>Step bytes: two operands read, the sum written; no weights.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) => new LayerBytes(0, 3 * Elements * per.Activation, 0, 0);

        public override void Validate()
        {
            Layers.Rows.Check(Elements, nameof(Elements));
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(0, 0, 0, new FlopBreakdown(Other: options.Elementwise(1, Elements)));
        }
    }

    /// <summary>A token embedding table: a lookup, no arithmetic.</summary>
    public sealed record EmbeddingSpec(long VocabSize, long Dim, double Rows) : LayerSpec
    {
        /// <summary>Gemma scales the looked-up vectors by sqrt(model dim): one multiply per element.</summary>
        public bool Scaled { get; init; }

        public override LayerType Type => LayerType.Embedding;
        public override string InputShape => Shape(Rows);
        public override string OutputShape => Shape(Rows, Dim);

        /// <summary>Step bytes: the table rows the tokens index (<see cref="LookupWeightBytes"/>), the looked-up vectors written.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(WeightBytesAt(parameters, per, Rows), Rows * Dim * per.Activation, 0, 0);

        public override double? TokenDependentRows() => Rows;

        public override double WeightBytesAt(double parameters, BytesPerValue per, double rows) => LookupWeightBytes(rows, VocabSize, Dim, per.Weight);

        /// <summary>A lookup reads the table rows its tokens index, never the whole table (at most every row once).</summary>
        internal static double LookupWeightBytes(double rows, long tableRows, long dim, double bytesPerWeight) =>
            Math.Min(rows, tableRows) * dim * bytesPerWeight;

        public override void Validate()
        {
            Require.Positive(VocabSize, nameof(VocabSize));
            Require.Positive(Dim, "ModelDim");
            Layers.Rows.Check(Rows);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double parameters = (double)VocabSize * Dim;
            return new LayerCost(parameters, parameters, 0,
                Scaled ? new FlopBreakdown(Other: options.Elementwise(1, Rows * Dim)) : FlopBreakdown.Zero);
        }
    }

    /// <summary>
    /// A learned table added to Rows token vectors: absolute positions (GPT-2, BERT, ViT) or BERT's
    /// token types. One add per element.
    /// </summary>
    public sealed record PositionEmbeddingSpec(long Positions, long Dim, double Rows, bool TokenTypes = false) : LayerSpec
    {
        public override LayerType Type => TokenTypes ? LayerType.TokenTypeEmbedding : LayerType.PositionEmbedding;
        public override string InputShape => Shape(Rows, Dim);
        public override string OutputShape => InputShape;

        /// <summary>
        /// Step bytes: the table rows the positions index (<see cref="EmbeddingSpec.LookupWeightBytes"/>), then added to the
        /// token embeddings: read both, write the sum.
        /// </summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(WeightBytesAt(parameters, per, Rows), 3 * Rows * Dim * per.Activation, 0, 0);

        public override double? TokenDependentRows() => Rows;

        public override double WeightBytesAt(double parameters, BytesPerValue per, double rows) =>
            EmbeddingSpec.LookupWeightBytes(rows, Positions, Dim, per.Weight);

        public override void Validate()
        {
            Require.Positive(Positions, nameof(Positions));
            Require.Positive(Dim, "ModelDim");
            Layers.Rows.Check(Rows);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double parameters = (double)Positions * Dim;
            return new LayerCost(parameters, parameters, 0, new FlopBreakdown(Other: options.Elementwise(1, Rows * Dim)));
        }
    }

    /// <summary>A learned class token prepended to the sequence (ViT): Dim parameters, no arithmetic.</summary>
    public sealed record ClassTokenSpec(long Dim) : LayerSpec
    {
        public override LayerType Type => LayerType.ClassToken;
        public override string InputShape => Shape(Dim);
        public override string OutputShape => InputShape;

        public override void Validate()
        {
            Require.Positive(Dim, "ModelDim");
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            return new LayerCost(Dim, Dim, 0, FlopBreakdown.Zero);
        }
    }

    /// <summary>The output projection to vocabulary logits; no parameters of its own when tied to the embedding.</summary>
    public sealed record LMHeadSpec(long Dim, long VocabSize, bool Tied, bool Bias, double Rows) : LayerSpec
    {
        public override LayerType Type => LayerType.LMHead;
        public override string InputShape => Shape(Rows, Dim);
        public override string OutputShape => Shape(Rows, VocabSize);

        private LinearSpec Projection => new LinearSpec(Dim, VocabSize, Bias, Rows);

        /// <summary>Final logit soft-capping (Gemma-2), c tanh(z / c) on every logit: 1 + 8 + 1 FLOPs, elementwise.</summary>
        public bool SoftCap { get; init; }

        /// <summary>
        /// Step bytes: the whole matrix once, even when it is tied to the embedding (it has no parameters of its own then);
        /// the hidden states read and the logits written.
        /// </summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(((double)Dim * VocabSize + (Bias ? VocabSize : 0)) * per.Weight,
                (Rows * Dim + Rows * VocabSize) * per.Activation, 0, 0);

        public override void Validate() => Projection.Validate();

        public override LayerCost Cost(CountingOptions options)
        {
            var linear = Projection.Cost(options);
            double parameters = Tied ? (Bias ? VocabSize : 0) : linear.Parameters;
            var breakdown = SoftCap ? linear.Breakdown + new FlopBreakdown(Other: options.Elementwise(10, Rows * VocabSize)) : linear.Breakdown;
            return new LayerCost(parameters, parameters, linear.Macs, breakdown);
        }
    }
}
