namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// A model served on a deployment (Get-InferenceEstimate, Find-ServingLayout): memory per device and the fit,
    /// the prefill and decode rooflines with their communication, throughput and cost. Bytes and FLOPs are per
    /// device unless named whole-model; seconds are wall-clock for the replica.
    /// </summary>
    public sealed record ServingEstimate
    {
        public ParallelLayout Deployment { get; init; }
        public ServingWorkload Workload { get; init; }
        public Precision Precision { get; init; }
        public ServingSystem System { get; init; }
        public double Parameters { get; init; }
        /// <summary>TP x PP: the devices one replica spans.</summary>
        public long DevicesPerReplica => Deployment.TensorParallel * Deployment.PipelineParallel;
        /// <summary>TP x PP x DP (the layout's DeviceCount, without re-validating it on every read).</summary>
        public long DeviceCount => DevicesPerReplica * Deployment.DataParallel;

        // Memory per device.
        public double WeightBytes { get; init; }
        public double KvCacheBytes { get; init; }
        /// <summary>Working buffers: the fp32 logits of one decode step, vocabulary-parallel over TP.</summary>
        public double WorkingBytes { get; init; }
        public double MemoryBytesPerDevice => WeightBytes + KvCacheBytes + WorkingBytes;
        public double DeviceMemoryBytes { get; init; }
        public double ReserveFraction { get; init; }
        public double UsableBytes => DeviceMemoryBytes * (1 - ReserveFraction);
        public bool Fits => MemoryBytesPerDevice <= UsableBytes;
        /// <summary>The largest batch whose weights, KV cache and working buffers fit in the usable memory; 0 when the weights alone do not.</summary>
        public long MaxBatchSize { get; init; }

        // Whole-model work.
        public double PrefillFlops { get; init; }
        public double DecodeFlopsPerStep { get; init; }

        // Decode step, per device.
        public double DecodeWeightBytesPerStep { get; init; }
        public double DecodeKvCacheBytesPerStep { get; init; }
        public double DecodeBytesPerStep => DecodeWeightBytesPerStep + DecodeKvCacheBytesPerStep;
        public double DecodeComputeSeconds { get; init; }
        public double DecodeMemorySeconds { get; init; }
        public double DecodeTensorParallelCommSeconds { get; init; }
        public double DecodePipelineCommSeconds { get; init; }
        /// <summary>Time per output token: PP stages one after another, each the larger of compute and memory time, plus communication.</summary>
        public double TimePerOutputTokenSeconds { get; init; }
        public bool DecodeMemoryBound => DecodeMemorySeconds > DecodeComputeSeconds;

        // Prefill, per device.
        public double PrefillBytes { get; init; }
        public double PrefillComputeSeconds { get; init; }
        public double PrefillMemorySeconds { get; init; }
        public double PrefillTensorParallelCommSeconds { get; init; }
        public double PrefillPipelineCommSeconds { get; init; }
        public double TimeToFirstTokenSeconds { get; init; }

        public double PeakFlopsPerSecond { get; init; }
        public double MemoryBytesPerSecond { get; init; }

        /// <summary>Decode FLOPs per byte moved on one device.</summary>
        public double ArithmeticIntensity => DecodeFlopsPerStep / DevicesPerReplica / DecodeBytesPerStep;
        public double RidgeIntensity => PeakFlopsPerSecond * System.Efficiency / MemoryBytesPerSecond;

        /// <summary>TTFT + (OutputTokens - 1) x TPOT; null without OutputTokens.</summary>
        public double? EndToEndSeconds => Workload.OutputTokens.HasValue
            ? TimeToFirstTokenSeconds + (Workload.OutputTokens.Value - 1) * TimePerOutputTokenSeconds
            : (double?)null;

        /// <summary>Output tokens per second over all replicas in steady decoding.</summary>
        public double TokensPerSecond => Deployment.DataParallel * Workload.BatchSize / TimePerOutputTokenSeconds;
        public double TokensPerSecondPerDevice => TokensPerSecond / DeviceCount;
        /// <summary>Prompt tokens per second over all replicas while prefilling.</summary>
        public double PrefillTokensPerSecond => Deployment.DataParallel * (double)Workload.BatchSize * Workload.PromptLength / TimeToFirstTokenSeconds;

        public double? PricePerDeviceHour { get; init; }
        /// <summary>price x devices / 3600 / output tokens per second x 1e6 (llm-analysis's cost per 1k tokens, x 1000).</summary>
        public double? CostPerMillionOutputTokens => Cost(TokensPerSecond);
        public double? CostPerMillionInputTokens => Cost(PrefillTokensPerSecond);

        private double? Cost(double tokensPerSecond) =>
            PricePerDeviceHour.HasValue ? PricePerDeviceHour.Value * DeviceCount / 3600 / tokensPerSecond * 1e6 : (double?)null;
    }
}
