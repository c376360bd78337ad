using System;
using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Engine.Models
{
    /// <summary>Typed reads of layer arguments, with errors at the value's place in the file.</summary>
    internal static class Arg
    {
        public static long Long(ArgValue v, string name)
        {
            switch (v.Value)
            {
                case long l: return l;
                case double d when Math.Floor(d) == d && Math.Abs(d) < 9.2e18: return (long)d;
            }
            throw Wrong(v, name, "a whole number");
        }

        public static bool Bool(ArgValue v, string name) => v.Value is bool b ? b : throw Wrong(v, name, "true or false");

        public static string Text(ArgValue v, string name) => v.Value is string s ? s : throw Wrong(v, name, "a word");

        /// <summary>One size, or one per spatial dimension.</summary>
        public static IReadOnlyList<long> Longs(ArgValue v, string name) =>
            v.Value is IReadOnlyList<ArgValue> list ? list.Select(i => Long(i, name)).ToList() : new[] { Long(v, name) };

        public static ModelDefinitionException Wrong(ArgValue v, string name, string expected)
        {
            string got = v.Value switch
            {
                null => "nothing",
                IReadOnlyList<ArgValue> _ => "a list",
                object o => $"'{Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture)}'",
            };
            return new ModelDefinitionException("YamlWrongType", $"'{name}' must be {expected}; got {got}.", v.Location);
        }
    }
}
