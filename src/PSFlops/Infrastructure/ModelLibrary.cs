using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
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

        /// <summary>A new copy of a built-in definition, read again from its file, for handing out to a user.</summary>
        public static ModelDefinition Fresh(ModelDefinition cached) =>
            cached.Path != null && File.Exists(cached.Path) ? ModelFileLoader.Load(cached.Path) : cached;

        public static string UnknownMessage(string name) =>
            $"No built-in model is named '{name}'.{Suggest.DidYouMean(name, Names)} Get-ModelDefinition lists them.";

        /// <summary>
        /// The built-in models a name or wildcard pattern names, each loaded or with the error that stopped it;
        /// a plain name that matches nothing gives one UnknownModel error.
        /// </summary>
        public static IEnumerable<(ModelDefinition Definition, ErrorRecord Error)> Lookup(string name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = Names.Where(pattern.IsMatch).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                yield return (null, Errors.NotFound(Errors.UnknownModel, UnknownMessage(name), name));
            foreach (var match in matches)
            {
                ModelDefinition definition = null;
                ErrorRecord error = null;
                try { definition = Get(match); }
                catch (ModelDefinitionException e) { error = Errors.From(e, match); }
                yield return (definition, error);
            }
        }

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
