using System.Collections.Generic;

namespace PSFlops.Engine.Models
{
    /// <summary>A value written in a model file, with where it was written. Value is long, double, bool, string, or a list of values.</summary>
    public sealed record ArgValue(object Value, SourceLocation Location);

    public abstract record GraphNode(SourceLocation Location);

    /// <summary>A single layer (conv2d, linear, ...) with its arguments as written (block arguments still as $names).</summary>
    public sealed record LayerNode(string Kind, string Name, IReadOnlyDictionary<string, ArgValue> Args, SourceLocation Location) : GraphNode(Location);

    /// <summary>main(x) + shortcut(x); an empty shortcut is the identity.</summary>
    public sealed record ResidualNode(IReadOnlyList<GraphNode> Main, IReadOnlyList<GraphNode> Shortcut, SourceLocation Location) : GraphNode(Location);

    /// <summary>Every branch run on the same input, outputs joined along the first (channel) dimension; an empty branch is the identity.</summary>
    public sealed record ConcatNode(IReadOnlyList<IReadOnlyList<GraphNode>> Branches, SourceLocation Location) : GraphNode(Location);

    /// <summary>The body run Count times in sequence, counted analytically.</summary>
    public sealed record RepeatNode(ArgValue Count, IReadOnlyList<GraphNode> Body, SourceLocation Location) : GraphNode(Location);

    /// <summary>A use of a named block with its arguments.</summary>
    public sealed record BlockCallNode(string Block, IReadOnlyDictionary<string, ArgValue> Args, SourceLocation Location) : GraphNode(Location);

    public sealed record BlockDefinition(string Name, IReadOnlyList<string> Parameters, IReadOnlyList<GraphNode> Layers, SourceLocation Location);

    /// <summary>The layer-graph form of a model file (model-schema.md).</summary>
    public sealed record GraphDefinition(
        IReadOnlyList<long> Input, IReadOnlyDictionary<string, BlockDefinition> Blocks, IReadOnlyList<GraphNode> Layers, SourceLocation InputLocation);
}
