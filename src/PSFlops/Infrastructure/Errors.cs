using System;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Turns the engine's and loaders' exceptions into ErrorRecords with stable ids. The id is the
    /// first part of FullyQualifiedErrorId; PowerShell appends ",PSFlops.Commands.&lt;Cmdlet&gt;Command".
    /// </summary>
    internal static class Errors
    {
        public const string InvalidDimension = "InvalidDimension";
        public const string MissingDimension = "MissingDimension";
        public const string UnknownModel = "UnknownModel";
        public const string UnknownHardware = "UnknownHardware";
        public const string FileNotFound = "FileNotFound";

        public static ErrorRecord From(Exception exception, object target)
        {
            switch (exception)
            {
                case FlopsArgumentException fa:
                    return Record(fa, fa.ErrorId ?? (fa.Missing ? MissingDimension : InvalidDimension), ErrorCategory.InvalidArgument, target, fa.Reason);
                case ModelDefinitionException md:
                    return Record(md, md.ErrorId, CategoryOf(md.ErrorId), target, md.Message);
                case InputException pi:
                    return Record(pi, pi.ErrorId, pi.Category, target);
                default:
                    return Record(exception, "UnexpectedError", ErrorCategory.NotSpecified, target, exception.Message);
            }
        }

        /// <summary>The exceptions that report bad input (written as errors); anything else is a bug and propagates.</summary>
        public static bool IsExpected(Exception e) =>
            e is FlopsArgumentException || e is ModelDefinitionException || e is InputException;

        /// <summary>A name that matches nothing (model, hardware): ObjectNotFound, with the name as target.</summary>
        public static ErrorRecord NotFound(string id, string message, object target) =>
            Record(new ItemNotFoundException(message), id, ErrorCategory.ObjectNotFound, target);

        public static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object target, string message = null)
        {
            var record = new ErrorRecord(exception, id, category, target);
            if (message != null) record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        private static ErrorCategory CategoryOf(string id)
        {
            if (id.StartsWith("Yaml", StringComparison.Ordinal) || id == "EmptyFile") return ErrorCategory.ParserError;
            switch (id)
            {
                case FileNotFound:
                    return ErrorCategory.ObjectNotFound;
                case "FileUnreadable": return ErrorCategory.ReadError;
                case "FileTooLarge": return ErrorCategory.LimitsExceeded;
                default: return ErrorCategory.InvalidData;
            }
        }
    }
}
