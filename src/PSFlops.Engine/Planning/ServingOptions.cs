namespace PSFlops.Engine.Planning
{
    /// <summary>Everything about a serving estimate that is not the model, the device, the layout or the workload.</summary>
    public sealed record ServingOptions
    {
        public Precision Precision { get; init; } = Precision.Default;
        public CountingOptions Counting { get; init; } = CountingOptions.Default;
        /// <summary>Share of device memory kept back (CUDA context, allocator, CUDA graphs); 0.1 as Get-ModelMemory.</summary>
        public double ReserveFraction { get; init; } = DefaultReserveFraction;
        /// <summary>Price of one device for one hour, in any currency; null for no cost figures.</summary>
        public double? PricePerDeviceHour { get; init; }

        public const double DefaultReserveFraction = 0.1;

        public void Validate()
        {
            ServingChecks.Check(ReserveFraction >= 0 && ReserveFraction < 1, "ReserveFraction",
                () => $"ReserveFraction must be in [0, 1); got {ReserveFraction}.");
            if (PricePerDeviceHour is double price)
                ServingChecks.Check(!double.IsNaN(price) && !double.IsInfinity(price) && price >= 0,
                    "PricePerDeviceHour", () => $"PricePerDeviceHour must be zero or a positive number; got {price}.");
        }
    }
}
