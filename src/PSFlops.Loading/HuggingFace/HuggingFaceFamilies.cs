using System.Collections.Generic;
using System.Linq;

namespace PSFlops.Loading
{
    /// <summary>The table of model_type -> family (one file each under Loading/HuggingFace).</summary>
    internal static class HuggingFaceFamilies
    {
        private static readonly IHuggingFaceFamily[] All =
        {
            new LlamaFamily(), new MistralFamily(), new MixtralFamily(), new Qwen2Family(), new Qwen2MoeFamily(),
            new Qwen3Family(), new Qwen3MoeFamily(), new DeepseekFamily(), new GemmaFamily(), new Gemma2Family(),
            new Gemma3TextFamily(), new GptOssFamily(), new Phi3Family(), new Olmo2Family(), new GraniteFamily(),
            new CohereFamily(), new GptNeoXFamily(), new Starcoder2Family(), new FalconFamily(), new Gpt2Family(), new BertFamily(),
            new MambaFamily(), new Mamba2Family(), new T5Family(), new BartFamily(), new WhisperFamily(),
            new JambaFamily(), new FalconH1Family(), new Qwen3NextFamily(), new LlavaFamily(), new Gemma3Family(), new Qwen25VlFamily(),
            new Llama4TextFamily(), new Llama4Family(), new MllamaFamily(),
        };

        public static readonly IReadOnlyDictionary<string, IHuggingFaceFamily> ByModelType =
            All.SelectMany(f => f.ModelTypes.Select(t => (t, f))).ToDictionary(p => p.t, p => p.f, System.StringComparer.Ordinal);

        public static IReadOnlyList<string> SupportedModelTypes { get; } =
            All.SelectMany(f => f.ModelTypes).OrderBy(t => t, System.StringComparer.Ordinal).ToList();
    }
}
