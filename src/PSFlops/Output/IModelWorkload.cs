namespace PSFlops.Output
{
    /// <summary>
    /// A record that echoes the model's workload inputs (the encoder length, the image size and count), so that it binds
    /// them by name into the next cmdlet's -EncoderSequenceLength, -ImageSize and -ImageCount. Null where the model has
    /// no encoder or no vision tower.
    /// </summary>
    public interface IModelWorkload
    {
        long? EncoderSequenceLength { get; set; }
        long? ImageSize { get; set; }
        long? ImageCount { get; set; }
    }
}
