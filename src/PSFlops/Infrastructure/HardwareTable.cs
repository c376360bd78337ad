using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine.Planning;
using PSFlops.Loading;

namespace PSFlops.Infrastructure
{
    /// <summary>The built-in accelerator table (data/hardware.yaml beside the module), read on first use.</summary>
    internal static class HardwareTable
    {
        private static readonly Lazy<IReadOnlyList<Hardware>> BuiltIn = new Lazy<IReadOnlyList<Hardware>>(() =>
            HardwareFileLoader.Load(Path.Combine(ModuleFolder.Path, "data", "hardware.yaml")));

        public static IReadOnlyList<Hardware> All => BuiltIn.Value;

        /// <summary>Built-in rows with a user's rows added; a user row with a built-in name or alias replaces it.</summary>
        public static IReadOnlyList<Hardware> With(IEnumerable<Hardware> overrides)
        {
            var extra = overrides.ToList();
            var replaced = new HashSet<string>(extra.SelectMany(h => h.Aliases.Append(h.Name)), StringComparer.OrdinalIgnoreCase);
            return All.Where(h => !replaced.Contains(h.Name) && !h.Aliases.Any(replaced.Contains)).Concat(extra).ToList();
        }

        public static Hardware Find(string name, IReadOnlyList<Hardware> table = null) =>
            (table ?? All).FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)
                || h.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));

        public static IEnumerable<string> Names(IReadOnlyList<Hardware> table = null) =>
            (table ?? All).SelectMany(h => h.Aliases.Prepend(h.Name));

        public static string UnknownMessage(string name, IReadOnlyList<Hardware> table = null) =>
            $"No hardware is named '{name}'.{Suggest.DidYouMean(name, Names(table))} Get-Hardware lists the table.";

        /// <summary>Rows whose name or an alias matches a name or wildcard pattern (<see cref="NamePattern"/>: invariant, ordinal).</summary>
        /// <exception cref="InputException">InvalidWildcard for $null, a blank name or a malformed pattern.</exception>
        public static IReadOnlyList<Hardware> Match(string name, IReadOnlyList<Hardware> table)
        {
            var pattern = NamePattern.Parse(name);
            return table.Where(h => pattern.IsMatch(h.Name) || h.Aliases.Any(pattern.IsMatch)).ToList();
        }
    }

    public sealed class HardwareNameCompleter : System.Management.Automation.IArgumentCompleter
    {
        public IEnumerable<System.Management.Automation.CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
            Completion.Complete(HardwareTable.All.Select(h => h.Name), wordToComplete);
    }
}
