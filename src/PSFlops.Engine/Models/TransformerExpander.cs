using System;
using System.Collections.Generic;
using System.Linq;
using PSFlops.Engine.Layers;

namespace PSFlops.Engine.Models
{
    /// <summary>
    /// Turns a transformer configuration into its distinct layers for a batch and sequence length.
    /// The repeated block appears once with Count = layers, never expanded.
    /// </summary>
    public static class TransformerExpander
    {
        public const string EmbeddingsBlock = "embeddings";
        public const string LayerBlock = "layers";
        public const string HeadBlock = "head";
        public const string MtpBlock = "mtp";

        /// <param name="kvLength">Keys each query can see: the context when decoding with a KV cache (a decode step of an
        /// encoder-decoder has no encoder rows: the encoder ran at prefill and its keys and values are cached).</param>
        /// <param name="encoderLength">Encoder positions of an encoder-decoder model; default: its
        /// <see cref="TransformerConfig.EncoderSequenceLength"/>, else the sequence length. Ignored for other models.</param>
        public static IReadOnlyList<LayerRow> Expand(TransformerConfig c, long sequenceLength, long batchSize, long? kvLength = null,
            long? encoderLength = null)
        {
            Validate(c);
            Require.Positive(sequenceLength, "SequenceLength");
            Require.Positive(batchSize, "BatchSize");
            double tokens = (double)batchSize * sequenceLength;
            var rows = new List<LayerRow>();
            long? encoder = null;
            string stack = "";
            if (c.Encoder != null)
            {
                Validate(c.Encoder);
                // Unless told, a decode step's encoder read as many positions as the context it continues: the prompt the
                // encoder consumed, never the one new token (which would cache cross-attention keys for one position).
                encoder = Require.Positive(c.ResolvedEncoderLength(kvLength ?? sequenceLength, encoderLength).Value, "EncoderSequenceLength");
                if (!kvLength.HasValue) rows.AddRange(EncoderRows(c.Encoder, encoder.Value, batchSize));
                stack = DecoderPrefix;
            }
            // A decode step does not run the vision tower again: its image tokens are in the KV cache.
            if (c.Vision != null && !kvLength.HasValue) rows.AddRange(VisionRows(c.Vision, batchSize));
            rows.AddRange(Embeddings(c, stack + EmbeddingsBlock, sequenceLength, batchSize, kvLength ?? sequenceLength));

            long? imageKeys = ImageKeys(c);
            foreach (var group in c.ResolvedGroups)
                foreach (var (name, spec) in Block(c, sequenceLength, batchSize, kvLength, group, group.CrossAttention ? imageKeys : encoder))
                    rows.Add(new LayerRow(stack + group.Name, name, group.Count, spec));

            if (c.FinalNorm)
                rows.Add(new LayerRow(stack + HeadBlock, "final_norm", 1, Norm(c, tokens), Checkpointed: false));
            if (c.Pooler)
            {
                // BERT's pooler: dense + tanh on the first token of each sequence.
                rows.Add(new LayerRow(HeadBlock, "pooler", 1, new LinearSpec(c.ModelDim, c.ModelDim, true, batchSize), Checkpointed: false));
                rows.Add(new LayerRow(HeadBlock, "pooler_activation", 1, new ActivationSpec(ActivationKind.Tanh, (double)batchSize * c.ModelDim), Checkpointed: false));
            }
            if (c.LMHead)
                rows.Add(new LayerRow(stack + HeadBlock, "lm_head", 1,
                    new LMHeadSpec(c.ModelDim, c.VocabSize, c.TiedEmbeddings, c.Bias.LMHead, tokens) { SoftCap = c.FinalSoftCap }, Checkpointed: false));
            if (c.MtpLayers > 0) rows.AddRange(MultiTokenPrediction(c, sequenceLength, batchSize, kvLength));
            return rows;
        }

        public const string EncoderPrefix = "encoder ";
        public const string DecoderPrefix = "decoder ";

        /// <summary>The image tokens a vision cross-attention layer reads per sequence (Mllama); null when no group cross-attends
        /// to images. A decode step reads them from the cache, so they do not depend on the step.</summary>
        private static long? ImageKeys(TransformerConfig c)
        {
            if (!c.ResolvedGroups.Any(g => g.CrossAttention)) return null;
            Require.That(c.Vision != null, "cross_attention_layers", "A vision cross-attention layer needs the model's vision tower.");
            double keys = c.Vision.CrossAttentionKeys;
            Require.That(keys <= Require.MaxDimension, "ImageCount",
                FormattableString.Invariant($"The image tokens cross-attended per sequence must be at most 2^53; got {keys}."));
            return (long)keys;
        }

        /// <summary>The rows before a stack's layers: audio front end, token table, positions, embedding norm.</summary>
        private static IEnumerable<LayerRow> Embeddings(TransformerConfig c, string block, long sequenceLength, long batchSize, long keys)
        {
            double tokens = (double)batchSize * sequenceLength;
            LayerRow Row(string name, LayerSpec spec) => new LayerRow(block, name, 1, spec, Checkpointed: false);
            if (c.AudioMelBins > 0)
            {
                // Whisper's WhisperEncoder: conv1 (mel -> D, k 3, pad 1) and conv2 (D -> D, k 3, stride 2, pad 1), each with GELU,
                // over 2 x the encoder positions (3000 mel frames for 1500 positions).
                long frames = 2 * sequenceLength;
                yield return Row("conv1", new ConvSpec(c.AudioMelBins, c.ModelDim, Dims.Of(3), Dims.Of(frames), Dims.Of(1), Dims.Of(1), Dims.Of(1), 1, true, batchSize));
                yield return Row("conv1_activation", new ActivationSpec(ActivationKind.GELU, (double)frames * batchSize * c.ModelDim));
                yield return Row("conv2", new ConvSpec(c.ModelDim, c.ModelDim, Dims.Of(3), Dims.Of(frames), Dims.Of(2), Dims.Of(1), Dims.Of(1), 1, true, batchSize));
                yield return Row("conv2_activation", new ActivationSpec(ActivationKind.GELU, tokens * c.ModelDim));
            }
            if (c.TokenEmbedding)
                yield return Row("token_embedding", new EmbeddingSpec(c.TokenTableSize ?? c.VocabSize, c.ModelDim, tokens) { Scaled = c.EmbeddingScale });
            if (c.Positions == PositionKind.Learned)
                yield return Row("position_embedding", new PositionEmbeddingSpec(c.PositionTableSize ?? c.MaxSequenceLength ?? sequenceLength, c.ModelDim, tokens));
            if (c.TypeVocabSize > 0)
                yield return Row("token_type_embedding", new PositionEmbeddingSpec(c.TypeVocabSize, c.ModelDim, tokens, TokenTypes: true));
            if (c.EmbeddingNorm)
                yield return Row("embedding_norm", Norm(c, tokens));
            if (c.RelativeAttentionBuckets > 0)
                yield return Row("relative_position_bias",
                    new RelativePositionBiasSpec(c.RelativeAttentionBuckets, c.Heads, batchSize, sequenceLength, keys, c.Layers));
        }

        public const string VisionPrefix = "vision ";
        public const string ProjectorBlock = "projector";

        /// <summary>
        /// A vision tower over <see cref="VisionTowerConfig.ImageCount"/> images per sequence (batch x count images): patch
        /// embedding, class token, positions, pre-norm, its groups of non-causal blocks (caching nothing), the post-norm,
        /// then the projector's steps over the patch tokens (class token dropped), reducers included.
        /// </summary>
        private static IEnumerable<LayerRow> VisionRows(VisionTowerConfig v, long batchSize)
        {
            Require.Positive(v.ImageSize, "ImageSize");
            Require.Positive(v.ImageCount, "ImageCount");
            Require.Positive(v.PatchSize, "patch_size");
            Require.Positive(v.TemporalPatchSize, "temporal_patch_size");
            Require.Positive(v.Tiles, "max_num_tiles");
            Require.Positive(v.FeatureLayers, "intermediate_layers_indices");
            Require.That(v.ImageSize % v.PatchSize == 0, "ImageSize",
                $"The image size ({v.ImageSize} pixels) must be a multiple of the patch size ({v.PatchSize}).");
            Require.That(v.FixedImageSize == 0 || v.ImageSize == v.FixedImageSize, "ImageSize",
                $"This vision tower reads tiles of {v.FixedImageSize} x {v.FixedImageSize} pixels only (its position table is not " +
                $"interpolated); give a larger image as its tiles with -ImageCount.");
            var e = v.Encoder;
            double images = (double)batchSize * v.ImageCount;
            Require.That(images <= Require.MaxDimension, "ImageCount",
                FormattableString.Invariant($"BatchSize x ImageCount must be at most 2^53 images; got {images}."));
            long imageBatch = (long)images;
            double tiles = images * v.Tiles;
            Require.That(tiles <= Require.MaxDimension && (double)v.Tiles * v.Tokens <= Require.MaxDimension, "ImageCount",
                FormattableString.Invariant($"BatchSize x ImageCount x tiles must be at most 2^53 tiles; got {tiles}."));
            // The layers run over all of an image's tiles at once (one tile unless Mllama's max_num_tiles says more).
            long imageLength = v.Tiles * v.Tokens;
            double tokens = images * imageLength;
            LayerRow Row(string block, string name, LayerSpec spec) => new LayerRow(block, name, 1, spec, Checkpointed: false);
            string embeddings = VisionPrefix + EmbeddingsBlock;
            yield return Row(embeddings, "patch_embedding", new ConvSpec(v.Channels * v.TemporalPatchSize, e.ModelDim,
                Dims.Of(v.PatchSize, v.PatchSize), Dims.Of(v.ImageSize, v.ImageSize), Dims.Of(v.PatchSize, v.PatchSize),
                Dims.Of(0, 0), Dims.Of(1, 1), 1, v.PatchBias, (long)tiles));
            if (v.ClassToken) yield return Row(embeddings, "class_token", new ClassTokenSpec(e.ModelDim));
            // Mllama: each tile's aspect-ratio vector, tanh-gated, is added to its positions before and after the local layers.
            var tileVector = new PositionEmbeddingSpec(v.AspectRatios * v.Tiles, e.ModelDim, tokens);
            var tileGate = new LayerScaleSpec(1, tokens * e.ModelDim);
            if (v.AspectRatios > 0)
            {
                yield return Row(embeddings, "pre_tile_position_embedding", tileVector);
                yield return Row(embeddings, "pre_tile_position_gate", tileGate);
            }
            if (v.PositionTableSize > 0)
                yield return Row(embeddings, "position_embedding", new PositionEmbeddingSpec(v.PositionTableSize, e.ModelDim, tokens));
            if (v.AspectRatios > 0)
            {
                // gated_positional_embedding: (1 - tanh g) x the table above + tanh g x a table per aspect ratio of every tile's positions.
                yield return Row(embeddings, "tile_position_embedding", new PositionEmbeddingSpec(v.AspectRatios * imageLength, e.ModelDim, tokens));
                yield return Row(embeddings, "position_gate", tileGate);
            }
            if (v.PreNorm) yield return Row(embeddings, "pre_norm", Norm(e, tokens));
            foreach (var group in e.ResolvedGroups)
                foreach (var (name, spec) in Block(e, imageLength, imageBatch, null, group))
                    yield return new LayerRow(VisionPrefix + group.Name, name, group.Count,
                        spec is AttentionSpec attention ? attention with { Uncached = true } : spec);
            if (v.PostNorm == VisionPostNorm.ClassToken) yield return Row(VisionPrefix + "output", "post_norm", Norm(e, images));
            if (v.PostNorm == VisionPostNorm.AllTokens) yield return Row(VisionPrefix + "output", "post_norm", Norm(e, tokens));
            if (v.AspectRatios > 0)
            {
                // Mllama runs these between its local and global layers; the rows count the same wherever they are listed.
                yield return Row(VisionPrefix + "output", "post_tile_position_embedding", tileVector);
                yield return Row(VisionPrefix + "output", "post_tile_position_gate", tileGate);
            }
            foreach (var row in ProjectorRows(v, e.ModelDim * v.FeatureLayers, (long)tiles)) yield return Row(ProjectorBlock, row.Name, row.Spec);
        }

        /// <summary>The projector's steps over each image's patch tokens, the width and grid tracked from step to step.</summary>
        private static IEnumerable<(string Name, LayerSpec Spec)> ProjectorRows(VisionTowerConfig v, long width, long images)
        {
            long side = v.PatchesPerSide;
            double Rows() => (double)images * (side * side + (v.ProjectsClassToken ? 1 : 0));
            foreach (var step in v.Projector)
            {
                switch (step.Kind)
                {
                    case ProjectorStepKind.Norm:
                        yield return (step.Name, new NormSpec(step.Norm, width, Rows()) { NoShift = !step.Bias });
                        break;
                    case ProjectorStepKind.Linear:
                        yield return (step.Name, new LinearSpec(width, step.Size, step.Bias, Rows()));
                        width = step.Size;
                        break;
                    case ProjectorStepKind.Activation:
                        yield return (step.Name, new ActivationSpec(step.Activation, Rows() * width));
                        break;
                    case ProjectorStepKind.Merge:
                    case ProjectorStepKind.AveragePool:
                        Require.Positive(step.Size, step.Name);
                        Require.That(side % step.Size == 0, "ImageSize",
                            $"{step.Name} takes {step.Size} x {step.Size} patches at a time, so the image's {side} patches per side " +
                            $"must be a multiple of {step.Size} (an image size that is a multiple of {step.Size * v.PatchSize} pixels).");
                        if (step.Kind == ProjectorStepKind.AveragePool)
                            yield return (step.Name, new PoolSpec(PoolKind.Average, width, Dims.Of(step.Size, step.Size), Dims.Of(side, side),
                                Dims.Of(step.Size, step.Size), Dims.Of(0, 0), images));
                        else
                        {
                            double merged = (double)width * step.Size * step.Size;
                            Require.That(merged <= Require.MaxDimension, step.Name, "The merged width must be at most 2^53.");
                            width = (long)merged;
                        }
                        side /= step.Size;
                        break;
                }
            }
        }

        /// <summary>
        /// An encoder-decoder's encoder over <paramref name="length"/> positions: its embeddings (or audio front end), its
        /// groups of non-causal blocks whose self-attention caches nothing, and its final norm, in blocks named "encoder ...".
        /// </summary>
        private static IEnumerable<LayerRow> EncoderRows(TransformerConfig e, long length, long batchSize)
        {
            foreach (var row in Embeddings(e, EncoderPrefix + EmbeddingsBlock, length, batchSize, length)) yield return row;
            foreach (var group in e.ResolvedGroups)
                foreach (var (name, spec) in Block(e, length, batchSize, null, group))
                    yield return new LayerRow(EncoderPrefix + group.Name, name, group.Count,
                        spec is AttentionSpec attention ? attention with { Uncached = true } : spec);
            if (e.FinalNorm)
                yield return new LayerRow(EncoderPrefix + "output", "final_norm", 1, Norm(e, (double)batchSize * length), Checkpointed: false);
        }

        /// <summary>
        /// DeepSeek-V3's multi-token-prediction modules (§2.2, arXiv:2412.19437), as its checkpoint stores each one
        /// (model.layers.61): a copy of the embedding, enorm and hnorm, eh_proj (2D -> D), one transformer layer
        /// (MoE, as layer 61 would be), and shared_head's norm and output projection. Rows outside the main model:
        /// transformers does not build them (its parameter count leaves them out), training with MTP runs them.
        /// </summary>
        private static IEnumerable<LayerRow> MultiTokenPrediction(TransformerConfig c, long sequenceLength, long batchSize, long? kvLength)
        {
            double tokens = (double)batchSize * sequenceLength;
            long n = c.MtpLayers;
            LayerRow Row(string name, LayerSpec spec) => new LayerRow(MtpBlock, name, n, spec, Checkpointed: false, MainModel: false);
            yield return Row("mtp_embedding", new EmbeddingSpec(c.VocabSize, c.ModelDim, tokens));
            yield return Row("mtp_embedding_norm", Norm(c, tokens));
            yield return Row("mtp_hidden_norm", Norm(c, tokens));
            yield return Row("mtp_projection", new LinearSpec(2 * c.ModelDim, c.ModelDim, false, tokens));
            var group = new BlockGroup(MtpBlock, n, AttentionPattern.Full, null, c.MoE != null && c.MoE.IsMoELayer(c.Layers));
            foreach (var (name, spec) in Block(c, sequenceLength, batchSize, kvLength, group))
                yield return new LayerRow(MtpBlock, "mtp_" + name, n, spec, MainModel: false);
            yield return Row("mtp_final_norm", Norm(c, tokens));
            yield return Row("mtp_head", new LMHeadSpec(c.ModelDim, c.VocabSize, false, false, tokens));
        }

        /// <summary>
        /// One transformer block of <paramref name="group"/> (default: the model's first group). Pre-norm and post-norm
        /// blocks count the same. A parallel block (GPT-J, PaLM) shares one norm between attention and FFN and adds
        /// both to the residual. Gemma-2/3 add a norm after attention and after the FFN (four per block).
        /// </summary>
        /// <param name="kvLength">Keys each query can see: the context when decoding with a KV cache; defaults to the sequence length.</param>
        /// <param name="encoderLength">An encoder-decoder's encoder positions: each decoder block cross-attends to them
        /// (norm, cross-attention, residual after the self-attention), as T5's, BART's and Whisper's decoder layers do.</param>
        public static IReadOnlyList<(string Name, LayerSpec Spec)> Block(TransformerConfig c, long sequenceLength, long batchSize,
            long? kvLength = null, BlockGroup group = null, long? encoderLength = null)
        {
            group ??= c.ResolvedGroups[0];
            double tokens = (double)batchSize * sequenceLength;
            if (group.Mixer != MixerKind.Attention) return StateSpaceBlock(c, sequenceLength, batchSize, kvLength, group);
            LayerSpec attention = Attention(c, group, sequenceLength, batchSize, kvLength);
            LayerSpec ffn = FeedForward(c, group, tokens);
            string ffnName = ffn is MoESpec ? "moe" : "feed_forward";
            var norm = Norm(c, tokens);
            var residual = new ResidualSpec(tokens * c.ModelDim);

            if (group.CrossAttention)
            {
                // Mllama's MllamaCrossAttentionDecoderLayer: no self-attention; queries from the text, keys and values
                // projected from the image tokens (text width after the projector), q/k RMSNorm, tanh-gated outputs.
                Require.That(encoderLength.HasValue, "cross_attention_layers", "A vision cross-attention layer needs its image token count.");
                var images = AttentionSpec.Create(c.ModelDim, c.Heads, c.KvHeads, c.HeadDim, batchSize, sequenceLength,
                    encoderLength.Value, null, false, c.Bias.Attention) with
                {
                    CrossAttention = true, KvCached = kvLength.HasValue, QkNorm = group.QkNorm ?? c.QkNorm,
                    AttentionDropout = c.AttentionDropout, HiddenDropout = c.HiddenDropout,
                };
                var gate = new LayerScaleSpec(1, tokens * c.ModelDim);
                return new (string, LayerSpec)[]
                {
                    ("cross_attention_norm", norm), ("cross_attention", images), ("cross_attention_gate", gate), ("cross_attention_residual", residual),
                    ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_gate", gate), ("feed_forward_residual", residual),
                };
            }

            if (encoderLength.HasValue && c.Encoder != null)
            {
                var cross = AttentionSpec.Create(c.ModelDim, c.Heads, c.KvHeads, c.HeadDim, batchSize, sequenceLength,
                    encoderLength.Value, null, false, c.Bias.Attention) with
                {
                    CrossAttention = true, KvCached = kvLength.HasValue, AttentionDropout = c.AttentionDropout, HiddenDropout = c.HiddenDropout,
                };
                return new (string, LayerSpec)[]
                {
                    ("attention_norm", norm), ("attention", attention), ("attention_residual", residual),
                    ("cross_attention_norm", norm), ("cross_attention", cross), ("cross_attention_residual", residual),
                    ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_residual", residual),
                };
            }

            if (c.ParallelBlock)
                return new (string, LayerSpec)[]
                {
                    ("norm", norm), ("attention", attention), (ffnName, ffn),
                    ("attention_residual", residual), ("feed_forward_residual", residual),
                };
            if (c.PostNorms)
                return new (string, LayerSpec)[]
                {
                    ("attention_norm", norm), ("attention", attention), ("attention_post_norm", norm), ("attention_residual", residual),
                    ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_post_norm", norm), ("feed_forward_residual", residual),
                };
            if (group.Gated)
            {
                var gate = new LayerScaleSpec(1, tokens * c.ModelDim);
                return new (string, LayerSpec)[]
                {
                    ("attention_norm", norm), ("attention", attention), ("attention_gate", gate), ("attention_residual", residual),
                    ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_gate", gate), ("feed_forward_residual", residual),
                };
            }
            return new (string, LayerSpec)[]
            {
                ("attention_norm", norm), ("attention", attention), ("attention_residual", residual),
                ("feed_forward_norm", norm), (ffnName, ffn), ("feed_forward_residual", residual),
            };
        }

        /// <summary>
        /// A block whose positions a state-space mixer mixes: pre-norm, the mixer (with attention beside it on the same
        /// norm for a parallel hybrid, Falcon-H1, their outputs summed), the residual, then the FFN sub-block when the group
        /// has one (Jamba, Falcon-H1; Mamba's blocks are the mixer alone).
        /// </summary>
        private static IReadOnlyList<(string Name, LayerSpec Spec)> StateSpaceBlock(TransformerConfig c, long sequenceLength, long batchSize,
            long? kvLength, BlockGroup group)
        {
            double tokens = (double)batchSize * sequenceLength;
            var norm = Norm(c, tokens);
            var residual = new ResidualSpec(tokens * c.ModelDim);
            var mixer = c.StateSpace.Mixer(c.ModelDim, batchSize, sequenceLength, decoding: kvLength.HasValue);
            string mixerName = c.StateSpace.Kind switch
            {
                StateSpaceKind.Mamba => "mamba",
                StateSpaceKind.Mamba2 => "mamba2",
                _ => "linear_attention",
            };
            var rows = new List<(string, LayerSpec)> { (mixerName + "_norm", norm) };
            if (group.Mixer == MixerKind.AttentionAndStateSpace)
            {
                rows.Add(("attention", Attention(c, group, sequenceLength, batchSize, kvLength)));
                rows.Add((mixerName, mixer));
                rows.Add(("mixer_sum", residual));
            }
            else rows.Add((mixerName, mixer));
            rows.Add((mixerName + "_residual", residual));
            if (group.FeedForward)
            {
                var ffn = FeedForward(c, group, tokens);
                rows.Add(("feed_forward_norm", norm));
                rows.Add((ffn is MoESpec ? "moe" : "feed_forward", ffn));
                rows.Add(("feed_forward_residual", residual));
            }
            return rows;
        }

        private static LayerSpec FeedForward(TransformerConfig c, BlockGroup group, double tokens) =>
            group.MoE && c.MoE != null
                ? new MoESpec(c.ModelDim, c.MoE.ExpertFfnDim, c.MoE.Experts, c.MoE.TopK, c.MoE.SharedExperts,
                    c.Ffn, c.Activation, c.MoE.ExpertBias ?? c.Bias.FeedForward, tokens)
                {
                    SharedHiddenDim = c.MoE.SharedExpertFfnDim, SharedGate = c.MoE.SharedExpertGate, RouterBias = c.MoE.RouterBias,
                    SigmoidRouter = c.MoE.SigmoidRouter, HiddenDropout = c.HiddenDropout,
                }
                : (LayerSpec)new FeedForwardSpec(c.ModelDim, c.FfnDim, c.Ffn, c.Activation, c.Bias.FeedForward, tokens)
                { HiddenDropout = c.HiddenDropout };

        private static LayerSpec Attention(TransformerConfig c, BlockGroup group, long sequenceLength, long batchSize, long? kvLength)
        {
            var mla = c.LatentAttention;
            if (mla != null)
            {
                var latent = new LatentAttentionSpec(c.ModelDim, c.Heads, mla.QLoraRank, mla.KvLoraRank, mla.QkNopeHeadDim,
                    mla.QkRopeHeadDim, mla.VHeadDim, batchSize, sequenceLength, kvLength ?? sequenceLength, c.Causal, c.Bias.Query)
                { KvCached = kvLength.HasValue, AttentionDropout = c.AttentionDropout, HiddenDropout = c.HiddenDropout };
                latent.Validate();
                return latent;
            }
            long? window = group.Attention == AttentionPattern.Sliding ? group.Span : null;
            return AttentionSpec.Create(c.ModelDim, c.Heads, c.KvHeads, c.HeadDim, batchSize,
                sequenceLength, kvLength, window, c.Causal, c.Bias.Attention) with
            {
                KvCached = kvLength.HasValue,
                Chunk = group.Attention == AttentionPattern.Chunked ? group.Span : null,
                QkNorm = group.QkNorm ?? c.QkNorm, Sinks = c.AttentionSinks, SoftCap = c.AttentionSoftCap, OutputGate = c.AttentionOutputGate,
                AttentionDropout = c.AttentionDropout, HiddenDropout = c.HiddenDropout,
            };
        }

        private static NormSpec Norm(TransformerConfig c, double tokens) =>
            new NormSpec(c.Norm, c.ModelDim, tokens) { NoShift = !c.NormBias };

        private static void Validate(TransformerConfig c)
        {
            Require.Positive(c.Layers, "layers");
            Require.Positive(c.ModelDim, "model_dim");
            var groups = c.ResolvedGroups;
            if (groups.Any(g => g.HasAttention)) Require.Positive(c.Heads, "heads");
            Require.That(c.StateSpace != null || !groups.Any(g => g.HasStateSpace), "state_space",
                "A state-space layer needs the state-space mixer's settings.");
            Require.Positive(c.VocabSize, "vocab_size");
            if (groups.Any(g => g.FeedForward && !(g.MoE && c.MoE != null))) Require.Positive(c.FfnDim, "ffn_dim");
            Require.That(c.ResolvedGroups.Sum(g => (double)g.Count) == c.Layers, "layers", "The block groups must add up to the layer count.");
        }
    }
}
