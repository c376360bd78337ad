using System;
using System.IO;
using System.Linq;
using System.Threading;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Reads a model file: YAML (transformer or layer-graph form) or a Hugging Face config.json.
    /// Every failure is a <see cref="ModelDefinitionException"/> with the file, line and column.
    /// </summary>
    public static class ModelFileLoader
    {
        /// <summary>Model files are small; anything larger is refused before it is parsed.</summary>
        public const long MaxFileBytes = BoundedFile.MaxBytes;

        private static readonly string[] TopKeys = { "name", "source", "description", "batch_size", "transformer", "input", "blocks", "layers" };

        /// <summary>Loads a file; <paramref name="cancel"/> stops the expansion a layer graph is checked with.</summary>
        public static ModelDefinition Load(string path, CancellationToken cancel = default)
        {
            string text = ReadText(path);
            if (!(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || LooksLikeJsonObject(text))) return Parse(text, path, cancel);
            JsonText.RefuseComments(text, path);
            var root = YamlTree.Parse(text, path);
            return ShapeCheck.Checked(HuggingFaceConfigReader.Read(root, path), root, "config.json", cancel);
        }

        /// <summary>Parses YAML text of a model file; <paramref name="file"/> is only used in messages.</summary>
        public static ModelDefinition Parse(string yaml, string file, CancellationToken cancel = default)
        {
            var root = YamlTree.Parse(yaml, file);
            var top = new Fields(root, "the model file", TopKeys);
            string name = top.String("name") ?? Path.GetFileNameWithoutExtension(file);
            long batch = top.Long("batch_size") ?? 1;
            if (batch <= 0) throw new ModelDefinitionException("InvalidShape", $"'batch_size' must be a positive integer; got {batch}.", top.Node("batch_size").Location);

            if (top.Has("transformer"))
            {
                foreach (var key in new[] { "input", "blocks", "layers" })
                    if (top.Has(key))
                        throw new ModelDefinitionException("YamlUnknownKey", $"'{key}' belongs to the layer-graph form; a transformer-form file has only 'transformer'.", top.Node(key).Location);
                var (config, sequence) = TransformerFormReader.Read(top.Node("transformer"));
                return ShapeCheck.Checked(new ModelDefinition
                {
                    Name = name, Source = top.String("source"), Path = file, Form = "transformer",
                    Transformer = config, DefaultSequenceLength = sequence, DefaultBatchSize = batch,
                }, root, "the transformer", cancel);
            }
            if (!top.Has("layers"))
                throw new ModelDefinitionException("YamlMissingKey", "A model file needs either 'transformer' (transformer form) or 'input' and 'layers' (layer-graph form).", root.Location);
            var graph = GraphFormReader.Read(top);
            var definition = new ModelDefinition
            {
                Name = name, Source = top.String("source"), Path = file, Form = "graph",
                Graph = graph, DefaultSequenceLength = 1, DefaultBatchSize = batch,
            };
            // Expand once so that impossible shapes are reported when the file is loaded.
            ModelCalculator.Expand(definition, 1, 1, cancel: cancel);
            return definition;
        }

        /// <summary>The file's text, read through <see cref="BoundedFile"/> (regular files only, at most <see cref="MaxFileBytes"/>).</summary>
        internal static string ReadText(string path)
        {
            var at = new SourceLocation(path, 1, 1);
            byte[] bytes = BoundedFile.Read(path);
            string text = BoundedFile.Decode(bytes, at);
            if (text.Trim(' ', '\t', '\r', '\n', '\uFEFF').Length == 0)
                throw new ModelDefinitionException("EmptyFile", "The file is empty; a model file is a YAML mapping.", at);
            return text;
        }

        private static bool LooksLikeJsonObject(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith("{", StringComparison.Ordinal)
            && text.Contains("\"model_type\"");
    }
}
