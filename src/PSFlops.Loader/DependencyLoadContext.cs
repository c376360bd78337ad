using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSFlops.Loader
{
    /// <summary>
    /// The private load context of PSFlops's dependencies on PowerShell 7. PSFlops.dll and PSFlops.Engine.dll
    /// stay in the default context (PowerShell loads them; their types are the public surface). When the
    /// default context cannot find PSFlops.Loading (it sits in deps/, out of PowerShell's probing), this
    /// context loads it, and with it YamlDotNet from deps/. Everything else resolves in the default context,
    /// so the engine's types are shared.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly HashSet<string> Private = new HashSet<string> { "PSFlops.Loading", "YamlDotNet" };
        private static readonly object Gate = new object();
        private static DependencyLoadContext _instance;

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
                    name.Name == "PSFlops.Loading" ? _instance.LoadFromAssemblyName(name) : null;
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
