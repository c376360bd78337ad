using System;
using System.Collections.Generic;
using System.IO;
using PSFlops.Engine.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PSFlops.Loading
{
    /// <summary>A parsed YAML value with where it starts. Only what model files need: no aliases, no tags.</summary>
    internal abstract record YNode(SourceLocation Location);

    internal sealed record YScalar(string Value, bool Quoted, SourceLocation Location) : YNode(Location)
    {
        /// <summary>YAML 1.2 core-schema null: empty, ~ or null, unquoted.</summary>
        public bool IsNull => !Quoted && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");
    }

    internal sealed record YSequence(IReadOnlyList<YNode> Items, SourceLocation Location) : YNode(Location);

    internal sealed record YMapping(IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries, SourceLocation Location) : YNode(Location);

    /// <summary>
    /// Builds a <see cref="YNode"/> tree from YamlDotNet's event parser. Hostile input is refused
    /// here, before anything is interpreted: aliases (so no "billion laughs" expansion), explicit tags
    /// (no .NET type is ever named, let alone created), nesting deeper than <see cref="MaxDepth"/>,
    /// more than one document, and duplicate keys.
    /// </summary>
    internal static class YamlTree
    {
        public const int MaxDepth = 64;

        /// <summary>
        /// Parses text, refusing first a tab in a line's indentation at its own line and column: YAML forbids it, and
        /// YamlDotNet reports it at the end of the previous scalar with its own wording.
        /// </summary>
        public static YNode Parse(string text, string file)
        {
            int line = 1, column = 1;
            bool indentation = true;
            foreach (char c in text)
            {
                if (c == '\n') { line++; column = 1; indentation = true; continue; }
                if (indentation && c == '\t')
                    throw new ModelDefinitionException("YamlTabIndentation",
                        "A tab in the indentation: YAML indents with spaces only. Replace the tab with spaces.", new SourceLocation(file, line, column));
                if (c != ' ' && c != '\r') indentation = false;
                column++;
            }
            return Parse(new StringReader(text), file);
        }

        public static YNode Parse(TextReader reader, string file)
        {
            var parser = new Parser(reader);
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _))
                    throw new ModelDefinitionException("EmptyFile", "The file is empty; a model file is a YAML mapping.", new SourceLocation(file, 1, 1));
                parser.Consume<DocumentStart>();
                var root = ReadNode(parser, file, 0);
                parser.Consume<DocumentEnd>();
                if (!parser.Accept<StreamEnd>(out _))
                    throw new ModelDefinitionException("YamlMultipleDocuments", "The file holds more than one YAML document; a model file holds one.",
                        Location(parser.Current?.Start ?? Mark.Empty, file));
                return root;
            }
            catch (YamlException e)
            {
                throw new ModelDefinitionException("YamlSyntaxError", $"YAML syntax error: {Clean(e.Message)}", Location(e.Start, file), e);
            }
            catch (Exception e) when (e is InvalidOperationException || e is ArgumentException)
            {
                // YamlDotNet reports some malformed input outside YamlException: truncated input (an unclosed
                // flow list at the end) as InvalidOperationException, a global tag that is not a URI
                // ("!<g:1>", found by the loader fuzz test) as ArgumentException.
                var at = parser.Current?.Start ?? Mark.Empty;
                throw new ModelDefinitionException("YamlSyntaxError", $"YAML syntax error: {e.Message}", Location(at, file), e);
            }
        }

        private static YNode ReadNode(IParser parser, string file, int depth)
        {
            var start = parser.Current;
            if (start == null) throw new YamlException("Unexpected end of input.");
            var location = Location(start.Start, file);
            if (depth > MaxDepth)
                throw new ModelDefinitionException("YamlTooDeep", $"The YAML nests deeper than {MaxDepth} levels.", location);

            switch (start)
            {
                case AnchorAlias _:
                    throw new ModelDefinitionException("YamlAliasNotAllowed", "YAML aliases (*name) are not allowed in model files.", location);
                case NodeEvent node when !node.Tag.IsEmpty && !IsPlainTag(node.Tag.Value):
                    throw new ModelDefinitionException("YamlTagNotAllowed", $"YAML tags such as '{node.Tag.Value}' are not allowed in model files.", location);
            }

            // '!!str 2' is the text "2", not a number: an explicit str tag counts as quoted.
            if (parser.TryConsume<Scalar>(out var scalar))
                return new YScalar(scalar.Value, scalar.Style != ScalarStyle.Plain || (scalar.Tag.IsGlobal && scalar.Tag.Value == "tag:yaml.org,2002:str"), location);

            if (parser.TryConsume<SequenceStart>(out _))
            {
                var items = new List<YNode>();
                while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, file, depth + 1));
                return new YSequence(items, location);
            }

            if (parser.TryConsume<MappingStart>(out _))
            {
                var entries = new List<KeyValuePair<YScalar, YNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, file, depth + 1);
                    if (!(keyNode is YScalar key))
                        throw new ModelDefinitionException("YamlWrongType", "A mapping key must be a plain name.", keyNode.Location);
                    if (!seen.Add(key.Value))
                        throw new ModelDefinitionException("YamlDuplicateKey", $"The key '{key.Value}' appears twice in the same mapping.", key.Location);
                    entries.Add(new KeyValuePair<YScalar, YNode>(key, ReadNode(parser, file, depth + 1)));
                }
                return new YMapping(entries, location);
            }

            throw new YamlException(start.Start, start.End, $"Unexpected {start.GetType().Name}.");
        }

        // JSON and plain YAML never need tags beyond the core schema's own.
        private static bool IsPlainTag(string tag) =>
            tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float"
            || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null" || tag == "tag:yaml.org,2002:map"
            || tag == "tag:yaml.org,2002:seq" || tag == "!";

        internal static SourceLocation Location(Mark mark, string file) =>
            new SourceLocation(file, Math.Max(1, mark.Line), Math.Max(1, mark.Column));

        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is reported separately.
        private static string Clean(string message)
        {
            int i = message.LastIndexOf("): ", StringComparison.Ordinal);
            return i >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(i + 3) : message;
        }
    }
}
