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
                    }
                }
                catch (ItemNotFoundException e)
                {
                    cmdlet.WriteError(Errors.Record(e, Errors.FileNotFound, ErrorCategory.ObjectNotFound, path,
                        $"Cannot find the file '{path}' because it does not exist."));
                }
                catch (System.Exception e) when (e is DriveNotFoundException || e is ProviderNotFoundException || e is PSArgumentException)
                {
                    cmdlet.WriteError(Errors.Record(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
                }
                foreach (var file in resolved) yield return file;
            }
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
