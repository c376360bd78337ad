using PSFlops.Engine;
using PSFlops.Engine.Planning;

namespace PSFlops.Output
{
    /// <summary>
    /// A model served on a deployment (Get-InferenceEstimate, Find-ServingLayout). Bytes and FLOPs per step are per
    /// device unless named otherwise; seconds are wall-clock for one replica. Every figure comes from Serving.Estimate.
    /// </summary>
    public sealed class InferenceEstimate : IModelWorkload
    {
        /// <summary>The model's encoder length (see <see cref="IModelWorkload"/>); null for a model without an encoder.</summary>
        public long? EncoderSequenceLength { get; set; }
        /// <summary>Pixels per side of each image the vision tower read; null for a model without one.</summary>
        public long? ImageSize { get; set; }
        /// <summary>Images per sequence; null for a model without a vision tower.</summary>
        public long? ImageCount { get; set; }
        public string Model { get; set; }
        public string Hardware { get; set; }
        public DataType DataType { get; set; }
        public DataType KvCacheType { get; set; }
        public long TensorParallel { get; set; }
        public long PipelineParallel { get; set; }
        /// <summary>Replicas serving side by side.</summary>
        public long DataParallel { get; set; }
        /// <summary>TensorParallel x PipelineParallel x DataParallel.</summary>
        public long DeviceCount { get; set; }
        public long BatchSize { get; set; }
        public long PromptLength { get; set; }
        public long ContextLength { get; set; }
        /// <summary>The context length, named as Get-ModelMemory names it, so the object pipes back.</summary>
        public long SequenceLength { get; set; }
        public long? OutputTokens { get; set; }
        public Convention Convention { get; set; }
        public bool CausalMask { get; set; }
        public double Parameters { get; set; }

        public double WeightBytes { get; set; }
        public double KvCacheBytes { get; set; }
        /// <summary>The fp32 logits of one decode step, vocabulary-parallel.</summary>
        public double WorkingBytes { get; set; }
        public double MemoryBytesPerDevice { get; set; }
        public double DeviceMemoryBytes { get; set; }
        public double ReserveFraction { get; set; }
        public bool Fits { get; set; }
        public long MaxBatchSize { get; set; }

        public double PrefillFlops { get; set; }
        public double DecodeFlopsPerStep { get; set; }
        public double DecodeFlopsPerToken { get; set; }
        /// <summary>Weights one device reads per decode step.</summary>
        public double WeightBytesPerStep { get; set; }
        /// <summary>KV cache one device reads and writes per decode step.</summary>
        public double KvCacheBytesPerStep { get; set; }
        public double BytesPerStep { get; set; }
        /// <summary>Decode FLOPs per byte on one device.</summary>
        public double ArithmeticIntensity { get; set; }
        /// <summary>Achievable FLOP/s over bandwidth: above it a step is compute-bound.</summary>
        public double RidgeIntensity { get; set; }
        /// <summary>"Memory" or "Compute", for the decode step.</summary>
        public string Bound { get; set; }
        public double ComputeSecondsPerStep { get; set; }
        public double MemorySecondsPerStep { get; set; }
        public double TensorParallelCommSeconds { get; set; }
        public double PipelineParallelCommSeconds { get; set; }
        public double TimePerOutputTokenSeconds { get; set; }
        /// <summary>Same as TimePerOutputTokenSeconds (the name of the first release).</summary>
        public double SecondsPerStep { get; set; }

        public double PrefillComputeSeconds { get; set; }
        public double PrefillMemorySeconds { get; set; }
        public double PrefillCommSeconds { get; set; }
        public double TimeToFirstTokenSeconds { get; set; }
        /// <summary>Same as TimeToFirstTokenSeconds (the name of the first release).</summary>
        public double PrefillSeconds { get; set; }
        /// <summary>TimeToFirstTokenSeconds + (OutputTokens - 1) x TimePerOutputTokenSeconds; null without -OutputTokens.</summary>
        public double? EndToEndSeconds { get; set; }

        /// <summary>Output tokens per second over all replicas in steady decoding.</summary>
        public double TokensPerSecond { get; set; }
        public double TokensPerSecondPerDevice { get; set; }
        public double PrefillTokensPerSecond { get; set; }
        public double? PricePerDeviceHour { get; set; }
        /// <summary>Per million output tokens: price x devices / 3600 / TokensPerSecond x 1e6.</summary>
        public double? CostPerMillionTokens { get; set; }
        public double? CostPerMillionInputTokens { get; set; }

        public double Efficiency { get; set; }
        public string EfficiencySource { get; set; }
        public double? ScaleUpGBps { get; set; }
        public long? ScaleUpDomain { get; set; }
        public double? ScaleOutGbps { get; set; }
        public string InterconnectSource { get; set; }

        public static InferenceEstimate From(string model, Hardware hardware, ServingEstimate e, CountingOptions counting) =>
            new InferenceEstimate
            {
                Model = model, Hardware = hardware.Name, DataType = e.Precision.DataType, KvCacheType = e.Precision.ResolvedKvCacheType,
                TensorParallel = e.Deployment.TensorParallel, PipelineParallel = e.Deployment.PipelineParallel,
                DataParallel = e.Deployment.DataParallel, DeviceCount = e.DeviceCount,
                BatchSize = e.Workload.BatchSize, PromptLength = e.Workload.PromptLength, ContextLength = e.Workload.ContextLength,
                SequenceLength = e.Workload.ContextLength, OutputTokens = e.Workload.OutputTokens,
                Convention = counting.Convention, CausalMask = counting.CausalMask, Parameters = e.Parameters,
                WeightBytes = e.WeightBytes, KvCacheBytes = e.KvCacheBytes, WorkingBytes = e.WorkingBytes,
                MemoryBytesPerDevice = e.MemoryBytesPerDevice, DeviceMemoryBytes = e.DeviceMemoryBytes, ReserveFraction = e.ReserveFraction,
                Fits = e.Fits, MaxBatchSize = e.MaxBatchSize,
                PrefillFlops = e.PrefillFlops, DecodeFlopsPerStep = e.DecodeFlopsPerStep,
                DecodeFlopsPerToken = e.DecodeFlopsPerStep / e.Workload.BatchSize,
                WeightBytesPerStep = e.DecodeWeightBytesPerStep, KvCacheBytesPerStep = e.DecodeKvCacheBytesPerStep,
                BytesPerStep = e.DecodeBytesPerStep, ArithmeticIntensity = e.ArithmeticIntensity, RidgeIntensity = e.RidgeIntensity,
                Bound = e.DecodeMemoryBound ? "Memory" : "Compute",
                ComputeSecondsPerStep = e.DecodeComputeSeconds, MemorySecondsPerStep = e.DecodeMemorySeconds,
                TensorParallelCommSeconds = e.DecodeTensorParallelCommSeconds, PipelineParallelCommSeconds = e.DecodePipelineCommSeconds,
                TimePerOutputTokenSeconds = e.TimePerOutputTokenSeconds, SecondsPerStep = e.TimePerOutputTokenSeconds,
                PrefillComputeSeconds = e.PrefillComputeSeconds, PrefillMemorySeconds = e.PrefillMemorySeconds,
                PrefillCommSeconds = e.PrefillTensorParallelCommSeconds + e.PrefillPipelineCommSeconds,
                TimeToFirstTokenSeconds = e.TimeToFirstTokenSeconds, PrefillSeconds = e.TimeToFirstTokenSeconds,
                EndToEndSeconds = e.EndToEndSeconds,
                TokensPerSecond = e.TokensPerSecond, TokensPerSecondPerDevice = e.TokensPerSecondPerDevice,
                PrefillTokensPerSecond = e.PrefillTokensPerSecond, PricePerDeviceHour = e.PricePerDeviceHour,
                CostPerMillionTokens = e.CostPerMillionOutputTokens, CostPerMillionInputTokens = e.CostPerMillionInputTokens,
                Efficiency = e.System.Efficiency, EfficiencySource = e.System.EfficiencySource,
                ScaleUpGBps = e.System.ScaleUpGBps, ScaleUpDomain = e.System.ScaleUpDomain, ScaleOutGbps = e.System.ScaleOutGbps,
                InterconnectSource = e.System.InterconnectSource,
            };
    }
}
