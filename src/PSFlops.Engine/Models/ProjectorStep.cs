using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// One step of a vision projector, named as its tensor in the checkpoint. <paramref name="Size"/>: a Linear's output
    /// width, or a Merge's or AveragePool's factor per side. <paramref name="Bias"/>: a Linear's bias, a LayerNorm's shift.
    /// </summary>
    public sealed record ProjectorStep(string Name, ProjectorStepKind Kind, long Size = 0, bool Bias = false,
        NormKind Norm = NormKind.LayerNorm, ActivationKind Activation = ActivationKind.GELU)
    {
        public static ProjectorStep Linear(string name, long output, bool bias) => new ProjectorStep(name, ProjectorStepKind.Linear, output, bias);

        public static ProjectorStep NormOf(string name, NormKind kind, bool shift = false) =>
            new ProjectorStep(name, ProjectorStepKind.Norm, Bias: shift, Norm: kind);

        public static ProjectorStep ActivationOf(string name, ActivationKind kind) =>
            new ProjectorStep(name, ProjectorStepKind.Activation, Activation: kind);

        public static ProjectorStep Merge(string name, long factor) => new ProjectorStep(name, ProjectorStepKind.Merge, factor);

        public static ProjectorStep AveragePool(string name, long factor) => new ProjectorStep(name, ProjectorStepKind.AveragePool, factor);
    }
}
