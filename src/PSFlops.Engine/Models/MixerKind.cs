namespace PSFlops.Engine.Models
{
    /// <summary>
    /// What mixes positions in a block: attention (<see cref="BlockGroup.Attention"/> says which kind), a state-space
    /// mixer (<see cref="TransformerConfig.StateSpace"/>), or both side by side on one norm, their outputs summed
    /// (Falcon-H1's parallel hybrid block).
    /// </summary>
    public enum MixerKind { Attention, StateSpace, AttentionAndStateSpace }
}
