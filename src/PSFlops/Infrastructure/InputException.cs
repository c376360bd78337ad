using System;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>An input that is missing, unknown or malformed (planning inputs, piped layers); carries its error id and category.</summary>
    internal sealed class InputException : Exception
    {
        public InputException(string errorId, string message, ErrorCategory category) : base(message)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
    }
}
