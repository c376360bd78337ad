namespace PSFlops.Engine.Planning
{
    /// <summary>Checks of real-valued serving inputs (finite and positive), failing with FlopsArgumentException.</summary>
    internal static class ServingChecks
    {
        public static double Positive(double value, string name)
        {
            Require.That(!double.IsNaN(value) && !double.IsInfinity(value) && value > 0, name, $"{name} must be a positive number; got {value}.");
            return value;
        }
    }
}
