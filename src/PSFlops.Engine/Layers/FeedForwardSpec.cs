using System;

namespace PSFlops.Engine.Layers
{
    public enum FfnKind { Mlp, SwiGlu, GeGlu }

    public enum ActivationKind
    {
        ReLU, GELU, SiLU, Tanh,
        // Graph-form activations of the CNNs (EfficientNet, MobileNetV3, RegNetY gates).
        Sigmoid, HardSigmoid, HardSwish, ReLU6,
    }

    /// <summary>Per-element costs of activations under the Full convention (conventions.md).</summary>
    public static class Activations
    {
        public static double FlopsPerElement(ActivationKind kind) => kind switch
        {
            ActivationKind.ReLU => 1,
            ActivationKind.GELU => 8,
            ActivationKind.SiLU => 8,
            // Not in conventions.md: counted like the other transcendental activations (BERT's pooler).
            ActivationKind.Tanh => 8,
            // Not in conventions.md either (docs/formulas.md, "Activations"): sigmoid 1 / (1 + e^-x) is
            // transcendental like tanh (8); the piecewise-linear ones count their adds, compares and divides:
            // relu6 min(max(x, 0), 6) = 2; hardsigmoid relu6(x + 3) / 6 = 4; hardswish x hardsigmoid(x) = 5.
            ActivationKind.Sigmoid => 8,
            ActivationKind.ReLU6 => 2,
            ActivationKind.HardSigmoid => 4,
            ActivationKind.HardSwish => 5,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        /// <summary>The activation a gated FFN implies: SwiGLU gates with SiLU, GeGLU with GELU.</summary>
        public static ActivationKind Of(FfnKind kind, ActivationKind mlpActivation) => kind switch
        {
            FfnKind.SwiGlu => ActivationKind.SiLU,
            FfnKind.GeGlu => ActivationKind.GELU,
            _ => mlpActivation,
        };
    }

    /// <summary>
    /// A position-wise feed-forward network ModelDim -> HiddenDim -> ModelDim over Rows tokens.
    /// Plain (Mlp): up, activation, down. Gated (SwiGLU, GeGLU): act(x W_gate) * (x W_up), then down.
    /// </summary>
    public sealed record FeedForwardSpec(
        long ModelDim, long HiddenDim, FfnKind Kind, ActivationKind Activation, bool Bias, double Rows) : LayerSpec
    {
        public override LayerType Type => LayerType.FeedForward;
        public override string InputShape => Shape(Rows, ModelDim);
        public override string OutputShape => Shape(Rows, ModelDim);

        public bool Gated => Kind != FfnKind.Mlp;

        /// <summary>Dropout on the FFN's output in training: a 1-byte mask of T D kept for the backward pass.</summary>
        public bool HiddenDropout { get; init; } = true;

        /// <summary>Weights (and biases) of one FFN.</summary>
        public double ParameterCount()
        {
            double inputMatrices = Gated ? 2 : 1;
            return (inputMatrices + 1) * ModelDim * (double)HiddenDim
                + (Bias ? inputMatrices * HiddenDim + ModelDim : 0);
        }

        /// <summary>
        /// Korthikanti's MLP terms: the input 2 T D and, with hidden dropout, its mask T D (replicated); the hidden activations, 4 T F
        /// plain (first linear's output and the activation's) or 6 T F gated (gate, up and their product), sharded.
        /// </summary>
        public override ActivationFootprint ActivationBytes() =>
            new ActivationFootprint(Sharded: (Gated ? 6 : 4) * Rows * HiddenDim, Replicated: (HiddenDropout ? 3 : 2) * Rows * ModelDim, Scores: 0);

        /// <summary>Step bytes: the weights once, and the activations of <see cref="ActivationsMoved"/> over the rows.</summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per) =>
            new LayerBytes(ParameterCount() * per.Weight, ActivationsMoved(ModelDim, HiddenDim, Gated, Rows) * per.Activation, 0, 0);

        /// <summary>
        /// Elements a position-wise FFN moves per the rows it runs on in a step. Gated: gate and up each load D and store F,
        /// the gate multiply loads 2F and stores F, down loads F and stores D: 3D + 6F. Plain: up (D in, F out),
        /// activation (F in, F out), down (F in, D out): 2D + 4F.
        /// </summary>
        internal static double ActivationsMoved(long modelDim, long hiddenDim, bool gated, double rows) =>
            rows * (gated ? 3d * modelDim + 6d * hiddenDim : 2d * modelDim + 4d * hiddenDim);

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(HiddenDim, nameof(HiddenDim));
            Layers.Rows.Check(Rows);
        }

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            double inputMatrices = Gated ? 2 : 1;
            double hidden = Rows * HiddenDim;
            double macs = (inputMatrices + 1) * Rows * ModelDim * HiddenDim;
            double bias = Bias ? options.Elementwise(1, inputMatrices * hidden + Rows * ModelDim) : 0;   // Full only
            double activation = options.Elementwise(Activations.FlopsPerElement(Activations.Of(Kind, Activation)), hidden)
                + (Gated ? options.Elementwise(1, hidden) : 0);     // the gate multiply
            double parameters = ParameterCount();
            return new LayerCost(parameters, parameters, macs,
                new FlopBreakdown(FeedForward: 2 * macs + bias, Activation: activation));
        }
    }

    /// <summary>
    /// Mixture of experts: a router (ModelDim -> Experts, softmax), each token through TopK routed
    /// experts and every shared expert, outputs combined by the router weights. Each expert is a
    /// <see cref="FeedForwardSpec"/> with ExpertHiddenDim.
    /// </summary>
    public sealed record MoESpec(
        long ModelDim, long ExpertHiddenDim, long Experts, long TopK, long SharedExperts, FfnKind Kind,
        ActivationKind Activation, bool Bias, double Rows) : LayerSpec
    {
        public override LayerType Type => LayerType.MoE;
        public override string InputShape => Shape(Rows, ModelDim);
        public override string OutputShape => Shape(Rows, ModelDim);

        /// <summary>Width of each shared expert when it differs from a routed one (Qwen2-MoE's shared_expert_intermediate_size); null: ExpertHiddenDim.</summary>
        public long? SharedHiddenDim { get; init; }

        /// <summary>Qwen2-MoE's shared_expert_gate: sigmoid(x w) scales the shared experts' output (ModelDim parameters).</summary>
        public bool SharedGate { get; init; }

        /// <summary>A bias on the router (gpt-oss): Experts parameters, one add per logit.</summary>
        public bool RouterBias { get; init; }

        /// <summary>
        /// Llama-4's router: a sigmoid of each token's TopK chosen logits (8 per chosen logit) instead of a softmax over
        /// all Experts logits (5 per logit). Its score scales the expert's input rather than its output: the same one
        /// multiply per routed element either way.
        /// </summary>
        public bool SigmoidRouter { get; init; }

        public long ResolvedSharedHiddenDim => SharedHiddenDim ?? ExpertHiddenDim;

        /// <summary>Dropout on the layer's output in training (as <see cref="FeedForwardSpec.HiddenDropout"/>).</summary>
        public bool HiddenDropout { get; init; } = true;

        /// <summary>Weights of one expert (a <see cref="FeedForwardSpec"/> of ExpertHiddenDim).</summary>
        public double ExpertParameters => new FeedForwardSpec(ModelDim, ExpertHiddenDim, Kind, Activation, Bias, 1).ParameterCount();

        /// <summary>Weights of one shared expert.</summary>
        public double SharedExpertParameters => new FeedForwardSpec(ModelDim, ResolvedSharedHiddenDim, Kind, Activation, Bias, 1).ParameterCount();

        public override void Validate()
        {
            Require.Positive(ModelDim, nameof(ModelDim));
            Require.Positive(ExpertHiddenDim, "HiddenDim");
            Require.Positive(Experts, nameof(Experts));
            Require.Positive(TopK, nameof(TopK));
            Require.NonNegative(SharedExperts, nameof(SharedExperts));
            Require.That(TopK <= Experts, nameof(TopK), $"TopK ({TopK}) must not exceed Experts ({Experts}).");
            if (SharedHiddenDim.HasValue) Require.Positive(SharedHiddenDim.Value, "SharedHiddenDim");
            Layers.Rows.Check(Rows);
        }

        /// <summary>
        /// The FFN's terms for every expert a token visits: top-k routed experts of ExpertHiddenDim (over k T rows) and
        /// each shared expert of its own width; the input and, with hidden dropout, its mask once (3 T D, or 2 T D).
        /// </summary>
        public override ActivationFootprint ActivationBytes()
        {
            double perRow = Kind == FfnKind.Mlp ? 4 : 6;
            return new ActivationFootprint(
                Sharded: perRow * Rows * (TopK * (double)ExpertHiddenDim + SharedExperts * (double)ResolvedSharedHiddenDim),
                Replicated: (HiddenDropout ? 3 : 2) * Rows * ModelDim, Scores: 0);
        }

        /// <summary>
        /// Step bytes: the router, then the experts the step's tokens pick (<see cref="WeightBytesAt"/>); activations as an FFN
        /// over k routed rows and one row per shared expert for each token.
        /// </summary>
        public override LayerBytes StepBytes(double parameters, BytesPerValue per)
        {
            double weights = WeightBytesAt(parameters, per, Rows);
            double router = Rows * ModelDim + Rows * Experts;
            bool gated = Kind != FfnKind.Mlp;
            double experts = FeedForwardSpec.ActivationsMoved(ModelDim, ExpertHiddenDim, gated, Rows * TopK)
                + FeedForwardSpec.ActivationsMoved(ModelDim, ResolvedSharedHiddenDim, gated, Rows * SharedExperts);
            return new LayerBytes(weights, (router + experts) * per.Activation, 0, 0);
        }

        public override double? TokenDependentRows() => Rows;

        /// <summary>
        /// The layer's own parameters (router and its bias, shared experts at their own width, the shared gate: whatever
        /// <see cref="Cost"/> counts) less the routed experts none of <paramref name="rows"/> tokens picks
        /// (<see cref="ExpectedExpertsTouched"/>).
        /// </summary>
        public override double WeightBytesAt(double parameters, BytesPerValue per, double rows)
        {
            double touched = ExpectedExpertsTouched(Experts, TopK, rows);
            return (parameters - (Experts - touched) * ExpertParameters) * per.Weight;
        }

        /// <summary>
        /// Expected distinct experts <paramref name="tokens"/> tokens read when each picks top-k of E experts uniformly:
        /// E (1 - (1 - k/E)^tokens).
        /// </summary>
        public static double ExpectedExpertsTouched(long experts, long topK, double tokens) =>
            experts * (1 - Math.Pow(1 - (double)topK / experts, tokens));

        public override LayerCost Cost(CountingOptions options)
        {
            Validate();
            var router = new LinearSpec(ModelDim, Experts, RouterBias, Rows).Cost(options);
            // Every token visits TopK routed experts: the same work as one expert over TopK x Rows rows.
            var routed = new FeedForwardSpec(ModelDim, ExpertHiddenDim, Kind, Activation, Bias, TopK * Rows).Cost(options);
            var shared = SharedExperts == 0 ? LayerCost.Zero
                : new FeedForwardSpec(ModelDim, ResolvedSharedHiddenDim, Kind, Activation, Bias, Rows).Cost(options) * SharedExperts;
            // The shared-expert gate: a D -> 1 projection, a sigmoid (8) and the scaling multiply (1 per element).
            var gate = SharedGate ? new LinearSpec(ModelDim, 1, false, Rows).Cost(options) : LayerCost.Zero;
            double gateElementwise = SharedGate ? options.Elementwise(8, Rows) + options.Elementwise(1, Rows * ModelDim) : 0;
            double expertParameters = ExpertParameters;

            // Router softmax (5 per logit), or a sigmoid of the chosen logits (8 each); combining: one multiply per routed
            // element and one add per output element for every expert output after the first.
            double scoring = SigmoidRouter ? options.Elementwise(8, Rows * TopK) : options.Elementwise(5, Rows * Experts);
            double combine = scoring
                + options.Elementwise(1, Rows * ModelDim * TopK)
                + options.Elementwise(1, Rows * ModelDim * (TopK + SharedExperts - 1));

            var breakdown = new FlopBreakdown(FeedForward: router.Flops + gate.Flops) + routed.Breakdown + shared.Breakdown
                + new FlopBreakdown(Other: combine + gateElementwise);
            double common = router.Parameters + gate.Parameters + SharedExperts * SharedExpertParameters;
            double parameters = common + Experts * expertParameters;
            double active = common + TopK * expertParameters;
            return new LayerCost(parameters, active, router.Macs + gate.Macs + routed.Macs + shared.Macs, breakdown);
        }
    }
}
