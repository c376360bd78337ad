using System;
using System.Runtime.CompilerServices;
using static System.FormattableString;

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

    /// <summary>
    /// Checks shared by every formula: the one validation path for numbers (positive, finite, at most 2^53,
    /// integral where they must be). Messages format numbers with the invariant culture.
    /// </summary>
    public static class Require
    {
        /// <summary>Largest dimension accepted: every count stays an exact integer in a double.</summary>
        public const long MaxDimension = 1L << 53;

        public static long Positive(long value, string name)
        {
            if (value <= 0)
                throw new FlopsArgumentException(name, Invariant($"{name} must be a positive integer; got {value}."));
            if (value > MaxDimension)
                throw new FlopsArgumentException(name, Invariant($"{name} must be at most 2^53 ({MaxDimension}); got {value}."));
            return value;
        }

        public static long NonNegative(long value, string name)
        {
            if (value < 0)
                throw new FlopsArgumentException(name, Invariant($"{name} must be zero or a positive integer; got {value}."));
            if (value > MaxDimension)
                throw new FlopsArgumentException(name, Invariant($"{name} must be at most 2^53 ({MaxDimension}); got {value}."));
            return value;
        }

        /// <summary>A real quantity (seconds, bytes, FLOPs, a peak): finite, above zero, at most <paramref name="max"/>.</summary>
        public static double PositiveNumber(double value, string name, double max = MaxDimension)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                throw new FlopsArgumentException(name, Invariant($"{name} must be a finite positive number; got {value:R}."));
            if (value > max)
                throw new FlopsArgumentException(name, Invariant($"{name} must be at most {max:R}; got {value:R}."));
            return value;
        }

        /// <summary>A real quantity that may be zero (a fraction, an overhead): finite, at least zero, at most <paramref name="max"/>.</summary>
        public static double NonNegativeNumber(double value, string name, double max = MaxDimension)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
                throw new FlopsArgumentException(name, Invariant($"{name} must be a finite number of zero or more; got {value:R}."));
            if (value > max)
                throw new FlopsArgumentException(name, Invariant($"{name} must be at most {max:R}; got {value:R}."));
            return value;
        }

        /// <summary>
        /// A result that must be a count: finite and not negative. Products of inputs each within 2^53 can pass
        /// double's range (1e308) only through many factors; this refuses rather than writing Infinity.
        /// </summary>
        public static double FiniteResult(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
                throw new FlopsArgumentException(name, Invariant($"{name} is too large to count ({value:R}); the inputs multiply past the range of a double."));
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

        /// <summary>
        /// As <see cref="That(bool, string, string)"/> for an interpolated message (the compiler picks this overload for
        /// <c>$"..."</c>): the message is formatted, with the invariant culture, only when the check fails, so a passing
        /// check on a hot path allocates nothing.
        /// </summary>
        public static void That(bool condition, string name, [InterpolatedStringHandlerArgument("condition")] ref RequireMessage message)
        {
            if (!condition) throw new FlopsArgumentException(name, message.ToString());
        }

        /// <summary>As <see cref="That(bool, string, ref RequireMessage)"/>, reported under its own error id.</summary>
        public static void That(bool condition, string name, [InterpolatedStringHandlerArgument("condition")] ref RequireMessage message, string errorId)
        {
            if (!condition) throw new FlopsArgumentException(name, message.ToString(), errorId);
        }
    }
}
