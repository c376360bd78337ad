namespace PSFlops.Engine.Layers
{
    /// <summary>
    /// The step bytes the recurrent mixers share (<see cref="MambaSpec"/>, <see cref="Mamba2Spec"/>,
    /// <see cref="GatedDeltaNetSpec"/>): one formula for the three kinds, which differ only in their state
    /// (<see cref="LayerSpec.StateValues"/>).
    /// </summary>
    internal static class RecurrentState
    {
        /// <summary>
        /// A state-space or linear-attention mixer has no KV cache, but a recurrent state per sequence that does not grow
        /// with the context (the conv window and the SSM state, I x N for Mamba; Gu and Dao 2023, arXiv:2312.00752 §3.3 and
        /// Algorithm 2, h of shape (B, D, N)). Each step reads the state once per sequence and writes it back (counted with
        /// the cache's reads and writes, at the cache type's size, as KvCache sizes it); a prefill of a fresh prompt starts
        /// from zeros that a kernel need not read, so its read is an overcount of one state per sequence. Activations: the
        /// input read and output written (2 x rows x D); the scan's intermediates stay on chip (the paper's hardware-aware
        /// kernel, §3.3.2).
        /// </summary>
        public static LayerBytes StepBytes(double parameters, double stateValues, long batch, long sequenceLength, long modelDim,
            BytesPerValue per)
        {
            double stateBytes = batch * stateValues * per.CacheValue;
            return new LayerBytes(parameters * per.Weight, 2 * (double)batch * sequenceLength * modelDim * per.Activation,
                stateBytes, stateBytes);
        }
    }
}
