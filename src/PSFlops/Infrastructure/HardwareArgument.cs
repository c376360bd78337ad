using PSFlops.Engine.Planning;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// One -Hardware value: a name or alias from the built-in table, or a hardware object (from Get-Hardware,
    /// including rows read with Get-Hardware -Path), which is used as it is and never replaced by a built-in row
    /// of the same name. PowerShell converts a string or a Hardware object through the constructors.
    /// </summary>
    public sealed class HardwareArgument
    {
        public HardwareArgument(string name) => Name = name;

        public HardwareArgument(Hardware row)
        {
            Row = row;
            Name = row?.Name;
        }

        /// <summary>The name as given, or the object's name.</summary>
        public string Name { get; }

        /// <summary>The object given, or null for a name still to look up.</summary>
        public Hardware Row { get; }

        public override string ToString() => Name ?? "";
    }
}
