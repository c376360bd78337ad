using PSFlops.Engine;
using PSFlops.Engine.Models;

namespace PSFlops.Output
{
    /// <summary>A whole model's FLOPs for one workload (a Get-ModelFlops row).</summary>
    public sealed class ModelFlops
    {
        public string Model { get; set; }
        public double Parameters { get; set; }
        public double ActiveParameters { get; set; }
        public long SequenceLength { get; set; }
        public long BatchSize { get; set; }
        /// <summary>Encoder positions of an encoder-decoder (T5, BART, Whisper): -EncoderSequenceLength, else the model's own,
        /// else the sequence length; null for other models. Binds by name into the next cmdlet's -EncoderSequenceLength.</summary>
        public long? EncoderSequenceLength { get; set; }
        /// <summary>Pixels per side of each image the vision tower read; null for a model without one.</summary>
        public long? ImageSize { get; set; }
        /// <summary>Images per sequence; null for a model without a vision tower.</summary>
        public long? ImageCount { get; set; }
        public double Tokens { get; set; }
        public double ForwardFlops { get; set; }
        public double BackwardFlops { get; set; }
        public double TrainingFlops { get; set; }
        public double HardwareFlops { get; set; }
        public double ForwardFlopsPerToken { get; set; }
        public double TrainingFlopsPerToken { get; set; }
        public double HardwareFlopsPerToken { get; set; }
        public double Macs { get; set; }
        public Recompute Recompute { get; set; }
        public Convention Convention { get; set; }
        public string Source { get; set; }

        internal static ModelFlops From(string name, string source, ModelTotals totals, Recompute recompute, Convention convention,
            VisionTowerConfig vision = null, long? encoderSequenceLength = null) =>
            new ModelFlops
            {
                Model = name, Source = source, Parameters = totals.Parameters, ActiveParameters = totals.ActiveParameters,
                SequenceLength = totals.SequenceLength, BatchSize = totals.BatchSize, Tokens = totals.Tokens,
                ForwardFlops = totals.ForwardFlops, BackwardFlops = totals.BackwardFlops, TrainingFlops = totals.TrainingFlops,
                HardwareFlops = totals.HardwareFlops(recompute), ForwardFlopsPerToken = totals.ForwardFlopsPerToken,
                TrainingFlopsPerToken = totals.TrainingFlopsPerToken, HardwareFlopsPerToken = totals.HardwareFlopsPerToken(recompute),
                Macs = totals.Macs, Recompute = recompute, Convention = convention,
                ImageSize = vision?.ImageSize, ImageCount = vision?.ImageCount, EncoderSequenceLength = encoderSequenceLength,
            };
    }
}
