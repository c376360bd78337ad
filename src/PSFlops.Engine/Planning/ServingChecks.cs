using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>Checks of real-valued serving inputs (finite and positive), failing with FlopsArgumentException.</summary>
    internal static class ServingChecks
    {
        // The message is built only on failure: these checks run on every point of a sweep.
        public static double Positive(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || !(value > 0))
                throw new FlopsArgumentException(name, $"{name} must be a positive number; got {value}.");
            return value;
        }

        public static void Check(bool condition, string name, Func<string> message)
        {
            if (!condition) throw new FlopsArgumentException(name, message());
        }
    }
}
