using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// The numeric formats of a job: <see cref="DataType"/> for weights and compute (whose peak is used),
    /// <see cref="KvCacheType"/> for the KV cache (null: <see cref="DefaultKvCacheType"/> of the weights).
    /// </summary>
    public sealed record Precision(DataType DataType = DataType.BF16, DataType? KvCacheType = null)
    {
        public static readonly Precision Default = new Precision();

        /// <summary>The KV cache's type with the default applied.</summary>
        public DataType ResolvedKvCacheType => KvCacheType ?? DefaultKvCacheType(DataType);

        public double WeightBytes => Bytes(DataType);
        public double KvCacheBytes => Bytes(ResolvedKvCacheType);

        /// <summary>Bytes per stored value for each data type.</summary>
        public static double Bytes(DataType type) => type switch
        {
            DataType.FP64 => 8,
            DataType.FP32 => 4,
            DataType.TF32 => 4,
            DataType.BF16 => 2,
            DataType.FP16 => 2,
            DataType.FP8 => 1,
            DataType.INT8 => 1,
            DataType.FP4 => 0.5,
            DataType.INT4 => 0.5,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        /// <summary>
        /// The KV cache's type when none is given: the weights' type, except that INT4 weight-only quantisation
        /// keeps a BF16 cache (activations, and so keys and values, stay in 16 bits).
        /// </summary>
        public static DataType DefaultKvCacheType(DataType weights) => weights == DataType.INT4 ? DataType.BF16 : weights;
    }
}
