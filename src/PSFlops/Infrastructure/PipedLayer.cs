using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Layers;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Reads a layer described by a piped object: a [pscustomobject], an Import-Csv row or a hashtable whose
    /// properties (keys) are named like Get-LayerFlops's dimension parameters. (SequenceLength and BatchSize bind by
    /// property name, as on every model cmdlet.)
    /// </summary>
    /// <remarks>
    /// PowerShell's binder would do this if every dimension parameter took ValueFromPipelineByPropertyName, but it
    /// looks up and tries to bind every such parameter on every object, in up to four passes; with ~30 of them that
    /// cost ~20 µs an object (docs/benchmarks.md). Here, once the binder has bound Type, only the properties that
    /// type uses are read (<see cref="LayerBuilder.DimensionsOf"/>): a property that does not apply (another layer
    /// type's column in a CSV, Flops from an earlier step) is ignored, and a blank CSV cell counts as not given.
    /// </remarks>
    internal static class PipedLayer
    {
        /// <summary>
        /// <paramref name="request"/> (the command line's values) with the properties its layer type uses read from
        /// <paramref name="input"/>, skipping those <paramref name="givenOnCommandLine"/> (the command line wins, as
        /// with the binder). <paramref name="found"/>: at least one property was read. Throws
        /// <see cref="FlopsArgumentException"/> or <see cref="InputException"/> naming the property when a value cannot
        /// be used, whatever the object does (a getter, ToString or enumerator that throws, a dictionary that cannot
        /// take a string key).
        /// </summary>
        public static LayerRequest Read(PSObject input, LayerRequest request, Func<string, bool> givenOnCommandLine, out bool found)
        {
            found = false;
            foreach (string field in LayerBuilder.DimensionsOf(request.Type))
            {
                if (!Readers.TryGetValue(field, out var read) || givenOnCommandLine(field)) continue;
                try
                {
                    object value = ValueOf(input, field);
                    if (IsAbsent(value)) continue;
                    request = read(request, value);
                    found = true;
                }
                catch (Exception e) when (!(e is FlopsArgumentException || e is InputException || e is PipelineStoppedException))
                {
                    throw new InputException("InvalidLayerProperty",
                        $"The {field} property could not be read: {(e is GetValueException ? e.InnerException?.Message ?? e.Message : e.Message)}",
                        ErrorCategory.InvalidData);
                }
            }
            return request;
        }

        /// <summary>
        /// Whether <paramref name="input"/> has any of the <paramref name="names"/>, read or not (a property the
        /// command line overrides still makes the object a layer). Only asked when nothing was read.
        /// </summary>
        public static bool HasAny(PSObject input, IEnumerable<string> names)
        {
            if (input == null) return false;
            foreach (string name in names)
            {
                try
                {
                    if (input.BaseObject is IDictionary dictionary && TryGetKey(dictionary, name, out _)) return true;
                    if (input.Properties[name] != null) return true;
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    return true;   // it has something by that name, even if it cannot be read
                }
            }
            return false;
        }

        /// <summary>
        /// A property's value, or null. Case-insensitive like the binder: dictionary keys are matched exactly first,
        /// then ignoring case (ConvertFrom-Json -AsHashtable builds case-sensitive ones); note properties count too.
        /// </summary>
        private static object ValueOf(PSObject input, string name)
        {
            if (input == null) return null;
            object value = null;
            bool found = false;
            if (input.BaseObject is IDictionary dictionary)
                found = TryGetKey(dictionary, name, out value);
            if (!found)
            {
                PSPropertyInfo property = input.Properties[name];
                if (property == null) return null;
                value = property.Value;
            }
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        private static bool TryGetKey(IDictionary dictionary, string name, out object value)
        {
            if (dictionary.Contains(name))
            {
                value = dictionary[name];
                return true;
            }
            foreach (DictionaryEntry entry in dictionary)
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = entry.Value;
                    return true;
                }
            value = null;
            return false;
        }

        private static bool IsAbsent(object value) =>
            value == null || value is DBNull || (value is string text && text.Trim().Length == 0);

        private static readonly Dictionary<string, Func<LayerRequest, object, LayerRequest>> Readers =
            new Dictionary<string, Func<LayerRequest, object, LayerRequest>>(StringComparer.Ordinal)
            {
                ["InputDim"] = (r, v) => r with { InputDim = Whole(v, "InputDim") },
                ["OutputDim"] = (r, v) => r with { OutputDim = Whole(v, "OutputDim") },
                ["InputChannels"] = (r, v) => r with { InputChannels = Whole(v, "InputChannels") },
                ["OutputChannels"] = (r, v) => r with { OutputChannels = Whole(v, "OutputChannels") },
                ["Groups"] = (r, v) => r with { Groups = Whole(v, "Groups") },
                ["ModelDim"] = (r, v) => r with { ModelDim = Whole(v, "ModelDim") },
                ["Heads"] = (r, v) => r with { Heads = Whole(v, "Heads") },
                ["KvHeads"] = (r, v) => r with { KvHeads = Whole(v, "KvHeads") },
                ["HeadDim"] = (r, v) => r with { HeadDim = Whole(v, "HeadDim") },
                ["KvLength"] = (r, v) => r with { KvLength = Whole(v, "KvLength") },
                ["Window"] = (r, v) => r with { Window = Whole(v, "Window") },
                ["HiddenDim"] = (r, v) => r with { HiddenDim = Whole(v, "HiddenDim") },
                ["Experts"] = (r, v) => r with { Experts = Whole(v, "Experts") },
                ["TopK"] = (r, v) => r with { TopK = Whole(v, "TopK") },
                ["SharedExperts"] = (r, v) => r with { SharedExperts = Whole(v, "SharedExperts") },
                ["Elements"] = (r, v) => r with { Elements = Whole(v, "Elements") },
                ["VocabSize"] = (r, v) => r with { VocabSize = Whole(v, "VocabSize") },
                ["KernelSize"] = (r, v) => r with { KernelSize = Wholes(v, "KernelSize") },
                ["InputSize"] = (r, v) => r with { InputSize = Wholes(v, "InputSize") },
                ["Stride"] = (r, v) => r with { Stride = Wholes(v, "Stride") },
                ["Padding"] = (r, v) => r with { Padding = Wholes(v, "Padding") },
                ["Dilation"] = (r, v) => r with { Dilation = Wholes(v, "Dilation") },
                ["Bias"] = (r, v) => r with { Bias = Switch(v, "Bias") },
                ["Gated"] = (r, v) => r with { Gated = Switch(v, "Gated") },
                ["Tied"] = (r, v) => r with { Tied = Switch(v, "Tied") },
                ["Activation"] = (r, v) => r with { Activation = Enum<ActivationKind>(v, "Activation") },
                ["Pool"] = (r, v) => r with { Pool = Enum<PoolKind>(v, "Pool") },
                // Causal comes from -CausalMask, which applies to whole models too; it is not read from objects.
            };

        private static long Whole(object value, string name)
        {
            // A one-element list stands for its element, as in PowerShell's own conversions ([long]@(4) is 4).
            if (!(value is string) && value is IEnumerable items)
            {
                var all = items.Cast<object>().Take(2).ToList();
                if (all.Count == 1) value = all[0] is PSObject p ? p.BaseObject : all[0];
            }
            try { return DimensionAttribute.ToLong(value); }
            catch (ArgumentTransformationMetadataException)
            {
                throw new FlopsArgumentException(name, $"{name} must be a whole number; got '{Text(value)}'.");
            }
        }

        // A CSV cell holds one string: "3", "3,3", "3;3", "224x224" (the notation of InputShape) or "3 3".
        private static readonly char[] ListSeparators = { ',', ';', 'x', 'X' };
        private static readonly char[] Blanks = { ' ', '\t' };

        private static long[] Wholes(object value, string name)
        {
            if (value is string text)
            {
                text = text.Trim();
                string[] parts = text.IndexOfAny(ListSeparators) >= 0
                    ? text.Split(ListSeparators)
                    : text.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Any(part => part.Trim().Length == 0))
                    throw new FlopsArgumentException(name, $"{name} must be whole numbers such as 3, \"3,3\" or \"224x224\"; got '{text}'.");
                return parts.Select(part => Whole(part.Trim(), name)).ToArray();
            }
            if (value is IEnumerable items)
                return items.Cast<object>().Select(item => Whole(item is PSObject p ? p.BaseObject : item, name)).ToArray();
            return new[] { Whole(value, name) };
        }

        // PowerShell's truth for numbers (0 is false, anything else true) and the words a CSV cell may hold.
        private static bool Switch(object value, string name)
        {
            switch (value)
            {
                case bool b: return b;
                case SwitchParameter s: return s.IsPresent;
                case string text:
                    switch (text.Trim().ToUpperInvariant())
                    {
                        case "TRUE": case "$TRUE": case "1": case "YES": return true;
                        case "FALSE": case "$FALSE": case "0": case "NO": return false;
                    }
                    break;
                case IConvertible number when IsNumber(number):
                    double d = number.ToDouble(CultureInfo.InvariantCulture);
                    if (!double.IsNaN(d)) return d != 0;
                    break;
            }
            throw new InputException("InvalidLayerProperty",
                $"{name} must be true or false (or 1 or 0); got '{Text(value)}'.", ErrorCategory.InvalidArgument);
        }

        private static bool IsNumber(IConvertible value)
        {
            switch (value.GetTypeCode())
            {
                case TypeCode.Byte: case TypeCode.SByte: case TypeCode.Int16: case TypeCode.UInt16: case TypeCode.Int32:
                case TypeCode.UInt32: case TypeCode.Int64: case TypeCode.UInt64: case TypeCode.Single: case TypeCode.Double:
                case TypeCode.Decimal:
                    return true;
                default:
                    return false;
            }
        }

        // A name (any case) or the number of a defined value, as PowerShell converts to an enum.
        private static T Enum<T>(object value, string name) where T : struct
        {
            if (value is T typed) return typed;
            if (value is string text)
            {
                text = text.Trim();
                foreach (string known in System.Enum.GetNames(typeof(T)))
                    if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase))
                        return (T)System.Enum.Parse(typeof(T), known);
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)) value = parsed;
            }
            if (value is IConvertible number && IsNumber(number))
            {
                double d = number.ToDouble(CultureInfo.InvariantCulture);
                if (d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue && System.Enum.IsDefined(typeof(T), (int)d))
                    return (T)System.Enum.ToObject(typeof(T), (int)d);
            }
            throw new InputException("InvalidLayerProperty",
                $"'{Text(value)}' is not a {name}; use one of: {string.Join(", ", System.Enum.GetNames(typeof(T)))}.",
                ErrorCategory.InvalidArgument);
        }

        // For messages only; an object whose ToString throws still gets a readable message.
        private static string Text(object value)
        {
            try { return Convert.ToString(value, CultureInfo.InvariantCulture); }
            catch (Exception) { return value.GetType().FullName; }
        }
    }
}
