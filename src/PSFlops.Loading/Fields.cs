using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// Typed access to one YAML mapping that knows its allowed keys: an unknown key is an error at
    /// that key (with the closest allowed name), a wrong type an error at the value.
    /// </summary>
    internal sealed class Fields
    {
        private readonly Dictionary<string, KeyValuePair<YScalar, YNode>> _entries;

        public Fields(YNode node, string context, IReadOnlyCollection<string> allowed)
        {
            Map = node as YMapping ?? throw WrongType(node, context, "a mapping of keys to values");
            Context = context;
            _entries = Map.Entries.ToDictionary(e => e.Key.Value, e => e, StringComparer.Ordinal);
            foreach (var entry in Map.Entries)
                if (!allowed.Contains(entry.Key.Value))
                    throw new ModelDefinitionException("YamlUnknownKey",
                        $"Unknown key '{Suggest.Shorten(entry.Key.Value)}' in {context}.{Suggest.Closest(entry.Key.Value, allowed)} Allowed: {string.Join(", ", allowed)}.",
                        entry.Key.Location);
        }

        public YMapping Map { get; }
        public string Context { get; }

        public bool Has(string key) => _entries.TryGetValue(key, out var e) && !(e.Value is YScalar s && s.IsNull);

        public YNode Node(string key) => Has(key) ? _entries[key].Value : null;

        public YNode Required(string key) =>
            Node(key) ?? throw new ModelDefinitionException("YamlMissingKey", $"{Context} needs the key '{key}'.", Map.Location);

        public long? Long(string key) => Has(key) ? ToLong(_entries[key].Value, $"'{key}' in {Context}") : (long?)null;
        public long RequiredLong(string key) => ToLong(Required(key), $"'{key}' in {Context}");
        public bool? Bool(string key) => Has(key) ? ToBool(_entries[key].Value, $"'{key}' in {Context}") : (bool?)null;
        public string String(string key) => Has(key) ? ToText(_entries[key].Value, $"'{key}' in {Context}") : null;

        public double? Double(string key) => Has(key) ? ToDouble(_entries[key].Value, $"'{key}' in {Context}") : (double?)null;

        /// <summary>A list of whole numbers (an empty list when the key is absent or null).</summary>
        public IReadOnlyList<long> Longs(string key) => Items(key).Select(n => ToLong(n, $"an entry of '{key}' in {Context}")).ToList();

        /// <summary>The items of a list value (none when absent or null); anything but a list is an error at the value.</summary>
        public IReadOnlyList<YNode> Items(string key)
        {
            var node = Node(key);
            if (node == null) return new YNode[0];
            return node is YSequence list ? list.Items : throw WrongType(node, $"'{key}' in {Context}", "a list");
        }

        public T? Enum<T>(string key, IReadOnlyDictionary<string, T> names) where T : struct
        {
            string text = String(key);
            if (text == null) return null;
            if (names.TryGetValue(text.ToLowerInvariant(), out T value)) return value;
            throw new ModelDefinitionException("YamlInvalidValue",
                $"'{key}' in {Context} must be one of {string.Join(", ", names.Keys)}; got '{text}'.", _entries[key].Value.Location);
        }

        public static long ToLong(YNode node, string what)
        {
            if (node is YScalar s && !s.Quoted)
            {
                string text = s.Value.Replace("_", "");
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    && !double.IsInfinity(d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
                    return (long)d;
            }
            throw WrongType(node, what, "a whole number");
        }

        public static double ToDouble(YNode node, string what)
        {
            if (node is YScalar s && !s.Quoted
                && double.TryParse(s.Value.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && !double.IsNaN(d) && !double.IsInfinity(d))
                return d;
            throw WrongType(node, what, "a number");
        }

        public static bool ToBool(YNode node, string what)
        {
            if (node is YScalar s && !s.Quoted)
            {
                if (s.Value == "true" || s.Value == "True" || s.Value == "TRUE") return true;
                if (s.Value == "false" || s.Value == "False" || s.Value == "FALSE") return false;
            }
            throw WrongType(node, what, "true or false");
        }

        public static string ToText(YNode node, string what) =>
            node is YScalar s ? s.Value : throw WrongType(node, what, "a text value");

        public static ModelDefinitionException WrongType(YNode node, string what, string expected)
        {
            string got = node switch
            {
                YScalar s => $"'{s.Value}'",
                YSequence _ => "a list",
                YMapping _ => "a mapping",
                _ => "nothing",
            };
            return new ModelDefinitionException("YamlWrongType", $"{what} must be {expected}; got {got}.", node?.Location);
        }
    }

    /// <summary>"Did you mean" suggestions by edit distance.</summary>
    public static class Suggest
    {
        /// <summary>Names longer than this are not compared: no real name is, and a 2 MB key must not cost 2 MB x 2 MB.</summary>
        public const int MaxLength = 64;

        /// <summary>At most this many candidates are compared, so a hostile list costs a bounded time.</summary>
        public const int MaxCandidates = 1000;

        public static IReadOnlyList<string> Nearest(string given, IEnumerable<string> candidates, int max = 3)
        {
            if (string.IsNullOrEmpty(given) || given.Length > MaxLength || candidates == null) return Array.Empty<string>();
            string g = given.ToLowerInvariant();
            return candidates.Where(c => c != null && c.Length <= MaxLength).Take(MaxCandidates)
                .Select(c => (Name: c, Distance: Distance(g, c.ToLowerInvariant()), Contains: c.ToLowerInvariant().Contains(g) || g.Contains(c.ToLowerInvariant())))
                .Where(x => x.Contains || x.Distance <= Math.Max(2, given.Length / 3))
                .OrderBy(x => x.Contains ? 0 : 1).ThenBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
                .Take(max).Select(x => x.Name).ToList();
        }

        /// <summary>" Did you mean 'a', 'b'?" for the nearest candidates, or "" when none is near.</summary>
        public static string DidYouMean(string given, IEnumerable<string> candidates, int max = 3)
        {
            var near = Nearest(given, candidates, max);
            return near.Count == 0 ? "" : $" Did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?";
        }

        public static string Closest(string given, IEnumerable<string> candidates) => DidYouMean(given, candidates, 1);

        /// <summary>A name as a message quotes it: at most <see cref="MaxLength"/> characters, so a 2 MB key makes a short error.</summary>
        public static string Shorten(string name) =>
            name == null || name.Length <= MaxLength ? name : name.Substring(0, MaxLength) + $"... ({name.Length} characters)";

        // Levenshtein distance with two rows: memory O(|b|), both lengths at most MaxLength.
        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }
    }
}
