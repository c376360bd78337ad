using System.Management.Automation;
using PSFlops.Engine.Planning;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// The training-step settings that Get-StepTime and Find-ParallelLayout share beyond the planning base: the
    /// optimizer (its states count in memory and in the optimizer step), whether the data-parallel reduction overlaps
    /// the backward pass, and the share of device memory the fit verdict keeps back.
    /// </summary>
    public abstract class StepTimeCommandBase : PlanningCommandBase
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Optimizer Optimizer { get; set; } = Optimizer.Adam;

        /// <summary>Overlap the data-parallel gradient reduction (and ZeRO-3 gathers) with the backward pass.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter OverlapGradientReduction { get; set; }

        /// <summary>Share of device memory kept back for the framework; 0.1 by default, as Get-ModelMemory.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Number(AllowZero = true, Maximum = 0.9)]
        public double ReserveFraction { get; set; } = MemoryFit.DefaultReserveFraction;
    }
}
