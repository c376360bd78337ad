using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSFlops.Loader
{
    /// <summary>
    /// The private load context of PSFlops's dependencies on PowerShell 7. PSFlops.dll and PSFlops.Engine.dll
    /// stay in the default context (PowerShell loads them; their types are the public surface). When the
    /// default context cannot find PSFlops.Loading or PSFlops.Reporting (they sit in deps/, out of PowerShell's
    /// probing), this context loads them, and with them YamlDotNet and OxyPlot from deps/. Everything else
    /// resolves in the default context, so the engine's types are shared.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly HashSet<string> Private = new HashSet<string> { "PSFlops.Loading", "YamlDotNet", "PSFlops.Reporting", "OxyPlot" };
        private static readonly object Gate = new object();
        private static DependencyLoadContext _instance;

        /// <summary>The assemblies PSFlops.dll references directly; the default context hands them to this one.</summary>
        private static readonly HashSet<string> Entry = new HashSet<string> { "PSFlops.Loading", "PSFlops.Reporting" };

        private readonly string _folder;

        private DependencyLoadContext(string folder) : base("PSFlops.Dependencies", isCollectible: false)
        {
            _folder = folder;
        }

        /// <summary>Hooks the default context once per process; importing the module again is harmless.</summary>
        public static void Initialize(string folder)
        {
            lock (Gate)
            {
                if (_instance != null) return;
                _instance = new DependencyLoadContext(folder);
                Default.Resolving += (context, name) =>
                    Entry.Contains(name.Name) ? _instance.LoadFromAssemblyName(name) : null;
            }
        }

        protected override Assembly Load(AssemblyName name)
        {
            if (!Private.Contains(name.Name)) return null;   // the default context: PSFlops.Engine, the framework
            string path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
