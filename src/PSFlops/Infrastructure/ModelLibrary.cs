using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSFlops.Engine.Models;
using PSFlops.Loading;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// The built-in models shipped in the module's models/ folder. Files are read on first use and
    /// cached for the process; the cache is safe to share between runspaces.
    /// </summary>
    internal static class ModelLibrary
    {
        private static readonly Lazy<IReadOnlyDictionary<string, string>> Files = new Lazy<IReadOnlyDictionary<string, string>>(FindFiles);
        private static readonly ConcurrentDictionary<string, Lazy<ModelDefinition>> Loaded =
            new ConcurrentDictionary<string, Lazy<ModelDefinition>>(StringComparer.OrdinalIgnoreCase);

        public static string Folder => Path.Combine(ModuleFolder.Path, "models");

        public static IReadOnlyCollection<string> Names => Files.Value.Keys.ToList();

        public static bool Contains(string name) => Files.Value.ContainsKey(name);

        public static ModelDefinition Get(string name) =>
            Loaded.GetOrAdd(name, n => new Lazy<ModelDefinition>(() => ModelFileLoader.Load(Files.Value[n]))).Value;

        private static IReadOnlyDictionary<string, string> FindFiles()
        {
            var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(Folder))
                foreach (var file in Directory.GetFiles(Folder, "*.yaml"))
                    result[Path.GetFileNameWithoutExtension(file)] = file;
            return result;
        }
    }

    /// <summary>Where the module's files are: beside this assembly.</summary>
    internal static class ModuleFolder
    {
        public static string Path => System.IO.Path.GetDirectoryName(typeof(ModuleFolder).Assembly.Location);
    }
}
