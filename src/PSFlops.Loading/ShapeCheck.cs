using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using PSFlops.Engine;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Checks a transformer-form or config.json model when it is loaded, by expanding it once, and reports a
    /// shape the engine refuses at the file's key (file:line:column), in the file's own words: the engine says
    /// "Heads (5) must divide ModelDim (64)", a config.json user reads "num_attention_heads (5) must divide
    /// hidden_size (64)", at the num_attention_heads line, not an error naming a parameter they never gave.
    /// </summary>
    internal static class ShapeCheck
    {
        // The engine's name for a dimension, and the keys that set it: Hugging Face configs first, then the transformer form.
        private static readonly (string Engine, string[] Keys)[] KeysOf =
        {
            ("layers", new[] { "num_hidden_layers", "n_layer", "layers" }),
            ("model_dim", new[] { "hidden_size", "n_embd", "model_dim" }),
            ("ModelDim", new[] { "hidden_size", "n_embd", "model_dim" }),
            ("heads", new[] { "num_attention_heads", "n_head", "heads" }),
            ("Heads", new[] { "num_attention_heads", "n_head", "heads" }),
            ("KvHeads", new[] { "num_key_value_heads", "kv_heads" }),
            ("HeadDim", new[] { "head_dim" }),
            ("ffn_dim", new[] { "intermediate_size", "n_inner", "ffn_dim", "expert_ffn_dim" }),
            ("HiddenDim", new[] { "intermediate_size", "n_inner", "ffn_dim", "expert_ffn_dim" }),
            ("vocab_size", new[] { "vocab_size" }),
            ("VocabSize", new[] { "vocab_size" }),
            ("Window", new[] { "sliding_window", "window" }),
            ("Experts", new[] { "num_local_experts", "experts" }),
            ("TopK", new[] { "num_experts_per_tok", "top_k" }),
            ("SharedExperts", new[] { "shared_experts" }),
            ("Positions", new[] { "max_position_embeddings", "n_positions", "max_sequence_length" }),
        };

        public static ModelDefinition Checked(ModelDefinition definition, YNode root, string context, CancellationToken cancel = default)
        {
            try
            {
                ModelCalculator.Expand(definition, 1, 1, cancel: cancel);
                return definition;
            }
            catch (FlopsArgumentException e)
            {
                var keys = AllKeys(root);
                var (key, node) = Locate(e.ParamName, keys);
                string reason = Rename(e.Reason, keys, context == "config.json");
                string message = key == null ? $"In {context}: {reason}"
                    : reason.StartsWith(key, System.StringComparison.Ordinal) ? reason : $"'{key}' in {context}: {reason}";
                throw new ModelDefinitionException("InvalidShape", message,
                    node?.Location ?? root.Location, e);
            }
        }

        private static (string, YNode) Locate(string engineName, IReadOnlyDictionary<string, YNode> keys)
        {
            foreach (var (engine, candidates) in KeysOf)
                if (engine == engineName)
                    foreach (var candidate in candidates)
                        if (keys.TryGetValue(candidate, out var node)) return (candidate, node);
            return (null, null);
        }

        // A key the file does not hold (head_dim left to its default) is named as that format spells it.
        private static string Rename(string reason, IReadOnlyDictionary<string, YNode> keys, bool huggingFace)
        {
            foreach (var (engine, candidates) in KeysOf)
            {
                string key = candidates.FirstOrDefault(keys.ContainsKey) ?? (huggingFace ? candidates[0] : candidates[candidates.Length - 1]);
                reason = Regex.Replace(reason, $@"\b{engine}\b", key);
            }
            return reason;
        }

        /// <summary>Every mapping key in the file with its value's node; the first occurrence of a name wins.</summary>
        private static IReadOnlyDictionary<string, YNode> AllKeys(YNode root)
        {
            var result = new Dictionary<string, YNode>(System.StringComparer.Ordinal);
            var pending = new Stack<YNode>();
            pending.Push(root);
            while (pending.Count > 0)
                switch (pending.Pop())
                {
                    case YMapping map:
                        foreach (var entry in map.Entries)
                        {
                            if (!result.ContainsKey(entry.Key.Value)) result[entry.Key.Value] = entry.Value;
                            pending.Push(entry.Value);
                        }
                        break;
                    case YSequence list:
                        foreach (var item in list.Items) pending.Push(item);
                        break;
                }
            return result;
        }
    }
}
