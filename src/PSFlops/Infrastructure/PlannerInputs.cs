using System.Management.Automation;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;

namespace PSFlops.Infrastructure
{
    /// <summary>Lookups shared by the planning cmdlets, failing with InputException.</summary>
    internal static class PlannerInputs
    {
        public static ModelDefinition Model(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || !ModelLibrary.Contains(name))
                throw new InputException(Errors.UnknownModel, ModelLibrary.UnknownMessage(name), ErrorCategory.ObjectNotFound);
            return ModelLibrary.Get(name);
        }

        public static Hardware Hardware(string name) =>
            (string.IsNullOrWhiteSpace(name) ? null : HardwareTable.Find(name))
            ?? throw new InputException(Errors.UnknownHardware, HardwareTable.UnknownMessage(name), ErrorCategory.ObjectNotFound);

        public static double Peak(Hardware hardware, DataType type) =>
            hardware.PeakFlopsPerSecond(type)
            ?? throw new InputException("NoPeakForDataType", $"{hardware.Name} has no {type} peak in the table.", ErrorCategory.InvalidArgument);
    }
}
