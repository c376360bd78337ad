namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// Bytes a layer keeps for its backward pass at one workload (16-bit activations, 1-byte dropout masks), after
    /// Korthikanti et al. 2022 §4.1 (arXiv:2205.05198): <paramref name="Sharded"/> the tensors inside the attention heads
    /// and the FFN hidden layer, which tensor parallelism splits; <paramref name="Replicated"/> the ones it leaves whole
    /// (layer inputs, norm inputs, dropout masks), which sequence parallelism splits too; <paramref name="Scores"/> the
    /// S x S_kv score, softmax and dropout tensors of eager attention (split by TP, dropped by flash attention and by
    /// selective recomputation). Memory sums these over a model's rows.
    /// </summary>
    public sealed record ActivationFootprint(double Sharded, double Replicated, double Scores)
    {
        public static readonly ActivationFootprint Zero = new ActivationFootprint(0, 0, 0);

        public static ActivationFootprint operator +(ActivationFootprint a, ActivationFootprint b) =>
            new ActivationFootprint(a.Sharded + b.Sharded, a.Replicated + b.Replicated, a.Scores + b.Scores);

        public static ActivationFootprint operator *(ActivationFootprint a, double k) =>
            new ActivationFootprint(a.Sharded * k, a.Replicated * k, a.Scores * k);
    }
}
