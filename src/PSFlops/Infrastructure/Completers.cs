using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSFlops.Infrastructure
{
    /// <summary>Completes names from a list, matching what was typed as a prefix wildcard, quoting where needed.</summary>
    internal static class Completion
    {
        public static IEnumerable<CompletionResult> Complete(IEnumerable<string> names, string wordToComplete)
        {
            string typed = (wordToComplete ?? "").Trim('\'', '"');
            return NamePattern.Completions(names, typed).OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase).Select(n =>
                new CompletionResult(n.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')' }) >= 0 ? $"'{n.Replace("'", "''")}'" : n,
                    n, CompletionResultType.ParameterValue, n));
        }
    }

    public sealed class ModelNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) => Completion.Complete(ModelLibrary.Names, wordToComplete);
    }
}
