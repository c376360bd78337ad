using System.Collections.Generic;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// -Path and -LiteralPath resolved through the PowerShell provider, so relative paths follow
    /// Set-Location and PSDrives work. Only the FileSystem provider is accepted.
    /// </summary>
    internal static class Paths
    {
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
        {
            foreach (var path in paths)
            {
                var resolved = new List<string>();
                try
                {
                    ProviderInfo provider;
                    if (literal)
                    {
                        string file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                        if (CheckProvider(cmdlet, provider, path)) resolved.Add(file);
                    }
                    else
                    {
                        var files = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                        if (CheckProvider(cmdlet, provider, path)) resolved.AddRange(files);
                        // A pattern that matches nothing is still something the user asked for: 'hw[1].yaml' is the
                        // pattern hw1.yaml to -Path, so the file of that name is never read. Say so instead of nothing.
                        if (files.Count == 0)
                            cmdlet.WriteError(Errors.Record(new ItemNotFoundException($"No file matches '{path}'."), Errors.FileNotFound,
                                ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'.{WildcardHint(cmdlet, path)}"));
                    }
                }
                catch (ItemNotFoundException e)
                {
                    cmdlet.WriteError(Errors.Record(e, Errors.FileNotFound, ErrorCategory.ObjectNotFound, path,
                        $"Cannot find the file '{path}' because it does not exist.{(literal ? "" : WildcardHint(cmdlet, path))}"));
                }
                catch (System.Exception e) when (e is DriveNotFoundException || e is ProviderNotFoundException || e is PSArgumentException)
                {
                    cmdlet.WriteError(Errors.Record(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
                }
                foreach (var file in resolved) yield return file;
            }
        }

        /// <summary>Why a -Path may miss a file that exists: its name holds wildcard characters.</summary>
        private static string WildcardHint(PSCmdlet cmdlet, string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path)) return "";
            return cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey("LiteralPath")
                ? $" -Path reads wildcards ([ ] * ?); for a file whose name holds them, use -LiteralPath '{path}'."
                : $" -Path reads wildcards ([ ] * ?); for a file whose name holds them, escape each with a backtick: '{WildcardPattern.Escape(path)}'.";
        }

        private static bool CheckProvider(PSCmdlet cmdlet, ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem") return true;
            cmdlet.WriteError(Errors.Record(new PSArgumentException($"'{path}' is on the {provider.Name} provider; model and hardware files must be on the file system."),
                "NotAFileSystemPath", ErrorCategory.InvalidArgument, path));
            return false;
        }
    }
}
