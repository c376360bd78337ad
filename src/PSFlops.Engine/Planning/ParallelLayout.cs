using System.Collections.Generic;
using PSFlops.Engine.Models;
using static System.FormattableString;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// How a job is split over devices, as Megatron-LM names the axes. Devices = TP x PP x DP x CP; expert
    /// parallelism (EP) is carved out of DP x TP x CP rather than adding devices (Megatron's expert-model
    /// parallel groups), and interleaving (virtual pipeline stages) splits each pipeline stage further.
    /// </summary>
    public sealed record ParallelLayout
    {
        public static readonly ParallelLayout Single = new ParallelLayout();

        public long TensorParallel { get; init; } = 1;
        public long PipelineParallel { get; init; } = 1;
        public long DataParallel { get; init; } = 1;
        public long ExpertParallel { get; init; } = 1;
        public long ContextParallel { get; init; } = 1;
        /// <summary>Model chunks per pipeline stage (Megatron's interleaved 1F1B); 1 is no interleaving.</summary>
        public long VirtualPipelineStages { get; init; } = 1;
        /// <summary>Megatron sequence parallelism: with TP, also splits the activations outside the matmuls.</summary>
        public bool SequenceParallel { get; init; }
        /// <summary>ZeRO stage 0-3 over the data-parallel group (Rajbhandari et al. 2020).</summary>
        public int ZeroStage { get; init; }

        /// <summary>TP x PP x DP x CP: the one meaning of DeviceCount on every cmdlet.</summary>
        public long DeviceCount
        {
            get
            {
                Validate();
                return TensorParallel * PipelineParallel * DataParallel * ContextParallel;
            }
        }

        /// <summary>TP x PP x CP: the devices of one data-parallel replica (the model-parallel group).</summary>
        public long ReplicaDeviceCount => DeviceCount / DataParallel;

        /// <summary>
        /// The data-parallel sizes that make <paramref name="devices"/> with the other axes: devices / (TP x PP x CP), which
        /// must be whole, when none is given; else each given size, which must make the product exactly.
        /// </summary>
        public static IReadOnlyList<long> DataParallelFor(long devices, long tensorParallel, long pipelineParallel, long contextParallel,
            IReadOnlyList<long> dataParallel = null)
        {
            Require.Positive(devices, "DeviceCount");
            double rest = (double)tensorParallel * pipelineParallel * contextParallel;
            if (dataParallel == null)
            {
                if (devices % rest != 0)
                    throw new FlopsArgumentException("DeviceCount", Invariant(
                        $"DeviceCount ({devices}) must be a multiple of TensorParallel x PipelineParallel x ContextParallel ({rest:R})."), "DeviceCountLayout");
                return new[] { (long)(devices / rest) };
            }
            foreach (long dp in dataParallel)
                if (dp * rest != devices)
                    throw new FlopsArgumentException("DeviceCount", Invariant(
                        $"DeviceCount ({devices}) must equal TensorParallel x PipelineParallel x DataParallel x ContextParallel ({dp * rest:R})."), "DeviceCountLayout");
            return dataParallel;
        }

        /// <summary>Each size positive, ZeRO 0-3, the device product within 2^53, EP dividing DP x TP x CP.</summary>
        public void Validate()
        {
            Require.Positive(TensorParallel, "TensorParallel");
            Require.Positive(PipelineParallel, "PipelineParallel");
            Require.Positive(DataParallel, "DataParallel");
            Require.Positive(ExpertParallel, "ExpertParallel");
            Require.Positive(ContextParallel, "ContextParallel");
            Require.Positive(VirtualPipelineStages, "VirtualPipelineStages");
            Require.That(ZeroStage >= 0 && ZeroStage <= 3, "ZeroStage", $"ZeroStage must be 0, 1, 2 or 3; got {ZeroStage}.");
            // Products of values each <= 2^53 are formed in double: exact up to 2^53, and never wrap.
            double devices = (double)TensorParallel * PipelineParallel * DataParallel * ContextParallel;
            Require.That(devices <= Require.MaxDimension, "DeviceCount",
                $"TensorParallel x PipelineParallel x DataParallel x ContextParallel must be at most 2^53; got {devices:R}.");
            double expertHost = (double)DataParallel * TensorParallel * ContextParallel;
            if (ExpertParallel > 1)
                Require.That(expertHost % ExpertParallel == 0, "ExpertParallel",
                    $"ExpertParallel ({ExpertParallel}) must divide DataParallel x TensorParallel x ContextParallel ({expertHost:R}), as in Megatron.",
                    "ExpertParallelLayout");
            if (VirtualPipelineStages > 1)
                Require.That(PipelineParallel > 1, "VirtualPipelineStages",
                    $"VirtualPipelineStages ({VirtualPipelineStages}) interleaves pipeline stages, so it needs PipelineParallel > 1.",
                    "VirtualPipelineStagesWithoutPipeline");
        }

        /// <summary>
        /// The layout against the model's shape (issue 13 item 10): TP divides the query heads (KV heads are
        /// replicated when TP exceeds them), PP x virtual stages at most the layers, EP divides the experts
        /// (and needs experts), CP and the sequence against a learned-position table are checked with the workload.
        /// </summary>
        public void CheckAgainst(TransformerConfig model)
        {
            Validate();
            if (model == null) return;
            Require.That(model.Heads % TensorParallel == 0, "TensorParallel",
                $"TensorParallel ({TensorParallel}) must divide the model's {model.Heads} query heads.", "TensorParallelHeads");
            Require.That(PipelineParallel * VirtualPipelineStages <= model.Layers, "PipelineParallel",
                VirtualPipelineStages > 1
                    ? $"PipelineParallel x VirtualPipelineStages ({PipelineParallel} x {VirtualPipelineStages}) must be at most the model's {model.Layers} layers."
                    : $"PipelineParallel ({PipelineParallel}) must be at most the model's {model.Layers} layers.",
                "PipelineParallelLayers");
            if (ExpertParallel > 1)
            {
                Require.That(model.MoE != null, "ExpertParallel",
                    $"ExpertParallel ({ExpertParallel}) needs a mixture-of-experts model; this one has no experts.", "ExpertParallelExperts");
                Require.That(model.MoE.Experts % ExpertParallel == 0, "ExpertParallel",
                    $"ExpertParallel ({ExpertParallel}) must divide the model's {model.MoE.Experts} experts.", "ExpertParallelExperts");
            }
        }

        /// <summary>A sequence against the model: a learned-position table caps it; CP must divide it.</summary>
        public void CheckSequence(TransformerConfig model, long sequenceLength)
        {
            if (model == null) return;
            if (model.Positions == PositionKind.Learned && model.MaxSequenceLength is long table)
                Require.That(sequenceLength <= table, "SequenceLength",
                    $"SequenceLength ({sequenceLength}) is longer than the model's learned position table ({table} positions).",
                    "SequenceBeyondPositions");
            if (ContextParallel > 1)
                Require.That(sequenceLength % ContextParallel == 0, "ContextParallel",
                    $"ContextParallel ({ContextParallel}) must divide SequenceLength ({sequenceLength}).", "ContextParallelSequence");
        }
    }
}
