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

        /// <summary>An argument that contradicts the model's shape or another argument, with its own error id.</summary>
        public FlopsArgumentException(string parameterName, string message, string errorId)
            : this(parameterName, message)
        {
            ErrorId = errorId;
        }

        /// <summary>The error id a cmdlet reports (TensorParallelHeads, ...); null for the generic InvalidDimension / MissingDimension.</summary>
        public string ErrorId { get; }

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

        /// <summary>As <see cref="That(bool, string, string)"/>, reported under its own error id.</summary>
        public static void That(bool condition, string name, string message, string errorId)
        {
            if (!condition) throw new FlopsArgumentException(name, message, errorId);
        }
    }
}
