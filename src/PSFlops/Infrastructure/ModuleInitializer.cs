using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Isolates YamlDotNet and OxyPlot from other modules' copies. PSFlops.Loading, PSFlops.Reporting,
    /// YamlDotNet and OxyPlot ship in deps/: on PowerShell 7 they load into a private AssemblyLoadContext
    /// (PSFlops.Loader.dll); on Windows PowerShell 5.1 an AssemblyResolve handler loads them from deps/,
    /// side by side with any other version (both are strong-named). Nothing is loaded here: the hooks fire
    /// on first use (the first model file read, the first report written).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string[] Private = { "PSFlops.Loading", "YamlDotNet", "PSFlops.Reporting", "OxyPlot" };

        private static string DependencyFolder => Path.Combine(ModuleFolder.Path, "deps");

        public void OnImport()
        {
            if (!Directory.Exists(DependencyFolder)) return;   // not a laid-out module (tests load the assemblies directly)
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
            else
                Assembly.LoadFrom(Path.Combine(ModuleFolder.Path, "PSFlops.Loader.dll"))
                    .GetType("PSFlops.Loader.DependencyLoadContext", throwOnError: true)
                    .GetMethod("Initialize").Invoke(null, new object[] { DependencyFolder });
        }

        public void OnRemove(PSModuleInfo module)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
        }

        private static Assembly ResolveOnDesktop(object sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name;
            if (Array.IndexOf(Private, name) < 0) return null;
            string path = Path.Combine(DependencyFolder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
