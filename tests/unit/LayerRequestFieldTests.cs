using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using PSFlops.Engine;
using PSFlops.Engine.Layers;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>
    /// Get-LayerFlops reads only LayerBuilder.DimensionsOf(type) from a piped object. These tests check the
    /// list against the builder itself: a field outside it never changes the result, and every field in it
    /// is one the builder can be seen to read (changing it changes the cost, the shape or the error).
    /// </summary>
    public class LayerRequestFieldTests
    {
        // A request where every field holds a value that is valid for every layer type that reads it.
        private static LayerRequest Full(LayerType type) => new LayerRequest
        {
            Type = type, BatchSize = 2, SequenceLength = 8,
            InputDim = 8, OutputDim = 16, Bias = true,
            InputChannels = 4, OutputChannels = 8, KernelSize = new long[] { 3 }, InputSize = new long[] { 8 },
            Stride = new long[] { 1 }, Padding = new long[] { 1 }, Dilation = new long[] { 1 }, Groups = 2,
            ModelDim = 64, Heads = 4, KvHeads = 2, HeadDim = 16, KvLength = 8, Window = 4, Causal = true,
            HiddenDim = 128, Gated = true, Activation = ActivationKind.SiLU, Experts = 4, TopK = 2, SharedExperts = 1,
            Elements = 32, VocabSize = 100, Tied = true, Pool = PoolKind.Average,
        };

        // A different, equally valid value for each field.
        private static readonly Dictionary<string, Func<LayerRequest, LayerRequest>> Changes = new Dictionary<string, Func<LayerRequest, LayerRequest>>
        {
            ["InputDim"] = r => r with { InputDim = 10 },
            ["OutputDim"] = r => r with { OutputDim = 6 },
            ["Bias"] = r => r with { Bias = false },
            ["InputChannels"] = r => r with { InputChannels = 6 },
            ["OutputChannels"] = r => r with { OutputChannels = 10 },
            ["KernelSize"] = r => r with { KernelSize = new long[] { 1 } },
            ["InputSize"] = r => r with { InputSize = new long[] { 10 } },
            ["Stride"] = r => r with { Stride = new long[] { 2 } },
            ["Padding"] = r => r with { Padding = new long[] { 0 } },
            ["Dilation"] = r => r with { Dilation = new long[] { 2 } },
            ["Groups"] = r => r with { Groups = 1 },
            ["ModelDim"] = r => r with { ModelDim = 128 },
            ["Heads"] = r => r with { Heads = 8 },
            ["KvHeads"] = r => r with { KvHeads = 4 },
            ["HeadDim"] = r => r with { HeadDim = 8 },
            ["KvLength"] = r => r with { KvLength = 16 },
            ["Window"] = r => r with { Window = 2 },
            ["Causal"] = r => r with { Causal = false },
            ["HiddenDim"] = r => r with { HiddenDim = 96 },
            ["Gated"] = r => r with { Gated = false },
            ["Activation"] = r => r with { Activation = ActivationKind.ReLU },
            ["Experts"] = r => r with { Experts = 8 },
            ["TopK"] = r => r with { TopK = 1 },
            ["SharedExperts"] = r => r with { SharedExperts = 0 },
            ["Elements"] = r => r with { Elements = 48 },
            ["VocabSize"] = r => r with { VocabSize = 200 },
            ["Tied"] = r => r with { Tied = false },
            ["Pool"] = r => r with { Pool = PoolKind.Max },
        };

        public static IEnumerable<object[]> BuildableTypes() =>
            Enum.GetValues(typeof(LayerType)).Cast<LayerType>()
                .Where(t => LayerBuilder.DimensionsOf(t).Count > 0)
                .Select(t => new object[] { t });

        [Fact]
        public void Every_dimension_field_of_the_request_has_a_change_in_this_test()
        {
            var fields = typeof(LayerRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.Name).Where(n => n != "Type" && n != "BatchSize" && n != "SequenceLength" && n != "EqualityContract");
            Assert.Empty(fields.Except(Changes.Keys));
        }

        [Theory]
        [MemberData(nameof(BuildableTypes))]
        public void Fields_outside_DimensionsOf_never_change_the_result(LayerType type)
        {
            var listed = LayerBuilder.DimensionsOf(type);
            string baseline = Outcome(Full(type));
            Assert.DoesNotContain("error:", baseline);   // otherwise every change would compare one error with another
            foreach (var change in Changes.Where(c => !listed.Contains(c.Key)))
                Assert.True(baseline == Outcome(change.Value(Full(type))), $"{type}: {change.Key} is not listed but changes the result");
        }

        [Theory]
        [MemberData(nameof(BuildableTypes))]
        public void Every_field_in_DimensionsOf_is_read_by_the_builder(LayerType type)
        {
            string baseline = Outcome(Full(type));
            foreach (string field in LayerBuilder.DimensionsOf(type))
            {
                // Some fields matter only when another is absent or off (Elements over ModelDim, ModelDim for
                // BatchNorm's channels, Activation when not gated); clearing those shows the builder reads them.
                var request = Shadowless(type, field);
                Assert.True(Outcome(request) != Outcome(Changes[field](request)),
                    $"{type}: {field} is listed but changing it changes nothing");
            }
            Assert.DoesNotContain("error:", baseline);
        }

        [Fact]
        public void Types_that_need_a_model_file_list_no_fields()
        {
            foreach (var type in new[] { LayerType.PositionEmbedding, LayerType.TokenTypeEmbedding, LayerType.ClassToken })
            {
                Assert.Empty(LayerBuilder.DimensionsOf(type));
                Assert.Throws<FlopsArgumentException>(() => LayerBuilder.Build(Full(type)));
            }
        }

        private static LayerRequest Shadowless(LayerType type, string field)
        {
            var r = Full(type);
            if (field == "ModelDim") r = r with { Elements = null, InputChannels = type == LayerType.BatchNorm ? null : r.InputChannels };
            if (field == "Activation") r = r with { Gated = false }; // a gated FFN's activation only names its gate

            return r;
        }

        // The cost, shapes and parameter count, or the error: what a user sees from one request.
        private static string Outcome(LayerRequest request)
        {
            try
            {
                var spec = LayerBuilder.Build(request);
                var cost = spec.Cost(new CountingOptions(Convention.Full, request.Causal));
                return $"{cost.Flops}|{cost.Macs}|{cost.Parameters}|{cost.ActiveParameters}|{spec.InputShape}|{spec.OutputShape}";
            }
            catch (FlopsArgumentException e)
            {
                return "error: " + e.Message;
            }
        }
    }
}
