using System;

namespace PSFlops.Engine
{
    /// <summary>
    /// A dimension or argument that no formula can use (zero, negative, fractional, too large, or
    /// inconsistent with another). <see cref="ArgumentException.ParamName"/> names the parameter as a
    /// user typed it (PowerShell parameter or model-file key).
    /// </summary>
    public sealed class FlopsArgumentException : ArgumentException
    {
        public FlopsArgumentException(string parameterName, string message, bool missing = false)
            : base(message, parameterName)
        {
            Missing = missing;
            Reason = message;
        }

        /// <summary>True when the dimension was not given at all, rather than given with a bad value.</summary>
        public bool Missing { get; }

        /// <summary>The message without the " (Parameter 'x')" suffix .NET adds to <see cref="ArgumentException.Message"/>.</summary>
        public string Reason { get; }
    }

    /// <summary>Checks shared by every formula.</summary>
    public static class Require
    {
        /// <summary>Largest dimension accepted: every count stays an exact integer in a double.</summary>
        public const long MaxDimension = 1L << 53;

        public static long Positive(long value, string name)
        {
            if (value <= 0)
                throw new FlopsArgumentException(name, $"{name} must be a positive integer; got {value}.");
            if (value > MaxDimension)
                throw new FlopsArgumentException(name, $"{name} must be at most 2^53 ({MaxDimension}); got {value}.");
            return value;
        }

        public static long NonNegative(long value, string name)
        {
            if (value < 0)
                throw new FlopsArgumentException(name, $"{name} must be zero or a positive integer; got {value}.");
            if (value > MaxDimension)
                throw new FlopsArgumentException(name, $"{name} must be at most 2^53 ({MaxDimension}); got {value}.");
            return value;
        }

        public static void That(bool condition, string name, string message)
        {
            if (!condition) throw new FlopsArgumentException(name, message);
        }
    }
}
