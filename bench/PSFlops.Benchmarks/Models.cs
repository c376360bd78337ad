using System;
using System.IO;
using System.Linq;
using System.Text;

namespace PSFlops.Benchmarks
{
    /// <summary>Inputs shared by the benchmarks: built-in model files and generated layer graphs.</summary>
    internal static class Models
    {
        public static string Folder
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PSFlops.sln"))) dir = dir.Parent;
                return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("PSFlops.sln"), "module", "models");
            }
        }

        /// <summary>The built-in hardware table.</summary>
        public static string HardwareFile => Path.Combine(Folder, "..", "data", "hardware.yaml");

        public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name + ".yaml"));

        /// <summary>The largest built-in model file.</summary>
        public static string LargestFile => Directory.GetFiles(Folder, "*.yaml").OrderByDescending(f => new FileInfo(f).Length).First();

        /// <summary>A layer graph of <paramref name="layers"/> distinct linear layers (widths 64, 65, ... so none merge).</summary>
        public static string Graph(int layers)
        {
            var yaml = new StringBuilder("name: generated\ninput: [128, 64]\nlayers:\n");
            for (int i = 0; i < layers; i++) yaml.Append("  - linear: {out_features: ").Append(64 + i % 2 + (i / 2) % 97).Append("}\n");
            return yaml.ToString();
        }

        /// <summary>A repeat of one shape-keeping block <paramref name="count"/> times.</summary>
        public static string Repeat(long count) =>
            $"name: repeated\ninput: [128, 256]\nlayers:\n  - repeat: {count}\n    layers:\n      - transformer_block: {{heads: 4, ffn_dim: 1024}}\n";
    }
}
