using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;

namespace PSFlops.Loading
{
    /// <summary>Reads a hardware table file (module/data/hardware.yaml, or a user's file of the same schema).</summary>
    public static class HardwareFileLoader
    {
        private static readonly string[] PeakKeys = { "fp64_tflops", "fp32_tflops", "tf32_tflops", "bf16_tflops", "fp16_tflops", "fp8_tflops", "int8_tops", "fp4_tflops" };
        private static readonly string[] RowKeys = new[] { "name", "aliases", "vendor", "unit", "memory_gb", "memory_bytes", "memory_bandwidth_gbps", "sparse", "tdp_watts", "source", "notes" }
            .Concat(PeakKeys).ToArray();

        public static IReadOnlyList<Hardware> Load(string path) =>
            Parse(ModelFileLoader.ReadText(path), path);

        public static IReadOnlyList<Hardware> Parse(string yaml, string file)
        {
            var top = new Fields(YamlTree.Parse(new StringReader(yaml), file), "the hardware file", new[] { "hardware" });
            if (!(top.Required("hardware") is YSequence rows))
                throw Fields.WrongType(top.Node("hardware"), "'hardware'", "a list of devices");
            var result = new List<Hardware>();
            var names = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var node in rows.Items)
            {
                var f = new Fields(node, "a hardware row", RowKeys);
                string name = Fields.ToText(f.Required("name"), "'name'");
                var aliases = Aliases(f);
                foreach (var n in new[] { name }.Concat(aliases))
                    if (!names.Add(n))
                        throw new ModelDefinitionException("YamlDuplicateKey", $"The hardware name or alias '{n}' is used twice in this file.", node.Location);
                var sparse = new Dictionary<string, double>();
                if (f.Has("sparse"))
                {
                    var s = new Fields(f.Node("sparse"), "sparse", PeakKeys);
                    foreach (var entry in s.Map.Entries)
                        if (!(entry.Value is YScalar v && v.IsNull)) sparse[entry.Key.Value] = Peak(entry.Value, entry.Key.Value);
                }
                double memory = Optional(f, "memory_gb") ?? 0;
                double? memoryBytes = Optional(f, "memory_bytes");
                double bandwidth = Optional(f, "memory_bandwidth_gbps") ?? 0;
                var row = new Hardware
                {
                    Name = name, Aliases = aliases, Vendor = f.String("vendor"), Unit = f.String("unit") ?? "package",
                    MemoryGB = memory, MemoryBandwidthGBps = bandwidth,
                    Fp64TFlops = Optional(f, "fp64_tflops"), Fp32TFlops = Optional(f, "fp32_tflops"), Tf32TFlops = Optional(f, "tf32_tflops"),
                    Bf16TFlops = Optional(f, "bf16_tflops"), Fp16TFlops = Optional(f, "fp16_tflops"), Fp8TFlops = Optional(f, "fp8_tflops"),
                    Int8TOps = Optional(f, "int8_tops"), Fp4TFlops = Optional(f, "fp4_tflops"), Sparse = sparse,
                    TdpWatts = Optional(f, "tdp_watts"), Source = f.String("source"), Notes = f.String("notes"),
                };
                // memory_bytes: the capacity as the runtime reports it; without it, memory_gb x 10^9 (Hardware.MemoryBytes).
                result.Add(memoryBytes is double bytes ? row with { MemoryBytes = bytes } : row);
            }
            return result;
        }

        // A list of names; a single scalar is a mistake the user should hear about, not a silent empty list.
        private static List<string> Aliases(Fields f)
        {
            if (!f.Has("aliases")) return new List<string>();
            if (!(f.Node("aliases") is YSequence list)) throw Fields.WrongType(f.Node("aliases"), "'aliases'", "a list of names");
            return list.Items.Select(a => Fields.ToText(a, "an alias")).ToList();
        }

        private static double? Optional(Fields f, string key) => f.Has(key) ? Peak(f.Node(key), key) : (double?)null;

        private static double Peak(YNode node, string key)
        {
            double value = Fields.ToDouble(node, $"'{key}'");
            if (value <= 0) throw new ModelDefinitionException("InvalidShape", $"'{key}' must be a positive number; got {value}.", node.Location);
            return value;
        }
    }
}
