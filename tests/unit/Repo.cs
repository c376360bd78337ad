using System.IO;
using PSFlops.Engine.Models;
using PSFlops.Loading;

namespace PSFlops.Tests
{
    /// <summary>Finds files of the source tree (built-in models, hardware table) from the test's bin folder.</summary>
    internal static class Repo
    {
        public static string Root
        {
            get
            {
                var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PSFlops.sln"))) dir = dir.Parent;
                return dir?.FullName ?? throw new DirectoryNotFoundException("PSFlops.sln not found above the test folder.");
            }
        }

        public static string ModelPath(string name) => Path.Combine(Root, "module", "models", name + ".yaml");

        public static ModelDefinition Model(string name) => ModelFileLoader.Load(ModelPath(name));

        /// <summary>A published config.json kept under tests/unit/configs (sources in its SOURCES.md).</summary>
        public static string ConfigPath(string file) => Path.Combine(Root, "tests", "unit", "configs", file);

        public static ModelDefinition Config(string file) => ModelFileLoader.Load(ConfigPath(file));
    }
}
