using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    public enum PositionKind { Rope, Learned, None }

    /// <summary>Which linear layers of a transformer carry a bias.</summary>
    public sealed record TransformerBias(bool Query, bool Key, bool Value, bool Output, bool FeedForward, bool LMHead)
    {
        public static readonly TransformerBias None = new TransformerBias(false, false, false, false, false, false);
        /// <summary>"bias: true" in a model file: every projection and FFN matrix (GPT-2, BERT, ViT), not the LM head.</summary>
        public static readonly TransformerBias AllButHead = new TransformerBias(true, true, true, true, true, false);

        public AttentionBias Attention => new AttentionBias(Query, Key, Value, Output);
    }

    /// <summary>
    /// Mixture-of-experts feed-forward settings. Which layers are MoE: all, unless <see cref="FirstDenseLayers"/>
    /// (DeepSeek's first_k_dense_replace), <see cref="Every"/> (MoE every n-th layer: layer i when (i + 1) mod n = 0,
    /// Qwen2-MoE's decoder_sparse_step and Llama-4's interleave_moe_layer_step) or <see cref="DenseLayers"/>
    /// (Qwen's mlp_only_layers) say otherwise; the other layers have the dense FFN of <see cref="TransformerConfig.FfnDim"/>.
    /// </summary>
    public sealed record MoEConfig(long Experts, long TopK, long SharedExperts, long ExpertFfnDim)
    {
        /// <summary>Width of each shared expert; null: <see cref="ExpertFfnDim"/>.</summary>
        public long? SharedExpertFfnDim { get; init; }
        /// <summary>Qwen2-MoE's sigmoid gate on the shared expert's output.</summary>
        public bool SharedExpertGate { get; init; }
        public bool RouterBias { get; init; }
        /// <summary>Llama-4's sigmoid of the chosen logits instead of a softmax over all (<see cref="Layers.MoESpec.SigmoidRouter"/>).</summary>
        public bool SigmoidRouter { get; init; }
        /// <summary>Biases on every expert's matrices (gpt-oss); null: the FFN bias setting.</summary>
        public bool? ExpertBias { get; init; }
        public long FirstDenseLayers { get; init; }
        public long Every { get; init; } = 1;
        /// <summary>With <see cref="Every"/>: MoE on layer i when i mod Every = EveryOffset (Jamba's expert_layer_period and
        /// expert_layer_offset); null: Every - 1, the last layer of each period.</summary>
        public long? EveryOffset { get; init; }
        public IReadOnlyList<long> DenseLayers { get; init; } = new long[0];

        /// <summary>Whether 0-based layer <paramref name="layer"/> has the experts.</summary>
        public bool IsMoELayer(long layer) =>
            layer >= FirstDenseLayers && layer % Every == (EveryOffset ?? Every - 1) && !DenseLayers.Contains(layer);
    }

    /// <summary>
    /// The transformer form of a model file (model-schema.md), with every default resolved.
    /// Fields past the fixed schema: TypeVocabSize, EmbeddingNorm, FinalNorm, Pooler and LMHead, which
    /// encoders such as BERT need to match their published parameter counts.
    /// </summary>
    public sealed record TransformerConfig
    {
        public long Layers { get; init; }
        public long ModelDim { get; init; }
        public long Heads { get; init; }
        public long? KvHeads { get; init; }
        public long? HeadDim { get; init; }
        public long FfnDim { get; init; }
        public FfnKind Ffn { get; init; } = FfnKind.Mlp;
        public ActivationKind Activation { get; init; } = ActivationKind.GELU;
        public NormKind Norm { get; init; } = NormKind.LayerNorm;
        /// <summary>False: LayerNorm without its shift (Cohere's CohereLayerNorm has a weight only).</summary>
        public bool NormBias { get; init; } = true;
        public TransformerBias Bias { get; init; } = TransformerBias.None;
        public long VocabSize { get; init; }
        /// <summary>Rows of the token table when it has more than the head's <see cref="VocabSize"/> (Mllama's embed_tokens:
        /// vocab_size + 8, the image token among them); null: VocabSize.</summary>
        public long? TokenTableSize { get; init; }
        public bool TiedEmbeddings { get; init; }
        public PositionKind Positions { get; init; } = PositionKind.Rope;
        public long? MaxSequenceLength { get; init; }
        public bool Causal { get; init; } = true;
        public long? Window { get; init; }
        public bool ParallelBlock { get; init; }
        public MoEConfig MoE { get; init; }
        public long TypeVocabSize { get; init; }
        public bool EmbeddingNorm { get; init; }
        public bool FinalNorm { get; init; } = true;
        public bool Pooler { get; init; }
        public bool LMHead { get; init; } = true;

        /// <summary>
        /// Training applies dropout to the attention probabilities, so eager attention keeps a 1-byte mask and the dropout's
        /// output beside the softmax (Korthikanti et al. 2022 §4.1: 5 a s^2 b bytes; without it the softmax output alone,
        /// 2 a s^2 b). True by default (the paper's GPT; YAML files written before the key keep their figures); the Hugging
        /// Face readers set it from the family's attention-dropout field and its transformers default (Llama: 0.0, off).
        /// </summary>
        public bool AttentionDropout { get; init; } = true;

        /// <summary>
        /// Training applies dropout to the hidden states after the attention output projection and after the FFN, so each
        /// keeps a 1-byte mask of s b h (Korthikanti's 2sbh of Eq. 1). True by default, as <see cref="AttentionDropout"/>;
        /// Llama-style decoders have no such dropout in their modelling code at all.
        /// </summary>
        public bool HiddenDropout { get; init; } = true;

        /// <summary>
        /// The layers as groups of identical blocks, in order of first appearance; null: one group of
        /// <see cref="Layers"/> blocks of the uniform settings (attention window <see cref="Window"/>, MoE when set).
        /// Built by <see cref="BlockGroups"/> from the per-layer patterns of a file.
        /// </summary>
        public IReadOnlyList<BlockGroup> Groups { get; init; }
        /// <summary>Multi-head latent attention instead of multi-head attention; null for the latter.</summary>
        public LatentAttentionConfig LatentAttention { get; init; }
        public QkNorm QkNorm { get; init; }
        /// <summary>Gemma-2/3's extra norms after attention and after the FFN (four per block).</summary>
        public bool PostNorms { get; init; }
        /// <summary>gpt-oss's learned attention sinks.</summary>
        public bool AttentionSinks { get; init; }
        public bool AttentionSoftCap { get; init; }
        public bool FinalSoftCap { get; init; }
        /// <summary>Gemma multiplies the embeddings by sqrt(model_dim).</summary>
        public bool EmbeddingScale { get; init; }
        /// <summary>
        /// The encoder stack of an encoder-decoder model (T5, BART, Whisper): its own layers, norms and positions, no LM
        /// head. When set, this config is the decoder and each of its blocks cross-attends to the encoder's output.
        /// </summary>
        public TransformerConfig Encoder { get; init; }
        /// <summary>Encoder positions when the caller gives none (Whisper: max_source_positions, 1500 for 30 s of audio); null: the decoder's sequence length.</summary>
        public long? EncoderSequenceLength { get; init; }
        /// <summary>False: the stack has no token table of its own (an encoder sharing the decoder's, T5's and BART's "shared").</summary>
        public bool TokenEmbedding { get; init; } = true;
        /// <summary>Rows of the learned position table when it differs from <see cref="MaxSequenceLength"/> (BART: max_position_embeddings + 2).</summary>
        public long? PositionTableSize { get; init; }
        /// <summary>T5's relative position buckets (relative_attention_num_buckets) on the first layer's self-attention; 0: none.</summary>
        public long RelativeAttentionBuckets { get; init; }
        /// <summary>Whisper's audio front end: two Conv1d (mel bins -> D, kernel 3; D -> D, kernel 3, stride 2) with GELU, over twice the encoder positions; 0: none.</summary>
        public long AudioMelBins { get; init; }

        /// <summary>A multimodal model's vision tower and projector (LLaVA); null for text-only models. Its rows cost one
        /// image of the tower's image size per sequence; the image's tokens are part of the language model's sequence.</summary>
        public VisionTowerConfig Vision { get; init; }

        /// <summary>Qwen3-Next's gated attention: q_proj also yields a per-channel gate, sigmoid(gate) scales the output.</summary>
        public bool AttentionOutputGate { get; init; }

        /// <summary>The mixer of the state-space layers (groups whose <see cref="BlockGroup.Mixer"/> has one); null for none.</summary>
        public StateSpaceConfig StateSpace { get; init; }
        /// <summary>DeepSeek-V3's multi-token-prediction modules (num_nextn_predict_layers), reported apart from the main model.</summary>
        public long MtpLayers { get; init; }

        /// <summary>The groups, or the one group of a uniform model.</summary>
        public IReadOnlyList<BlockGroup> ResolvedGroups => Groups ?? new[]
        {
            new BlockGroup(TransformerExpander.LayerBlock, Layers, Window.HasValue ? AttentionPattern.Sliding : AttentionPattern.Full, Window, MoE != null),
        };

        /// <summary>
        /// The encoder positions of an encoder-decoder for a decoder length <paramref name="sequenceLength"/>: the caller's
        /// <paramref name="requested"/>, else <see cref="EncoderSequenceLength"/>, else the decoder's length; null for a
        /// model without an encoder.
        /// </summary>
        public long? ResolvedEncoderLength(long sequenceLength, long? requested) =>
            Encoder == null ? (long?)null : requested ?? EncoderSequenceLength ?? sequenceLength;

        public long ResolvedKvHeads => KvHeads ?? Heads;
        public long ResolvedHeadDim => HeadDim ?? (Heads > 0 ? ModelDim / Heads : 0);
    }
}
