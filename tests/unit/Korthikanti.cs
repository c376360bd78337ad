using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Loading;

namespace PSFlops.Tests
{
    /// <summary>
    /// The fully specified runs of Korthikanti et al. 2022 (arXiv:2205.05198), as transcribed in
    /// docs/step-time-references.md: Table 3 configurations, Table 5 iteration times, Table 4 per-layer times.
    /// GPT blocks: LayerNorm, GELU MLP with ffn 4h, biases, learned positions, vocabulary 51,200, sequence 2048,
    /// Megatron's tied embeddings; no flash attention (2022); Selene DGX A100 80GB.
    /// </summary>
    internal static class Korthikanti
    {
        public sealed record Run(string Name, long Heads, long Hidden, long Layers, long Tp, long Pp, long Dp,
            long GlobalBatch, long MicroBatch, long Interleave, double FullSeconds, double PresentSeconds);

        public static readonly Run[] Table5 =
        {
            new Run("22B", 64, 6144, 48, 8, 1, 1, 4, 4, 1, 1.42, 1.10),
            new Run("175B", 96, 12288, 96, 8, 8, 1, 64, 1, 3, 18.13, 13.75),
            new Run("530B", 128, 20480, 105, 8, 35, 1, 280, 1, 3, 49.05, 37.83),
            new Run("1T", 160, 25600, 128, 8, 64, 1, 512, 1, 1, 94.42, 71.49),
        };

        /// <summary>Table 4, one 22B layer on TP 8: (sequence parallel, recompute) -> forward / backward milliseconds.</summary>
        public static readonly (bool SequenceParallel, Recompute Recompute, double ForwardMs, double BackwardMs)[] Table4 =
        {
            (false, Recompute.None, 7.7, 11.9),
            (true, Recompute.None, 7.2, 11.8),
            (false, Recompute.Full, 7.7, 19.5),
            (false, Recompute.Selective, 7.7, 13.2),
            (true, Recompute.Selective, 7.2, 13.1),
        };

        public const long Sequence = 2048;

        public static ModelDefinition Model(Run r) => new ModelDefinition
        {
            Name = "korthikanti-" + r.Name, Form = "transformer", DefaultSequenceLength = Sequence,
            Transformer = new TransformerConfig
            {
                Layers = r.Layers, ModelDim = r.Hidden, Heads = r.Heads, FfnDim = 4 * r.Hidden, Ffn = Engine.Layers.FfnKind.Mlp,
                Activation = Engine.Layers.ActivationKind.GELU, Norm = Engine.Layers.NormKind.LayerNorm,
                Bias = TransformerBias.AllButHead, VocabSize = 51200, TiedEmbeddings = true, Positions = PositionKind.Learned,
                MaxSequenceLength = Sequence,
                // Megatron's GPT trains with dropout (attention and hidden 0.1): Eq. 1 counts the 1-byte masks.
                AttentionDropout = true, HiddenDropout = true,
            },
        };

        public static StepTimeProfile Profile(Run r) => StepTimeProfile.Of(Model(r), Sequence, flashAttention: false);

        /// <summary>Table 5's "full recompute" column (TP without sequence parallelism) or its "present work" (SP + selective).</summary>
        public static TrainingStep Layout(Run r, bool present) => new TrainingStep
        {
            Layout = new ParallelLayout
            {
                TensorParallel = r.Tp, PipelineParallel = r.Pp, DataParallel = r.Dp, VirtualPipelineStages = r.Interleave,
                SequenceParallel = present,
            },
            Workload = new Workload(Sequence, r.MicroBatch, r.GlobalBatch),
            Recompute = present ? Recompute.Selective : Recompute.Full, FlashAttention = false,
        };

        public static readonly Hardware A100 = HardwareFileLoader.Load(Path.Combine(Repo.Root, "module", "data", "hardware.yaml"))
            .Single(h => h.Name == "A100-SXM-80GB");

        public static Interconnect Selene => Interconnect.Of(A100);

        public static Run Find(string name) => Table5.Single(r => r.Name == name);

        public static IEnumerable<(string Label, double Predicted, double Measured)> Table5Errors() =>
            Table5.SelectMany(r => new[] { false, true }.Select(present => (
                $"{r.Name} {(present ? "SP+selective" : "full recompute")}",
                StepTime.Estimate(Profile(r), Layout(r, present), A100, Selene).StepSeconds,
                present ? r.PresentSeconds : r.FullSeconds)));
    }
}
