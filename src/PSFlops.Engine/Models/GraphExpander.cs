using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Shape inference over a layer graph: walks the layers in order, each taking the previous
    /// output shape, and collects distinct layers with counts. A repeat whose body keeps its shape
    /// is expanded once and its counts multiplied, so its cost does not depend on the repeat count.
    /// Shapes exclude the batch: [channels, spatial...] for images, [tokens, dim] for sequences.
    /// </summary>
    public static class GraphExpander
    {
        /// <summary>Distinct passes tried before a shape-changing repeat is refused.</summary>
        public const int MaxDistinctIterations = 1000;

        /// <summary>
        /// Graph nodes (layers, residuals, repeat passes, block calls) one expansion may visit. Blocks that call
        /// each other, or repeats of shape-changing repeats, multiply: four calls twelve levels deep are 4^12 =
        /// 16.8 million visits from a 1 KB file. The largest built-in model visits a few hundred; past this the
        /// file is refused (ExpansionTooLarge) in well under a second.
        /// </summary>
        public const int MaxVisitedNodes = 50_000;

        /// <summary>Work done by one expansion, shared by every scope of it: the node count and the caller's stop request.</summary>
        private sealed class Budget
        {
            private readonly CancellationToken _cancel;
            private int _visited;

            public Budget(CancellationToken cancel) { _cancel = cancel; }

            public void Visit(GraphNode node)
            {
                _cancel.ThrowIfCancellationRequested();
                if (++_visited > MaxVisitedNodes)
                    throw new ModelDefinitionException("ExpansionTooLarge", System.FormattableString.Invariant(
                        $"Expanding the model visits more than {MaxVisitedNodes} layers (blocks that call blocks, or repeats of repeats whose shape changes, multiply); a real model needs far fewer."), node.Location);
            }
        }

        private sealed record Scope(GraphDefinition Graph, long Batch, string Block, string Path,
            IReadOnlyDictionary<string, ArgValue> Args, int Depth, Budget Budget)
        {
            public Scope At(string segment) => this with { Path = Path.Length == 0 ? segment : Path + "." + segment };
        }

        /// <summary>
        /// Distinct layers with counts. <paramref name="cancel"/> is checked at every node, so a caller that stops
        /// (PowerShell's Stop(), Ctrl+C) is answered at once with <see cref="OperationCanceledException"/>.
        /// </summary>
        public static IReadOnlyList<LayerRow> Expand(GraphDefinition graph, long batchSize, CancellationToken cancel = default)
        {
            Require.Positive(batchSize, "BatchSize");
            var sink = new List<LayerRow>();
            Walk(graph.Layers, graph.Input.ToArray(),
                new Scope(graph, batchSize, "", "", new Dictionary<string, ArgValue>(), 0, new Budget(cancel)), sink);
            // Merge identical layers (same block, name and shapes) in order of first appearance.
            var merged = new List<LayerRow>();
            var at = new Dictionary<(string, string, LayerSpec), int>();
            foreach (var row in sink)
            {
                var key = (row.Block, row.Name, row.Spec);
                if (at.TryGetValue(key, out int i)) merged[i] = merged[i] with { Count = Counts.Add(merged[i].Count, row.Count, row.Name) };
                else { at[key] = merged.Count; merged.Add(row); }
            }
            return merged;
        }

        private static long[] Walk(IReadOnlyList<GraphNode> nodes, long[] shape, Scope scope, List<LayerRow> sink)
        {
            for (int i = 0; i < nodes.Count; i++) shape = Visit(nodes[i], i, shape, scope, sink);
            return shape;
        }

        private static long[] Visit(GraphNode node, int index, long[] shape, Scope scope, List<LayerRow> sink)
        {
            scope.Budget.Visit(node);
            switch (node)
            {
                case LayerNode layer:
                    try { return GraphLayers.Apply(layer, index, shape, scope.Batch, scope.Block, scope.Path, a => Resolve(a, scope), sink); }
                    catch (FlopsArgumentException e) { throw Invalid(layer.Location, $"{layer.Kind}: {e.Reason}"); }
                case ResidualNode residual:
                {
                    var inner = scope.At($"residual_{index}");
                    var main = Walk(residual.Main, shape, inner.At("main"), sink);
                    var shortcut = Walk(residual.Shortcut, shape, inner.At("shortcut"), sink);
                    if (!main.SequenceEqual(shortcut))
                        throw Invalid(residual.Location, $"The residual's main branch gives [{Show(main)}] but its shortcut gives [{Show(shortcut)}]; they must match to be added.");
                    sink.Add(new LayerRow(scope.Block, inner.Path + ".add", 1, new ResidualSpec(scope.Batch * Product(main))));
                    return main;
                }
                case ConcatNode concat:
                    return Concat(concat, index, shape, scope, sink);
                case RepeatNode repeat:
                    return Repeat(repeat, index, shape, scope, sink);
                case BlockCallNode call:
                    return CallBlock(call, shape, scope, sink);
                default:
                    throw new InvalidOperationException("Unknown graph node " + node.GetType().Name);
            }
        }

        // Joining copies memory and computes nothing: the branches' layers are the whole cost.
        private static long[] Concat(ConcatNode concat, int index, long[] shape, Scope scope, List<LayerRow> sink)
        {
            var inner = scope.At($"concat_{index}");
            var outputs = concat.Branches.Select((branch, b) => Walk(branch, shape, inner.At($"branch_{b}"), sink)).ToList();
            var first = outputs[0];
            foreach (var output in outputs.Skip(1))
                if (output.Length != first.Length || !output.Skip(1).SequenceEqual(first.Skip(1)))
                    throw Invalid(concat.Location, $"concat joins branches along the channels, so the other sizes must match; the branches give {string.Join(" and ", outputs.Select(o => "[" + Show(o) + "]"))}.");
            double channels = outputs.Sum(o => (double)o[0]);
            if (channels > Require.MaxDimension)
                throw Invalid(concat.Location, "concat would give more than 2^53 channels.");
            var joined = (long[])first.Clone();
            joined[0] = (long)channels;
            return joined;
        }

        private static long[] Repeat(RepeatNode repeat, int index, long[] shape, Scope scope, List<LayerRow> sink)
        {
            var countArg = Resolve(repeat.Count, scope);
            long count = Arg.Long(countArg, "repeat");
            if (count < 0 || count > Require.MaxDimension)
                throw Invalid(countArg.Location, $"repeat must be a whole number from 0 to 2^53; got {count}.");
            var inner = scope.At($"repeat_{index}");
            for (long done = 0; done < count;)
            {
                if (done >= MaxDistinctIterations)
                    throw Invalid(repeat.Location, $"The repeated layers change the shape on every pass; after {MaxDistinctIterations} passes it is [{Show(shape)}]. Repeat only layers that keep their shape.");
                var once = new List<LayerRow>();
                var next = Walk(repeat.Body, shape, inner, once);
                long times = next.SequenceEqual(shape) ? count - done : 1;   // a fixed point: every later pass is the same
                foreach (var row in once) sink.Add(row with { Count = Counts.Multiply(row.Count, times, row.Name) });
                done += times;
                shape = next;
            }
            return shape;
        }

        private static long[] CallBlock(BlockCallNode call, long[] shape, Scope scope, List<LayerRow> sink)
        {
            if (scope.Depth >= 32)
                throw Invalid(call.Location, $"Blocks call each other more than 32 deep (is '{call.Block}' recursive?).");
            var block = scope.Graph.Blocks[call.Block];
            foreach (var given in call.Args)
                if (!block.Parameters.Contains(given.Key))
                    throw new ModelDefinitionException("YamlUnknownKey",
                        $"Block '{call.Block}' has no argument '{given.Key}'; its arguments are {string.Join(", ", block.Parameters)}.", given.Value.Location);
            foreach (var p in block.Parameters)
                if (!call.Args.ContainsKey(p))
                    throw new ModelDefinitionException("YamlMissingKey", $"Block '{call.Block}' needs the argument '{p}'.", call.Location);
            var args = call.Args.ToDictionary(a => a.Key, a => Resolve(a.Value, scope));
            string name = scope.Block.Length == 0 ? call.Block : scope.Block + "/" + call.Block;
            return Walk(block.Layers, shape, scope with { Block = name, Path = "", Args = args, Depth = scope.Depth + 1 }, sink);
        }

        /// <summary>Replaces "$name" with the enclosing block's argument.</summary>
        private static ArgValue Resolve(ArgValue value, Scope scope)
        {
            switch (value.Value)
            {
                case string s when s.StartsWith("$", StringComparison.Ordinal):
                    if (scope.Args.TryGetValue(s.Substring(1), out var bound)) return bound;
                    throw new ModelDefinitionException("YamlInvalidValue",
                        $"'{s}' names no argument of the enclosing block{(scope.Block.Length > 0 ? $" '{scope.Block}'" : "")}.", value.Location);
                case IReadOnlyList<ArgValue> list:
                    return new ArgValue(list.Select(v => Resolve(v, scope)).ToList(), value.Location);
                default:
                    return value;
            }
        }

        internal static ModelDefinitionException Invalid(SourceLocation at, string message) => new ModelDefinitionException("InvalidShape", message, at);
        internal static string Show(long[] shape) => string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        internal static double Product(long[] shape) => shape.Aggregate(1d, (p, s) => p * s);
    }

    /// <summary>Layer counts: exact whole numbers, refused past 2^53 rather than rounded.</summary>
    internal static class Counts
    {
        public static long Multiply(long a, long b, string name)
        {
            if (a == 0 || b == 0) return 0;
            if (a > Require.MaxDimension / b)
                throw new ModelDefinitionException("InvalidShape", $"'{name}' would occur more than 2^53 times; nested repeat counts are too large.", null);
            return a * b;
        }

        public static long Add(long a, long b, string name)
        {
            if (a > Require.MaxDimension - b)
                throw new ModelDefinitionException("InvalidShape", $"'{name}' would occur more than 2^53 times; repeat counts are too large.", null);
            return a + b;
        }
    }
}
