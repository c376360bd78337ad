using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// A parallel layout that cannot run the model: devices that do not multiply out, TP above the heads, a global
    /// batch the micro-batches cannot fill. <see cref="ErrorId"/> is the stable id cmdlets report.
    /// </summary>
    public sealed class InvalidLayoutException : ArgumentException
    {
        public InvalidLayoutException(string errorId, string parameterName, string message) : base(message, parameterName)
        {
            ErrorId = errorId;
            Reason = message;
        }

        public string ErrorId { get; }

        /// <summary>The message without .NET's " (Parameter 'x')" suffix.</summary>
        public string Reason { get; }
    }
}
