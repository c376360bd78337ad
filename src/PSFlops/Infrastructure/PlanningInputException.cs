using System;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>A planning input that is missing or unknown; carries its error id and category.</summary>
    internal sealed class PlanningInputException : Exception
    {
        public PlanningInputException(string errorId, string message, ErrorCategory category) : base(message)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
    }
}
