using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Maps a Hugging Face config.json onto the transformer form through the family its model_type names
    /// (<see cref="HuggingFaceFamilies"/>, one file per family, field names as transformers' configuration classes).
    /// </summary>
    internal static class HuggingFaceConfigReader
    {
        /// <summary>A Hub repository id: a name, optionally under an owner ("openai/whisper-large-v3").</summary>
        private static readonly Regex HubIdPattern = new Regex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$");

        public static System.Collections.Generic.IReadOnlyList<string> SupportedModelTypes => HuggingFaceFamilies.SupportedModelTypes;

        private static string Unsupported => $"supported: {string.Join(", ", SupportedModelTypes)}; any other transformer can be " +
            "described in a YAML model file's transformer form (Get-Help about_PSFlops_Models).";

        public static ModelDefinition Read(YNode root, string path)
        {
            var map = root as YMapping ?? throw Fields.WrongType(root, "config.json", "a JSON object");
            var f = new Fields(map, "config.json", map.Entries.Select(e => e.Key.Value).ToList());
            string type = f.String("model_type")
                ?? throw new ModelDefinitionException("UnsupportedModelType", $"config.json has no 'model_type'; {Unsupported}", map.Location);
            if (!HuggingFaceFamilies.ByModelType.TryGetValue(type, out var family))
                throw new ModelDefinitionException("UnsupportedModelType", $"model_type '{type}' is not supported; {Unsupported}",
                    f.Node("model_type").Location);

            // Shapes the engine refuses are reported at the config key by ShapeCheck, which ModelFileLoader runs next.
            var config = family.Read(f);
            long sequence = config.Positions == PositionKind.Learned
                ? config.MaxSequenceLength.Value
                : System.Math.Min(config.MaxSequenceLength ?? 4096, 8192);
            string name = HubId(f.String("_name_or_path")) ?? LocalName(path) ?? type;
            return new ModelDefinition
            {
                Name = name, Source = path + " (Hugging Face config.json)", Path = path, Form = "huggingface",
                Transformer = config, DefaultSequenceLength = sequence,
            };
        }

        /// <summary>
        /// _name_or_path names the model only when it is a Hub id. A config saved from a local folder records that
        /// folder instead (Falcon-Mamba's "./", Mamba-Codestral's "/raid/pablo/codestral-hf-good/", mT5's
        /// "/home/patrick/hugging_face/t5/mt5-base"), which names nothing the user knows; the folder the config sits in
        /// names it better.
        /// </summary>
        private static string HubId(string nameOrPath) =>
            nameOrPath != null && HubIdPattern.IsMatch(nameOrPath) ? nameOrPath : null;

        /// <summary>
        /// The name a file on disk gives the model: a Hub download's folder for its config.json (Mamba-Codestral-7B-v0.1/
        /// config.json), else the file's own name (llama-3.1-8b.json), as a YAML model file without a name is named.
        /// </summary>
        private static string LocalName(string path)
        {
            string full = Path.GetFullPath(path);
            string file = Path.GetFileNameWithoutExtension(full);
            if (!string.Equals(Path.GetFileName(full), "config.json", System.StringComparison.OrdinalIgnoreCase) && file.Length > 0) return file;
            string folder = Path.GetFileName(Path.GetDirectoryName(full));
            return string.IsNullOrEmpty(folder) ? null : folder;
        }
    }
}
