using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>Reads the layer-graph form of a model file into <see cref="GraphDefinition"/> nodes.</summary>
    internal static class GraphFormReader
    {
        public static GraphDefinition Read(Fields top)
        {
            var inputNode = top.Required("input");
            if (!(inputNode is YSequence inputList) || inputList.Items.Count == 0)
                throw Fields.WrongType(inputNode, "'input'", "a list of sizes such as [3, 224, 224]");
            var input = inputList.Items.Select(i => Fields.ToLong(i, "an entry of 'input'")).ToList();
            foreach (var (size, item) in input.Zip(inputList.Items, (s, i) => (s, i)))
                if (size <= 0 || size > Engine.Require.MaxDimension)
                    throw new ModelDefinitionException("InvalidShape", $"Input sizes must be positive integers up to 2^53; got {size}.", item.Location);

            var blocks = new Dictionary<string, BlockDefinition>();
            if (top.Has("blocks"))
            {
                var blockMap = top.Node("blocks") as YMapping ?? throw Fields.WrongType(top.Node("blocks"), "'blocks'", "a mapping of block names");
                foreach (var entry in blockMap.Entries)
                {
                    string name = entry.Key.Value;
                    if (GraphLayerKinds.Args.ContainsKey(name) || IsStructural(name))
                        throw new ModelDefinitionException("YamlInvalidValue", $"The block name '{name}' is a layer type; choose another name.", entry.Key.Location);
                    blocks[name] = null; // declared: calls may precede definitions and blocks may call each other
                }
                foreach (var entry in blockMap.Entries)
                {
                    var f = new Fields(entry.Value, $"block '{entry.Key.Value}'", new[] { "args", "layers" });
                    var args = new List<string>();
                    if (f.Has("args"))
                    {
                        if (!(f.Node("args") is YSequence argList)) throw Fields.WrongType(f.Node("args"), "'args'", "a list of names");
                        args.AddRange(argList.Items.Select(a => Fields.ToText(a, "an argument name")));
                    }
                    blocks[entry.Key.Value] = new BlockDefinition(entry.Key.Value, args,
                        ReadList(f.Required("layers"), $"block '{entry.Key.Value}'", blocks), entry.Key.Location);
                }
            }
            var layers = ReadList(top.Required("layers"), "layers", blocks);
            return new GraphDefinition(input, blocks, layers, inputNode.Location);
        }

        private static bool IsStructural(string name) => name == "residual" || name == "concat" || name == "repeat" || name == "layers";

        private static IReadOnlyList<GraphNode> ReadList(YNode node, string context, IReadOnlyDictionary<string, BlockDefinition> blocks)
        {
            if (!(node is YSequence list)) throw Fields.WrongType(node, $"'layers' of {context}", "a list of layers");
            return list.Items.Select(item => ReadItem(item, context, blocks)).ToList();
        }

        private static GraphNode ReadItem(YNode item, string context, IReadOnlyDictionary<string, BlockDefinition> blocks)
        {
            if (!(item is YMapping map) || map.Entries.Count == 0)
                throw Fields.WrongType(item, $"a layer in {context}", "a mapping such as 'conv2d: {out_channels: 16, kernel_size: 3}'");

            string first = map.Entries[0].Key.Value;
            if (map.Entries.Any(e => e.Key.Value == "repeat"))
            {
                var f = new Fields(map, "repeat", new[] { "repeat", "layers" });
                var countNode = f.Required("repeat");
                return new RepeatNode(Value(countNode), ReadList(f.Required("layers"), "repeat", blocks), map.Location);
            }
            if (map.Entries.Count != 1)
                throw new ModelDefinitionException("YamlUnknownKey",
                    $"A layer entry has one key, the layer type; this one has {string.Join(", ", map.Entries.Select(e => e.Key.Value))}.",
                    map.Entries[1].Key.Location);

            var keyNode = map.Entries[0].Key;
            var body = map.Entries[0].Value;
            if (first == "residual")
            {
                var f = new Fields(body, "residual", new[] { "main", "shortcut" });
                return new ResidualNode(ReadList(f.Required("main"), "residual main", blocks),
                    f.Has("shortcut") ? ReadList(f.Node("shortcut"), "residual shortcut", blocks) : new GraphNode[0], keyNode.Location);
            }
            if (first == "concat")
            {
                var f = new Fields(body, "concat", new[] { "branches" });
                var branchesNode = f.Required("branches");
                if (!(branchesNode is YSequence branchList) || branchList.Items.Count < 2)
                    throw Fields.WrongType(branchesNode, "'branches' of concat", "a list of two or more layer lists, such as [[], [conv2d: ...]] ([] is the identity)");
                return new ConcatNode(branchList.Items.Select((b, i) => ReadList(b, $"concat branch {i + 1}", blocks)).ToList(), keyNode.Location);
            }
            if (GraphLayerKinds.Args.TryGetValue(first, out var allowed))
            {
                var args = ReadArgs(body, first, allowed.Concat(new[] { "name" }).ToArray());
                string name = args.TryGetValue("name", out var n) ? System.Convert.ToString(n.Value, CultureInfo.InvariantCulture) : null;
                args.Remove("name");
                return new LayerNode(first, name, args, keyNode.Location);
            }
            if (blocks.ContainsKey(first))
            {
                var args = body is YScalar s && s.IsNull ? new Dictionary<string, ArgValue>() : ReadArgs(body, $"block '{first}'", null);
                return new BlockCallNode(first, args, keyNode.Location);
            }
            var known = GraphLayerKinds.Args.Keys.Concat(blocks.Keys).Concat(new[] { "residual", "concat", "repeat" });
            throw new ModelDefinitionException("UnknownLayerType",
                $"Unknown layer type '{first}'.{Suggest.Closest(first, known)} Known: {string.Join(", ", GraphLayerKinds.Args.Keys)}, residual, concat, repeat{(blocks.Count > 0 ? ", and the blocks " + string.Join(", ", blocks.Keys) : "")}.",
                keyNode.Location);
        }

        private static Dictionary<string, ArgValue> ReadArgs(YNode body, string context, IReadOnlyCollection<string> allowed)
        {
            var result = new Dictionary<string, ArgValue>();
            if (body is YScalar s && s.IsNull) return result;
            if (!(body is YMapping map)) throw Fields.WrongType(body, $"the arguments of {context}", "a mapping such as {} or {out_channels: 64}");
            if (allowed != null) new Fields(map, context, allowed);   // rejects unknown keys
            foreach (var entry in map.Entries) result[entry.Key.Value] = Value(entry.Value);
            return result;
        }

        /// <summary>A scalar becomes long, double, bool or string; a list a list of those. Types are checked where used.</summary>
        private static ArgValue Value(YNode node)
        {
            switch (node)
            {
                case YScalar s when s.IsNull: return new ArgValue(null, s.Location);
                case YScalar s when !s.Quoted:
                    string text = s.Value.Replace("_", "");
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return new ArgValue(l, s.Location);
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return new ArgValue(d, s.Location);
                    if (s.Value == "true" || s.Value == "false") return new ArgValue(s.Value == "true", s.Location);
                    return new ArgValue(s.Value, s.Location);
                case YScalar s: return new ArgValue(s.Value, s.Location);
                case YSequence list: return new ArgValue(list.Items.Select(Value).ToList(), list.Location);
                default: throw Fields.WrongType(node, "an argument", "a number, a word, or a list of numbers");
            }
        }
    }
}
