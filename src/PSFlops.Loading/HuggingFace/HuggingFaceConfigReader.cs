using System.IO;
using System.Linq;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Maps a Hugging Face config.json onto the transformer form through the family its model_type names
    /// (<see cref="HuggingFaceFamilies"/>, one file per family, field names as transformers' configuration classes).
    /// </summary>
    internal static class HuggingFaceConfigReader
    {
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
            string name = f.String("_name_or_path") ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? type;
            return new ModelDefinition
            {
                Name = name, Source = path + " (Hugging Face config.json)", Path = path, Form = "huggingface",
                Transformer = config, DefaultSequenceLength = sequence,
            };
        }
    }
}
