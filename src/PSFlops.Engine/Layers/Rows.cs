using System;

namespace PSFlops.Engine.Layers
{
    /// <summary>Row counts (tokens, batch x positions) are doubles so that B x S never overflows.</summary>
    internal static class Rows
    {
        public static double Check(double rows, string name = "Rows")
        {
            if (double.IsNaN(rows) || double.IsInfinity(rows) || rows <= 0 || Math.Floor(rows) != rows)
                throw new FlopsArgumentException(name, System.FormattableString.Invariant($"{name} must be a positive whole number; got {rows:R}."));
            return rows;
        }
    }
}
