namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 code use C# records and init-only properties.
    internal static class IsExternalInit { }
}
