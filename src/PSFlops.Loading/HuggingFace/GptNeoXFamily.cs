using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// GPTNeoXForCausalLM (Pythia): fused query_key_value and dense with biases (attention_bias, default true), a
    /// plain MLP with biases and hidden_act, LayerNorms, rotary positions, an untied embed_out. With
    /// use_parallel_residual each sublayer still has its own norm (input_layernorm, post_attention_layernorm) and
    /// the output is x + attn + mlp: the same two norms and two adds as a sequential block, so it is counted as one.
    /// </summary>
    internal sealed class GptNeoXFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "gpt_neox" };

        public TransformerConfig Read(Fields f)
        {
            bool bias = f.Bool("attention_bias") ?? true;
            long heads = f.RequiredLong("num_attention_heads");
            return new TransformerConfig
            {
                Layers = f.RequiredLong("num_hidden_layers"), ModelDim = f.RequiredLong("hidden_size"), Heads = heads,
                FfnDim = f.RequiredLong("intermediate_size"), Ffn = FfnKind.Mlp,
                Activation = DecoderFields.PlainActivation(f, "hidden_act", "gelu"), Norm = NormKind.LayerNorm,
                Bias = new TransformerBias(bias, bias, bias, bias, true, false), VocabSize = f.RequiredLong("vocab_size"),
                TiedEmbeddings = f.Bool("tie_word_embeddings") ?? false, Positions = PositionKind.Rope,
                MaxSequenceLength = f.Long("max_position_embeddings"), Causal = true,
                // GPTNeoXConfig: attention_dropout 0.0 on the probabilities, hidden_dropout 0.0 after attention and the MLP.
                AttentionDropout = DecoderFields.Dropout(f, 0.0, "attention_dropout"), HiddenDropout = DecoderFields.Dropout(f, 0.0, "hidden_dropout"),
            };
        }
    }
}
