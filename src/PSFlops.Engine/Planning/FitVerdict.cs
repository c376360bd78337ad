namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Memory per device against one device: its capacity as the runtime reports it, the share kept back, the bytes
    /// left usable, the share of capacity used, and whether the total fits in the usable bytes.
    /// </summary>
    public sealed record FitVerdict(double DeviceMemoryBytes, double ReserveFraction, double UsableBytes, double Fraction, bool Fits);
}
