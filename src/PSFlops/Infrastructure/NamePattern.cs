using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// The one way a user's name or wildcard pattern is matched against model and hardware names: case-insensitive
    /// and culture-invariant, so 'VIT-B-16' finds vit-b-16 and 'MIX*' finds mixtral under tr-TR too (where the
    /// current culture's upper case of 'i' is 'İ'). A malformed pattern ('h100[') is an InvalidWildcard error,
    /// not a WildcardPatternException, and $null or an empty name is refused the same way.
    /// </summary>
    internal sealed class NamePattern
    {
        public const string InvalidWildcard = "InvalidWildcard";
        public const string EmptyName = "EmptyName";

        private readonly WildcardPattern _pattern;
        private readonly string _literal;

        private NamePattern(string text, WildcardPattern pattern, string literal)
        {
            Text = text;
            _pattern = pattern;
            _literal = literal;
        }

        public string Text { get; }

        /// <summary>True when the text holds wildcard characters; a plain name that matches nothing is an error, a pattern is not.</summary>
        public bool IsWildcard => _pattern != null;

        /// <exception cref="InputException">EmptyName for $null or a blank name, InvalidWildcard for a malformed pattern.</exception>
        public static NamePattern Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw new InputException(EmptyName, "The name is empty; give a name or a wildcard pattern such as 'llama*'.", ErrorCategory.InvalidArgument);
            if (!WildcardPattern.ContainsWildcardCharacters(text)) return new NamePattern(text, null, text);
            var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try { pattern.IsMatch(""); }   // the pattern is parsed on first use; parse it here, where the error can be reported
            catch (WildcardPatternException e)
            {
                throw new InputException(InvalidWildcard,
                    $"'{text}' is not a valid wildcard pattern ({e.Message.TrimEnd('.')}). Escape a literal '[' or ']' with a backtick (`[), or quote the name with single quotes and escape it.",
                    ErrorCategory.InvalidArgument);
            }
            return new NamePattern(text, pattern, null);
        }

        public bool IsMatch(string name) =>
            name != null && (_pattern != null ? _pattern.IsMatch(name) : string.Equals(name, _literal, StringComparison.OrdinalIgnoreCase));

        /// <summary>Names a completer offers for what was typed so far: a prefix match, never an error while typing.</summary>
        public static IEnumerable<string> Completions(IEnumerable<string> names, string typed)
        {
            const WildcardOptions options = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;
            var pattern = new WildcardPattern((typed ?? "") + "*", options);
            try { pattern.IsMatch(""); }
            catch (WildcardPatternException) { pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", options); }
            return names.Where(pattern.IsMatch);
        }
    }
}
