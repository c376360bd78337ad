using System.Collections.Generic;
using PSFlops.Engine.Layers;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// FalconForCausalLM (the original decoder, Falcon-7B): fused query_key_value with multi_query (one K/V head) or
    /// num_kv_heads, a plain GELU MLP of ffn_hidden_size (default 4 D), biases where 'bias' says, LayerNorms, and with
    /// parallel_attn one input_layernorm shared by attention and MLP; the head tied unless tie_word_embeddings is false.
    /// new_decoder_architecture (Falcon-40B/180B: two parallel norms, grouped K/V) is refused: not modelled. ALiBi
    /// adds no parameters (its score bias is left out of the FLOPs).
    /// </summary>
    internal sealed class FalconFamily : IHuggingFaceFamily
    {
        public IReadOnlyList<string> ModelTypes { get; } = new[] { "falcon" };

        public TransformerConfig Read(Fields f)
        {
            DecoderFields.Refuse(f, "new_decoder_architecture", f.Bool("new_decoder_architecture") ?? false,
                "Falcon's new decoder architecture (two parallel layer norms, grouped K/V) is not modelled; describe it in the YAML transformer form.");
            long d = f.RequiredLong("hidden_size");
            long heads = f.Long("num_attention_heads") ?? f.RequiredLong("n_head");
            bool multiQuery = f.Bool("multi_query") ?? true;
            bool bias = f.Bool("bias") ?? false;
            return new TransformerConfig
            {
                Layers = f.Long("num_hidden_layers") ?? f.RequiredLong("n_layer"), ModelDim = d, Heads = heads,
                KvHeads = multiQuery ? 1 : f.Long("num_kv_heads") ?? heads, FfnDim = f.Long("ffn_hidden_size") ?? 4 * d, Ffn = FfnKind.Mlp,
                Activation = DecoderFields.PlainActivation(f, "activation", "gelu"), Norm = NormKind.LayerNorm,
                Bias = new TransformerBias(bias, bias, bias, bias, bias, false), VocabSize = f.RequiredLong("vocab_size"),
                TiedEmbeddings = f.Bool("tie_word_embeddings") ?? true, Positions = (f.Bool("alibi") ?? false) ? PositionKind.None : PositionKind.Rope,
                MaxSequenceLength = f.Long("max_position_embeddings"), Causal = true, ParallelBlock = f.Bool("parallel_attn") ?? true,
                // FalconConfig: attention_dropout 0.0 on the probabilities, hidden_dropout 0.0 where the residual adds.
                AttentionDropout = DecoderFields.Dropout(f, 0.0, "attention_dropout"), HiddenDropout = DecoderFields.Dropout(f, 0.0, "hidden_dropout"),
            };
        }
    }
}
