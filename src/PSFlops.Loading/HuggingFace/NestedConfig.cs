using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Loading
{
    /// <summary>
    /// A sub-config of a composite config.json (text_config, vision_config), which transformers fills from its
    /// configuration class's defaults: published files often write only the fields that differ (llava-1.5's text_config
    /// names a vocab size and little else). The defaults join the written fields; a written field always wins, and an
    /// error in a written one still points at its own line and column.
    /// </summary>
    internal static class NestedConfig
    {
        /// <summary>
        /// <see cref="Read"/> for a tower that only one model type describes: a sub-config naming another model_type is
        /// refused at that line (a missing one is taken as <paramref name="modelType"/>, as the defaults imply).
        /// </summary>
        public static Fields Read(Fields parent, string key, IReadOnlyDictionary<string, string> defaults, string modelType, string refusal)
        {
            var fields = Read(parent, key, defaults);
            DecoderFields.Refuse(fields, "model_type", (fields.String("model_type") ?? modelType) != modelType, refusal);
            return fields;
        }

        public static Fields Read(Fields parent, string key, IReadOnlyDictionary<string, string> defaults)
        {
            var node = parent.Required(key);
            var map = node as YMapping ?? throw Fields.WrongType(node, $"'{key}' in config.json", "a JSON object");
            var entries = map.Entries.ToList();
            foreach (var pair in defaults)
                if (!entries.Any(e => e.Key.Value == pair.Key))
                    entries.Add(new KeyValuePair<YScalar, YNode>(new YScalar(pair.Key, false, map.Location), new YScalar(pair.Value, false, map.Location)));
            var merged = new YMapping(entries, map.Location);
            return new Fields(merged, $"'{key}' in config.json", entries.Select(e => e.Key.Value).ToList());
        }
    }
}
