namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// A cluster that differs from a hardware row's default interconnect: -ScaleUpGBps (per-device NVLink-class
    /// bandwidth, both directions, GB/s), -ScaleUpDomain (devices per scale-up domain), -ScaleOutGbps (per-device
    /// network, Gbit/s). Null keeps the row's figure. Carried from the planning cmdlets to the step-time engine.
    /// </summary>
    public sealed record InterconnectOverrides(double? ScaleUpGBps = null, long? ScaleUpDomain = null, double? ScaleOutGbps = null)
    {
        public static readonly InterconnectOverrides None = new InterconnectOverrides();

        public bool IsEmpty => ScaleUpGBps == null && ScaleUpDomain == null && ScaleOutGbps == null;

        public void Validate()
        {
            if (ScaleUpGBps is double up) Require.That(up > 0 && !double.IsInfinity(up), "ScaleUpGBps", $"ScaleUpGBps must be a positive number; got {up}.");
            if (ScaleUpDomain is long domain) Require.Positive(domain, "ScaleUpDomain");
            if (ScaleOutGbps is double output) Require.That(output > 0 && !double.IsInfinity(output), "ScaleOutGbps", $"ScaleOutGbps must be a positive number; got {output}.");
        }
    }
}
