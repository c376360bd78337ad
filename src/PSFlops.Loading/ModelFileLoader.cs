using System;
using System.IO;
using System.Linq;
using System.Text;
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
        public const long MaxFileBytes = 4 * 1024 * 1024;

        private static readonly string[] TopKeys = { "name", "source", "description", "batch_size", "transformer", "input", "blocks", "layers" };

        public static ModelDefinition Load(string path)
        {
            string text = ReadText(path);
            return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || LooksLikeJsonObject(text)
                ? HuggingFaceConfigReader.Read(YamlTree.Parse(new StringReader(text), path), path)
                : Parse(text, path);
        }

        /// <summary>Parses YAML text of a model file; <paramref name="file"/> is only used in messages.</summary>
        public static ModelDefinition Parse(string yaml, string file)
        {
            var root = YamlTree.Parse(new StringReader(yaml), file);
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
                return new ModelDefinition
                {
                    Name = name, Source = top.String("source"), Path = file, Form = "transformer",
                    Transformer = config, DefaultSequenceLength = sequence, DefaultBatchSize = batch,
                };
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
            ModelCalculator.Expand(definition, 1, 1);
            return definition;
        }

        internal static string ReadText(string path)
        {
            var at = new SourceLocation(path, 1, 1);
            if (Directory.Exists(path))
                throw new ModelDefinitionException("FileUnreadable", "The path is a directory, not a file.", at);
            if (!File.Exists(path))
                throw new ModelDefinitionException("FileNotFound", "The file does not exist.", at);
            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxFileBytes)
                    throw new ModelDefinitionException("FileTooLarge",
                        $"The file is {info.Length} bytes; model and hardware files are at most {MaxFileBytes} bytes.", at);
                byte[] bytes = File.ReadAllBytes(path);
                if (bytes.Length == 0 || bytes.All(b => b == ' ' || b == '\t' || b == '\r' || b == '\n'))
                    throw new ModelDefinitionException("EmptyFile", "The file is empty; a model file is a YAML mapping.", at);
                int probe = Math.Min(bytes.Length, 8192);
                for (int i = 0; i < probe; i++)
                    if (bytes[i] == 0)
                        throw new ModelDefinitionException("FileUnreadable", "The file is binary (it holds NUL bytes), not YAML or JSON text.", at);
                var utf8 = new UTF8Encoding(false, true);
                int offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
                try { return utf8.GetString(bytes, offset, bytes.Length - offset); }
                catch (DecoderFallbackException)
                {
                    throw new ModelDefinitionException("FileUnreadable", "The file is not valid UTF-8 text.", at);
                }
            }
            catch (IOException e)
            {
                throw new ModelDefinitionException("FileUnreadable", $"The file cannot be read: {e.Message}", at, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ModelDefinitionException("FileUnreadable", $"The file cannot be read: {e.Message}", at, e);
            }
        }

        private static bool LooksLikeJsonObject(string text) => text.TrimStart().StartsWith("{", StringComparison.Ordinal)
            && text.Contains("\"model_type\"");
    }
}
