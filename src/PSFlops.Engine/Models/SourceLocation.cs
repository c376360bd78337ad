namespace PSFlops.Engine.Models
{
    /// <summary>Where in a model file a value was written (1-based line and column).</summary>
    public sealed record SourceLocation(string File, long Line, long Column)
    {
        public override string ToString() => $"{File}:{Line}:{Column}";
    }

    /// <summary>
    /// A model definition that cannot be loaded or expanded: a syntax error, a wrong type, an unknown
    /// key, an impossible shape. <see cref="ErrorId"/> is stable (PowerShell's FullyQualifiedErrorId
    /// prefix); <see cref="Location"/> is null only when the problem has no place in a file.
    /// </summary>
    public sealed class ModelDefinitionException : System.Exception
    {
        public ModelDefinitionException(string errorId, string reason, SourceLocation location, System.Exception inner = null)
            : base(location == null ? reason : $"{location}: {reason}", inner)
        {
            ErrorId = errorId;
            Reason = reason;
            Location = location;
        }

        public string ErrorId { get; }
        public string Reason { get; }
        public SourceLocation Location { get; }
    }
}
