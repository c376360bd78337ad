using PSFlops.Engine.Models;

namespace PSFlops.Output
{
    /// <summary>Fills a record's <see cref="IModelWorkload"/> from the model it was computed for.</summary>
    internal static class ModelWorkload
    {
        /// <summary>
        /// The encoder length the definition carries (-EncoderSequenceLength, else the model's own such as Whisper's
        /// 1500; null when it follows the workload's lengths) and the vision tower's image size and count.
        /// </summary>
        public static T Echo<T>(T record, TransformerConfig model) where T : IModelWorkload
        {
            record.EncoderSequenceLength = model?.Encoder != null ? model.EncoderSequenceLength : null;
            record.ImageSize = model?.Vision?.ImageSize;
            record.ImageCount = model?.Vision?.ImageCount;
            return record;
        }
    }
}
