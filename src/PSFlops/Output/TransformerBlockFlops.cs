using PSFlops.Engine;

namespace PSFlops.Output
{
    /// <summary>One transformer block's forward cost with its component breakdown (Measure-TransformerBlock).</summary>
    public sealed class TransformerBlockFlops
    {
        public string Model { get; set; }
        public long SequenceLength { get; set; }
        public long BatchSize { get; set; }
        /// <summary>Encoder positions the block's cross-attention reads (encoder-decoder models); null for other models.</summary>
        public long? EncoderSequenceLength { get; set; }
        public double Parameters { get; set; }
        public double ActiveParameters { get; set; }
        public double Flops { get; set; }
        public double Macs { get; set; }
        public double AttentionProjectionFlops { get; set; }
        public double AttentionScoreFlops { get; set; }
        public double AttentionSoftmaxFlops { get; set; }
        public double AttentionValueFlops { get; set; }
        public double AttentionOutputFlops { get; set; }
        public double FeedForwardFlops { get; set; }
        public double NormFlops { get; set; }
        public double ActivationFlops { get; set; }
        public double OtherFlops { get; set; }
        public double FlopsPerToken { get; set; }
        public Convention Convention { get; set; }

        internal static TransformerBlockFlops From(string model, LayerCost cost, long sequence, long batch, Convention convention,
            long? encoderSequenceLength = null)
        {
            var b = cost.Breakdown;
            return new TransformerBlockFlops
            {
                Model = model, SequenceLength = sequence, BatchSize = batch, EncoderSequenceLength = encoderSequenceLength, Parameters = cost.Parameters,
                ActiveParameters = cost.ActiveParameters, Flops = cost.Flops, Macs = cost.Macs,
                AttentionProjectionFlops = b.AttentionProjection, AttentionScoreFlops = b.AttentionScore,
                AttentionSoftmaxFlops = b.AttentionSoftmax, AttentionValueFlops = b.AttentionValue,
                AttentionOutputFlops = b.AttentionOutput, FeedForwardFlops = b.FeedForward, NormFlops = b.Norm,
                ActivationFlops = b.Activation, OtherFlops = b.Other,
                FlopsPerToken = cost.FlopsPerToken(sequence, batch), Convention = convention,
            };
        }
    }
}
