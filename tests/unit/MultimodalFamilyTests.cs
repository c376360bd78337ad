using System.IO;
using System.Linq;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// A multimodal config.json (tests/unit/configs, SOURCES.md): every tower counted, derived by hand from transformers'
    /// modeling_llava.py (LlavaMultiModalProjector: linear_1, act, linear_2, biased), modeling_clip.py (CLIPVisionEmbeddings:
    /// class_embedding, bias-free patch_embedding Conv2d, position_embedding of (image/patch)^2 + 1; pre_layrnorm;
    /// CLIPEncoderLayer: biased q, k, v, out_proj, two LayerNorms, fc1, fc2; post_layernorm) and modeling_llama.py,
    /// reconciled with the model card.
    /// </summary>
    public class MultimodalFamilyTests
    {
        private static ModelDefinition Definition(string file) =>
            Repo.Config(file);

        // llava, llava-hf/llava-1.5-7b-hf. Language model: text_config over LlamaConfig's defaults (D 4096, L 32, H 32,
        // F 11008) with V 32064: Llama-2-7B's 6,738,415,616 (V 32000) + 2*64*4096 = 6,738,939,904.
        // Vision (CLIP ViT-L/14 at 336): class 1,024; patch conv 3*14*14*1024 = 602,112; positions (24^2 + 1)*1024 =
        // 590,848; pre_layrnorm 2,048; layer: attention 4*(1024^2 + 1024) = 4,198,400, 2 LayerNorms 4,096, fc1
        // 4,198,400, fc2 4,195,328: 12,596,224; x24 = 302,309,376; post_layernorm 2,048: 303,507,456.
        // Projector: 1024*4096 + 4096 = 4,198,400 and 4096*4096 + 4096 = 16,781,312: 20,979,712.
        // Total 7,063,427,072 (model card / safetensors F16: 7.06B).
        [Fact]
        public void Llava_counts_every_tower_the_projector_and_the_language_model()
        {
            var cost = ModelCalculator.Cost(Definition("llava-1.5-7b-hf.json"), 1, 1, CountingOptions.Default);
            Assert.Equal(7_063_427_072d, cost.Total.Parameters);
            Assert.Equal(7_063_427_072d, cost.Total.ActiveParameters);
            double Block(System.Func<string, bool> which) => cost.Rows.Where(r => which(r.Row.Block)).Sum(r => r.Cost.Parameters * r.Row.Count);
            Assert.Equal(303_507_456d, Block(b => b.StartsWith("vision", System.StringComparison.Ordinal)));
            Assert.Equal(20_979_712d, Block(b => b == "projector"));
        }

        [Fact]
        public void The_vision_tower_costs_one_image_of_576_patches_and_caches_nothing()
        {
            var c = Definition("llava-1.5-7b-hf.json").Transformer;
            var rows = TransformerExpander.Expand(c, 600, 1);
            Assert.Equal("1x577x1024", rows.Single(r => r.Block == "vision layers" && r.Name == "attention").Spec.InputShape);
            // The projector reads the 576 patch features (class token dropped): linear_1 MACs 576*1024*4096 = 2,415,919,104.
            Assert.Equal(2_415_919_104d, rows.Single(r => r.Name == "linear_1").Spec.Cost(CountingOptions.Default).Macs);
            // KV cache: the language model's 32 layers only, 2 x 4096 x 600 each.
            Assert.Equal(32 * 2d * 4096 * 600, ModelRows.KvCacheValues(rows, 600));
            // A decode step does not run the tower again.
            Assert.DoesNotContain(TransformerExpander.Expand(c, 1, 1, kvLength: 601), r => r.Block.StartsWith("vision", System.StringComparison.Ordinal));
        }
    }
}
