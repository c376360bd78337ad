# Help source for the PSFlops cmdlets. build.ps1 turns it into out/PSFlops/en-US/PSFlops.dll-Help.xml
# (tools/Build-Help.ps1), taking parameter sets, types and pipeline input from the built module itself.
# Every parameter of every exported cmdlet needs a description here (or under Shared); the build fails otherwise.
@{
    Shared = @{
        Model = 'One or more built-in model names (Get-ModelDefinition lists them, e.g. llama-3.1-8b, gpt2, resnet-50). Wildcards are allowed. A name that matches nothing is written as an error, with the nearest names suggested.'
        Path = 'Paths of model files to load: YAML model definitions (see about_PSFlops_Models) or Hugging Face config.json files. Wildcards are resolved through the PowerShell provider.'
        LiteralPath = 'Paths of model files, used exactly as typed (no wildcard expansion). Binds the PSPath property of objects from Get-ChildItem, so files can be piped in.'
        InputObject = 'A model definition, usually piped from Get-ModelDefinition.'
        SequenceLength = 'Tokens per sequence. An array sweeps over several lengths, writing one result per value. Defaults to the sequence_length of the model file (1 for a single layer).'
        BatchSize = 'Sequences (or samples, for image models) per batch. An array sweeps over several batch sizes. Defaults to the batch_size of the model, else 1.'
        Convention = 'What a FLOP count includes. Full (the default here) counts matmuls and convolutions plus elementwise work (norms, activations, softmax, residual adds); Matmul counts matmuls and convolutions only, as fvcore, Megatron and PaLM do. See about_PSFlops.'
        CausalMask = 'Count only the query-key pairs a causal mask keeps, S(S+1)/2 per head instead of S x S_kv, for causal (decoder) self-attention. Off by default (the full S x S_kv square).'
        EncoderSequenceLength = 'Positions the encoder of an encoder-decoder model (T5, mT5, BART, Whisper) reads; -SequenceLength is then the decoder''s. Defaults to the model''s own (Whisper: 1500, its 30 s of audio), else the decoder''s sequence length. Ignored for other models.'
        # The image workload (ModelSourceCommandBase), for multimodal models' vision towers.
        ImageSize = 'Pixels per side of each (square) image a multimodal model''s vision tower reads: it sets the patches per image, (ImageSize / patch_size)^2, and the image tokens the projector gives the language model. Defaults to the config''s image_size (gemma3: 896, llava: 336); qwen2_5_vl names none and defaults to 448 (1,024 patches, 256 tokens). Must be a multiple of the patch size, and of the patch size times the merge or pool factor where the projector has one. Parameters never change with it. Ignored for models without a vision tower.'
        ImageCount = 'Images per sequence for a multimodal model''s vision tower (default 1): every vision row runs over BatchSize x ImageCount images. -SequenceLength counts the image tokens among its tokens. Ignored for models without a vision tower.'
        # The planning parameters (PlanningCommandBase), shared by every planner.
        Hardware = 'Devices: names or aliases from the hardware table (Get-Hardware lists them), or hardware objects from Get-Hardware, including rows read with Get-Hardware -Path, which are used as they are (never replaced by a built-in row of the same name). An array sweeps. A Get-Hardware object piped in binds by its Hardware property.'
        DataType = 'Weights and compute, whose peak is used: BF16 (default), FP16, FP32, FP64, TF32, FP8, INT8, FP4 or INT4 (INT4 weights compute at INT8).'
        KvCacheType = 'Data type of the KV cache; defaults to -DataType (BF16 for INT4 weights). Alias KvCacheDataType.'
        TensorParallel = 'Tensor-parallel size (default 1); an array sweeps. Must divide the query heads (KV heads are replicated when it exceeds them).'
        PipelineParallel = 'Pipeline-parallel size (default 1); an array sweeps. At most the layer count.'
        DataParallel = 'Data-parallel size (default 1, or -DeviceCount / (TP x PP x CP)); an array sweeps.'
        ExpertParallel = 'Expert-parallel size (default 1); must divide the experts and DataParallel x TensorParallel x ContextParallel, as in Megatron-LM. It adds no devices.'
        ContextParallel = 'Context-parallel size (default 1): each sequence is split over this many devices; must divide -SequenceLength.'
        VirtualPipelineStages = 'Model chunks per pipeline stage for interleaved 1F1B (default 1, no interleaving); needs -PipelineParallel above 1.'
        SequenceParallel = 'Megatron sequence parallelism (off by default): with tensor parallelism, also splits the norm, dropout and layer-input activations, and the layer inputs kept under full recomputation.'
        ZeroStage = 'ZeRO stage 0 (default) to 3: 1 shards optimizer states over the data-parallel group, 2 also gradients, 3 also weights. An array sweeps.'
        DeviceCount = 'Devices in all, the product TP x PP x DP x CP, which is what DeviceCount means on every output. Given alone it is the data-parallel size; given with -DataParallel it must equal the product (error DeviceCountLayout).'
        MicroBatchSize = 'Sequences per device per forward pass; defaults to -BatchSize. An array sweeps.'
        GlobalBatchSize = 'Sequences per optimizer step across the data-parallel group; must be a multiple of MicroBatchSize x DataParallel. An array sweeps.'
        Recompute = 'Activation recomputation: None (default), Selective (the attention scores, softmax and dropout are rebuilt) or Full (each layer is rebuilt from its input). Adds to hardware FLOPs and, in memory, the working set of the one layer being rebuilt.'
        FlashAttention = 'Flash attention, on by default as every current stack runs it: no S x S scores are stored. -FlashAttention:$false models eager attention (Korthikanti et al. 2022).'
        ScaleUpGBps = 'Per-device scale-up (NVLink-class) bandwidth in GB/s, both directions together, for a cluster that differs from the hardware row. Carried to the step-time model.'
        ScaleUpDomain = 'Devices per scale-up domain (8 on DGX/HGX, 72 on NVL72), overriding the hardware row. Carried to the step-time model.'
        ScaleOutGbps = 'Per-device scale-out network in Gbit/s (400 on DGX H100), overriding the hardware row. Carried to the step-time model.'
    }
    Commands = @{
        'Get-ModelMemory' = @{
            Synopsis = 'Gets the memory per device a model needs for training or inference, and whether it fits a device.'
            Description = @(
                'For training, Get-ModelMemory adds the weights, gradients and optimizer states (mixed precision with an fp32 master copy and Adam moments by default: the (2 + 2 + 12) bytes per parameter of the ZeRO paper) and the activations of a micro-batch (Korthikanti et al. 2022, generalised to grouped-query attention and gated FFNs). Model states are split by tensor and pipeline parallelism and sharded over the data-parallel size by ZeRO stage 1 to 3.'
                'With -Inference it adds the weights at -DataType and the KV cache at the context length (-SequenceLength) instead. With -Hardware it gives the fraction of the device memory used, whether the total fits after a reserve for the framework (-ReserveFraction, 10 % by default), and the smallest power-of-two tensor-parallel (and, with ZeRO, data-parallel) size that fits.'
                'Bytes are raw numbers; the default view prints GB (10^9 bytes, as datasheets print device memory). docs/memory.md derives every term.'
            )
            Parameters = @{
                Parameters = 'A bare parameter count: only weights, gradients and optimizer states are counted (no activations), for quick ZeRO-style questions.'
                DataType = 'Weights and gradients (training) or weights (inference): BF16 (default), FP16, FP32, FP64, TF32, FP8, INT8, FP4 or INT4. Training in any type under 4 bytes keeps an fp32 master copy.'
                KvCacheType = 'Data type of the KV cache with -Inference; defaults to -DataType (BF16 for INT4 weights). Refused without -Inference (error ParameterNotUsed).'
                Optimizer = 'Adam (default; two fp32 moments), SgdMomentum (one) or Adafactor (factored moments, not counted).'
                ZeroStage = 'ZeRO stage 0 to 3: 1 shards the optimizer states over -DataParallel devices, 2 also the gradients, 3 also the weights.'
                DataParallel = 'Data-parallel size; shrinks memory only through ZeRO sharding.'
                TensorParallel = 'Tensor-parallel size: model states and the activations inside attention and the FFN split evenly; the KV cache splits over at most as many devices as there are KV heads.'
                PipelineParallel = 'Pipeline-parallel size: model states, and with -Inference the KV cache, split over the stages; training activations do not shrink (with 1F1B the first stage holds every layer''s worth, Korthikanti Eq. 5), the last stage adds the logits.'
                Recompute = 'Activation recomputation: None (default) keeps every activation, Selective drops the S x S attention tensors, Full keeps only each layer''s input; both add the working set of the one layer being rebuilt. Refused with -Inference.'
                SequenceParallel = 'Megatron sequence parallelism: with tensor parallelism, also splits the norm, dropout and layer-input activations.'
                FlashAttention = 'Flash attention, on by default: no S x S scores, softmax or dropout tensors are kept for the backward pass. -FlashAttention:$false models eager attention with them (Korthikanti et al. 2022, Table 2).'
                Inference = 'Count weights and the KV cache for serving instead of training state; -SequenceLength is the context length.'
                Hardware = 'Devices for the verdict (names, or objects from Get-Hardware used as they are): Fraction, Fits, the smallest TP, PP (and with ZeRO, DP) that fit, and SmallestLayout, the fitting layout with fewest devices, its TP within the row''s scale-up domain (8 on HGX H100) when the row gives one. Device memory is the runtime''s total (memory_bytes), not the printed figure.'
                ScaleUpDomain = 'Devices per scale-up domain, overriding the hardware row: SmallestLayout keeps TP within it and grows PP, then DP (72 on an NVL72 rack admits TP 64).'
                ReserveFraction = 'Share of the device memory kept back for the framework (CUDA context, allocator fragmentation, communication buffers); 0.1 by default, the complement of vLLM''s default gpu_memory_utilization of 0.9.'
            }
            Examples = @(
                @{ Code = 'Get-ModelMemory -Model llama-2-70b -Inference -SequenceLength 4096 -Hardware H100-SXM'; Remarks = 'Llama 2 70B in BF16 does not fit one 80 GB H100 for inference; MinTensorParallel says two do.' }
                @{ Code = 'Get-ModelMemory llama-3.1-405b -Inference -SequenceLength 8192 -Hardware H100-SXM | Select-Object Fits, SmallestLayout, MinDeviceCount'; Remarks = 'The smallest layout that serves Llama 3.1 405B: TP 8 x PP 2, 16 devices.' }
                @{ Code = 'Get-TrainingEstimate llama-3.1-8b -Hardware H100-SXM -DeviceCount 64 -TensorParallel 8 -ZeroStage 1 | Get-ModelMemory'; Remarks = 'The memory of a planned run: the layout, ZeRO stage and device pipe through.' }
                @{ Code = 'Get-ModelMemory -Parameters 7.5e9 -ZeroStage 1 -DataParallel 64'; Remarks = 'The ZeRO paper''s example: 7.5B parameters on 64 devices with optimizer-state sharding, 31.4 GB per device.' }
                @{ Code = 'Get-ModelMemory -Model llama-3.1-70b -SequenceLength 8192 -TensorParallel 8 -SequenceParallel -ZeroStage 3 -DataParallel 8 -Recompute Selective -Hardware H100'; Remarks = 'A 70B fine-tune at 8K context on 64 H100s.' }
            )
        }
        'Get-LayerFlops' = @{
            Synopsis = 'Gets the FLOPs, MACs and parameters of a single layer, or of every layer of a model.'
            Description = @(
                'Get-LayerFlops computes the forward cost of one layer from its dimensions (the Type parameter set), or breaks a whole model down layer by layer (the Model, Path, LiteralPath and Definition parameter sets).'
                'For a single layer, give -Type and the dimensions that layer needs (for example -InputDim and -OutputDim for Linear, or -InputChannels, -OutputChannels, -KernelSize and -InputSize for Conv2d). For a model, one row is written per distinct layer with a Count of how many times it repeats; -Expand writes every occurrence instead.'
                'FLOPs are 2 x MACs for matmuls and convolutions. Elementwise work is included under -Convention Full (the default) and left out under -Convention Matmul. -SequenceLength and -BatchSize accept arrays and sweep.'
                'Layers can also come from the pipeline: objects (or, with -Type given, hashtables) whose properties are named like the dimension parameters (Type, InputDim, OutputDim, SequenceLength, ...), such as Import-Csv rows. Only the properties the layer type uses are read, so other columns are ignored and a blank cell counts as not given; a list dimension can be written "3,3" or "224x224" in one cell. A dimension given on the command line overrides the piped one. A bad row is written as an error and the other rows still come out.'
            )
            Parameters = @{
                Layer = 'A layer as an object or hashtable whose properties are named like the dimension parameters, for example an Import-Csv row; binds from the pipeline. Given on the command line it needs -Type and cannot be combined with piped objects; it is for single layers only, not with -Model, -Path, -LiteralPath or a definition. A piped object with none of the properties its layer type uses is an error (LayerPropertiesMissing).'
                Type = 'The kind of layer (from the command line or each piped object''s Type property): Linear, Conv1d, Conv2d, Conv3d, Attention, FeedForward, LayerNorm, RMSNorm, Activation, Softmax, Embedding, LMHead, MoE, BatchNorm, Pool, or Residual. (PositionEmbedding, TokenTypeEmbedding, ClassToken, SqueezeExcitation and LayerScale appear in model rows only; they cannot be built from dimensions.)'
                InputDim = 'Input features of a Linear layer (D_in).'
                OutputDim = 'Output features of a Linear layer (D_out).'
                Bias = 'The layer has a bias; adds one FLOP per output element and the bias parameters.'
                InputChannels = 'Input channels of a convolution, batch norm or pooling layer.'
                OutputChannels = 'Output channels of a convolution.'
                KernelSize = 'Kernel size of a convolution or pooling layer, one value per spatial dimension (or one value for all).'
                InputSize = 'Spatial input size of a convolution, pooling or batch-norm layer, one value per spatial dimension (for example 224,224).'
                Stride = 'Convolution or pooling stride per spatial dimension; default 1 for convolutions and the kernel size for pooling.'
                Padding = 'Zero padding per spatial dimension; default 0.'
                Dilation = 'Convolution dilation per spatial dimension; default 1.'
                Groups = 'Convolution groups; C_in/groups input channels feed each output channel. Default 1.'
                ModelDim = 'Model (hidden) dimension D of an attention, feed-forward, norm, MoE, embedding or LM head layer.'
                Heads = 'Query heads of an attention layer.'
                KvHeads = 'Key/value heads of an attention layer; defaults to -Heads (multi-head attention). Fewer gives grouped-query attention, 1 multi-query attention.'
                HeadDim = 'Dimension of each attention head; defaults to ModelDim / Heads.'
                KvLength = 'Key/value length S_kv each query attends to; defaults to the sequence length (self-attention).'
                Window = 'Sliding-window size; each query attends to at most this many keys.'
                HiddenDim = 'Hidden dimension F of a feed-forward or MoE expert layer.'
                Gated = 'The feed-forward layer is gated (SwiGLU, GeGLU): gate, up and down projections, 6 T D F FLOPs instead of 4 T D F.'
                Activation = 'Activation function: ReLU, GELU (default), SiLU or Tanh, or the graph-form Sigmoid, HardSigmoid, HardSwish and ReLU6. Used by Activation layers and feed-forward layers; with -Gated, GELU gives GeGLU and any other SwiGLU.'
                Experts = 'Number of experts E of a mixture-of-experts layer.'
                TopK = 'Experts each token is routed to (k) in a mixture-of-experts layer.'
                SharedExperts = 'Experts every token goes through in addition to the routed ones (MoE).'
                Elements = 'Number of elements per token for elementwise layers (LayerNorm, RMSNorm, Activation, Softmax, Residual) when no model dimension applies.'
                VocabSize = 'Vocabulary size V of an Embedding or LMHead layer.'
                Tied = 'The LM head shares the embedding matrix, so it adds no parameters.'
                Pool = 'Pooling kind, Max (default) or Average.'
                Expand = 'With a model, writes every occurrence of a repeated layer (named Name[i]) instead of one row with a Count.'
                Phase = 'With a model: a prefill (Prefill, -SequenceLength is the prompt) or a decode step (Decode, -SequenceLength is the cached context) instead of FLOPs rows. Each layer gets the bytes it moves (weights, activations, KV cache read and written, counted operator by operator as LLM-Viewer does, with fused attention), its arithmetic intensity and, with -Hardware, its roofline time and whether it is memory- or compute-bound. See docs/inference.md.'
                Hardware = 'With -Phase: the device (name, alias, or a Get-Hardware object) whose peak and bandwidth give each layer''s roofline time and bound.'
                DataType = 'With -Phase: the weights'' data type and the compute type whose peak is used (BF16 by default); activations stay 16-bit.'
                KvCacheType = 'With -Phase: the KV cache''s data type; defaults to -DataType (BF16 for INT4 weights).'
            }
            Examples = @(
                @{ Code = 'Get-LayerFlops llama-3.1-8b -Phase Decode -SequenceLength 8192 -BatchSize 16 -Hardware H100-SXM'; Remarks = 'One decode step of 16 sequences at an 8K context on an H100, layer by layer: the projections and FFN are memory-bound at this batch, and the attention row, which reads the KV cache, has an intensity near 1 FLOP per byte.' }
                @{ Code = 'Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 14336 -SequenceLength 2048'; Remarks = 'FLOPs and parameters of one 4096 -> 14336 linear layer over 2048 tokens: 2 x 2048 x 4096 x 14336 FLOPs.' }
                @{ Code = 'Get-LayerFlops -Type Conv2d -InputChannels 3 -OutputChannels 64 -KernelSize 7 -InputSize 224,224 -Stride 2 -Padding 3'; Remarks = 'The first convolution of a ResNet on a 224 x 224 image.' }
                @{ Code = 'Get-LayerFlops -Model resnet-50 | Sort-Object Flops -Descending | Select-Object -First 5'; Remarks = 'The five most expensive layers of ResNet-50.' }
                @{ Code = 'Get-LayerFlops -Model llama-3.1-8b | Sort-Object TotalFlops -Descending | Format-Table -View Ranked'; Remarks = 'Every layer of Llama 3.1 8B, most expensive first, as one table with the block in a column (the default view heads each run of one block, which a sort across blocks breaks up).' }
                @{ Code = 'Get-LayerFlops -Model llama-3.1-8b -SequenceLength 4096 -Convention Matmul'; Remarks = 'The per-layer breakdown of Llama 3.1 8B at 4096 tokens, counting matmuls only.' }
                @{ Code = 'Get-LayerFlops -Model deepseek-v3 -SequenceLength 4096 | Where-Object Block -Like "layers*"'; Remarks = 'DeepSeek-V3 by block group: "layers 0-2 dense" (Count 3) and "layers 3-60 moe" (Count 58), each a count, never expanded layer by layer. The multi-token-prediction module comes in block "mtp", outside the main model''s totals.' }
                @{ Code = 'Import-Csv ./layers.csv | Get-LayerFlops | Export-Csv ./layer-costs.csv'; Remarks = 'Counts every row of a CSV with columns such as Type, InputDim, OutputDim and SequenceLength; a row that cannot be counted is written as an error and the others still come out.' }
            )
        }
        'Get-ModelFlops' = @{
            Synopsis = 'Gets the forward, backward, training and hardware FLOPs of whole models, in total and per token.'
            Description = @(
                'Get-ModelFlops computes the cost of a whole model: parameters, active parameters (for mixture-of-experts models), forward FLOPs, backward FLOPs (2 x forward), training FLOPs (3 x forward) and hardware FLOPs (training plus any activation recomputation), in total and per token.'
                'The model is a built-in name (-Model), a YAML model file or Hugging Face config.json (-Path, -LiteralPath), or a definition piped from Get-ModelDefinition. -SequenceLength and -BatchSize accept arrays and sweep, one result per combination.'
            )
            Parameters = @{
                Recompute = 'Activation recomputation during the backward pass, which adds to HardwareFlops only: None (default), Selective (Megatron selective recomputation of attention scores, softmax and scores x V) or Full (the whole forward pass once more).'
            }
            Examples = @(
                @{ Code = 'Get-ModelFlops -Model llama-3.1-8b -SequenceLength 8192'; Remarks = 'Parameters, forward and training FLOPs of Llama 3.1 8B on one 8192-token sequence.' }
                @{ Code = 'Get-ModelFlops -Model gpt2 -SequenceLength 512,1024 -Convention Matmul'; Remarks = 'A sweep over two sequence lengths for GPT-2, counting matmuls only.' }
                @{ Code = 'Get-ModelDefinition -Name llama-* | Get-ModelFlops -Recompute Full'; Remarks = 'Every built-in Llama model, with full activation recomputation in the hardware FLOPs.' }
                @{ Code = 'Get-ModelFlops -Model resnet-50 -BatchSize 32'; Remarks = 'ResNet-50 forward and training FLOPs for a batch of 32 images.' }
                @{ Code = 'Get-ModelFlops -LiteralPath ./Qwen2.5-VL-7B-Instruct/config.json -SequenceLength 2048 -ImageSize 896 -ImageCount 2'; Remarks = 'A multimodal config.json as one model: Parameters count the vision tower, the merger and the language model (8,292,166,656 for Qwen2.5-VL-7B), and the FLOPs include the tower over two 896 x 896 images per sequence (4,096 patches, 1,024 tokens each).' }
            )
        }
        'Get-ModelDefinition' = @{
            Synopsis = 'Lists the built-in models, or loads model files (YAML or Hugging Face config.json), as definitions to pipe on.'
            Description = @(
                'Get-ModelDefinition writes ModelDefinition objects: the built-in models whose names match -Name (all of them by default), or the models in the files given with -Path or -LiteralPath.'
                'A file is a YAML model definition in transformer form or layer-graph form, or a Hugging Face config.json of one of 39 model types (bart, bert, cohere, deepseek_v2, deepseek_v3, falcon, falcon_h1, falcon_mamba, gemma, gemma2, gemma3, gemma3_text, gpt2, gpt_neox, gpt_oss, granite, jamba, kimi_k2, llama, llama4, llama4_text, llava, mamba, mamba2, mistral, mixtral, mllama, mt5, olmo2, phi3, qwen2, qwen2_5_vl, qwen2_moe, qwen3, qwen3_moe, qwen3_next, starcoder2, t5, whisper; see about_PSFlops_Models). Errors in a file name the file, line and column.'
                'Pipe the definitions into Get-ModelFlops, Get-LayerFlops or Measure-TransformerBlock.'
            )
            Parameters = @{
                Name = 'Names of built-in models; wildcards are allowed. Defaults to * (every built-in model).'
                Path = 'Paths of model files (YAML or Hugging Face config.json); wildcards are resolved through the PowerShell provider.'
                LiteralPath = 'Paths of model files, used exactly as typed. Binds the PSPath property of piped file objects.'
            }
            Examples = @(
                @{ Code = 'Get-ModelDefinition'; Remarks = 'Lists every built-in model.' }
                @{ Code = 'Get-ModelDefinition -Name gpt2*'; Remarks = 'The GPT-2 family: gpt2, gpt2-medium, gpt2-large and gpt2-xl.' }
                @{ Code = 'Get-ModelDefinition -Path ./my-model.yaml | Get-ModelFlops'; Remarks = 'Loads a model file and computes its FLOPs.' }
            )
        }
        'Measure-TransformerBlock' = @{
            Synopsis = 'Measures one transformer block: its parameters and forward FLOPs by component.'
            Description = @(
                'Measure-TransformerBlock breaks down one transformer block (attention, feed-forward or mixture-of-experts, norms and residuals) from its dimensions (the Dimensions parameter set), or the block of a transformer-form model.'
                'In the Dimensions set the block is causal, uses a plain MLP with GELU and LayerNorm unless told otherwise, and has a feed-forward dimension of 4 x ModelDim by default. Layer-graph models are rejected with an error.'
                'For an encoder-decoder model (T5, BART, Whisper) the block is the decoder''s: self-attention, cross-attention whose keys and values come from -EncoderSequenceLength encoder positions (default: the model''s encoder_sequence_length, else -SequenceLength), and the FFN; the record''s EncoderSequenceLength says which. A state-space model''s block is its first group''s: norm and mixer, and the FFN where the block has one.'
            )
            Parameters = @{
                ModelDim = 'Model (hidden) dimension D of the block.'
                Heads = 'Query heads.'
                KvHeads = 'Key/value heads; defaults to -Heads. Fewer gives grouped-query attention, 1 multi-query attention.'
                HeadDim = 'Dimension of each head; defaults to ModelDim / Heads.'
                FfnDim = 'Feed-forward hidden size F; defaults to 4 x ModelDim. With -Experts, the size of each expert.'
                Ffn = 'Feed-forward kind: Mlp (default; D -> F -> D), SwiGlu or GeGlu (gated: gate, up and down projections).'
                Activation = 'Activation of a plain MLP: ReLU, GELU (default), SiLU or Tanh (or Sigmoid, HardSigmoid, HardSwish, ReLU6).'
                Norm = 'Normalisation: LayerNorm (default) or RMSNorm.'
                Window = 'Sliding-window size of the attention.'
                Experts = 'Number of experts; makes the feed-forward a mixture-of-experts layer.'
                TopK = 'Experts each token is routed to; default 1.'
                Bias = 'Biases on every linear layer of the block.'
                ParallelBlock = 'Attention and feed-forward run side by side on one norm (GPT-J, PaLM).'
            }
            Examples = @(
                @{ Code = 'Measure-TransformerBlock -ModelDim 4096 -Heads 32 -KvHeads 8 -FfnDim 14336 -Ffn SwiGlu -Norm RMSNorm -SequenceLength 8192'; Remarks = 'One Llama-3.1-8B-shaped block over 8192 tokens.' }
                @{ Code = 'Measure-TransformerBlock -Model gpt2 -SequenceLength 1024'; Remarks = 'One GPT-2 block at 1024 tokens.' }
                @{ Code = 'Measure-TransformerBlock -Model mixtral-8x7b -CausalMask -Convention Matmul'; Remarks = 'One Mixtral block, counting only the unmasked query-key pairs and matmuls only.' }
                @{ Code = 'Measure-TransformerBlock -Model t5-v1_1-base -SequenceLength 16 -EncoderSequenceLength 1024 -Convention Matmul'; Remarks = 'One T5 decoder block over 16 tokens whose cross-attention reads 1024 encoder positions: 2,731,278,336 FLOPs.' }
            )
        }
        'Get-Hardware' = @{
            Synopsis = 'Gets accelerators from the hardware table: dense peak FLOP/s per data type, memory and bandwidth.'
            Description = @(
                'Get-Hardware writes the rows of the built-in accelerator table (NVIDIA V100 to B200, AMD MI250X to MI325X, Google TPU v4 and v5e, and others): dense peak FLOP/s per data type, memory size and memory bandwidth, each with its datasheet source. Peaks are dense (no structured sparsity).'
                'Names and aliases match case-insensitively, with wildcards. -Path adds rows from a YAML file of the same schema as the built-in table; a row with the name of a built-in row replaces it.'
            )
            Parameters = @{
                Name = 'Names or aliases of accelerators, e.g. H100-SXM, A100-SXM-80GB, TPUv4; wildcards allowed. Defaults to * (every row).'
                Path = 'YAML files of the same schema as the built-in hardware table; their rows add to or replace built-in rows for this call.'
            }
            Examples = @(
                @{ Code = 'Get-Hardware'; Remarks = 'The whole hardware table.' }
                @{ Code = 'Get-Hardware -Name H100-SXM, A100-SXM-80GB, TPUv4'; Remarks = 'Three accelerators by name.' }
                @{ Code = 'Get-Hardware -Name ''A100*'''; Remarks = 'Every A100 variant.' }
            )
        }
        'Get-ModelMfu' = @{
            Synopsis = 'Gets the model FLOPs utilisation (MFU) and hardware FLOPs utilisation (HFU) of a training run from its throughput.'
            Description = @(
                'Get-ModelMfu divides the FLOP/s a training run achieves by the peak of the devices it runs on. MFU counts model FLOPs (forward plus backward, 3 x forward, no recomputation); HFU counts hardware FLOPs, which include activation recomputation.'
                'The work per token comes from any model source (-Model, position 0; -Path or -LiteralPath for YAML or config.json; definitions from the pipeline), counted exactly, as 6N or with the PaLM formula (-Method), or is given with -FlopsPerToken. The throughput is -TokensPerSecond, or -StepTime with -GlobalBatchSize (or -BatchSize) and -SequenceLength. The peak comes from -Hardware and -DataType, or is given with -PeakTFlopsPerSecond. DeviceCount is the product of the layout (TP x PP x DP x CP); -DeviceCount alone is the data-parallel size.'
                'Arrays of models, -SequenceLength, -Hardware and the layout parameters sweep, one result per combination. Every parameter except -Convention and -CausalMask binds by property name, so Get-ModelFlops objects and CSV rows of runs pipe straight in; a piped Get-ModelFlops object is counted again under this call''s -Convention (Matmul by default), -CausalMask (off by default) and -Recompute.'
            )
            Parameters = @{
                Model = 'Built-in models (position 0, wildcards allowed); their training work per token is counted. An array sweeps.'
                FlopsPerToken = 'Training (model) FLOPs per token, given instead of a model (its own parameter set). Binds TrainingFlopsPerToken by property name.'
                HardwareFlopsPerToken = 'Hardware FLOPs per token (including recomputation), for HFU; defaults to -FlopsPerToken.'
                Method = 'How the work per token is computed from -Model: Exact (default; the layer-by-layer count, 3 x forward), SixN (6 x active parameters) or PaLM (6N plus 12 L H d_h S attention work, from the PaLM paper).'
                TokensPerSecond = 'Training throughput in tokens per second across all devices.'
                StepTime = 'Seconds per optimizer step; with -GlobalBatchSize (or -BatchSize) sequences of -SequenceLength tokens gives tokens per second.'
                BatchSize = 'Sequences per optimizer step, used with -StepTime when -GlobalBatchSize is not given.'
                SequenceLength = 'Tokens per sequence; used with -StepTime, and as the sequence length of the exact count (default: the model file''s sequence_length).'
                Hardware = 'Accelerators, by name or alias (Get-Hardware lists them), e.g. H100-SXM, or hardware objects from Get-Hardware (used as they are). An array sweeps.'
                PeakTFlopsPerSecond = 'Peak dense TFLOP/s of one device, instead of looking it up with -Hardware.'
                DeviceCount = 'Devices the run uses, TP x PP x DP x CP; default 1. Alone it is the data-parallel size.'
                DataType = 'Data type whose peak is used: FP64, FP32, TF32, BF16 (default), FP16, FP8, INT8, FP4 or INT4.'
                Recompute = 'Activation recomputation for HFU when the work is computed from -Model: None (default), Selective or Full.'
                Convention = 'What the exact count includes; Matmul by default, as accelerator peaks are matmul peaks (matmuls and convolutions only, no bias adds). Full adds elementwise work.'
            }
            Examples = @(
                @{ Code = 'Get-ModelMfu -Path ./config.json -SequenceLength 4096, 8192 -TokensPerSecond 1e6 -Hardware H100-SXM -DataParallel 64 -TensorParallel 8'; Remarks = 'A Hugging Face config.json on 512 H100s (64 x 8), at two sequence lengths: two rows.' }
                @{ Code = 'Get-ModelMfu -Model llama-3.1-8b -TokensPerSecond 400000 -Hardware H100-SXM -DeviceCount 64'; Remarks = 'MFU of a Llama 3.1 8B run that trains 400,000 tokens per second on 64 H100s.' }
                @{ Code = 'Get-ModelMfu -Model gpt2 -StepTime 0.5 -BatchSize 512 -SequenceLength 1024 -Hardware A100-SXM-80GB -DeviceCount 8 -Method SixN'; Remarks = 'MFU from the step time, with 6N as the work per token.' }
                @{ Code = 'Get-ModelMfu -FlopsPerToken 5e10 -TokensPerSecond 1e5 -PeakTFlopsPerSecond 989 -DeviceCount 16'; Remarks = 'MFU from a given work per token and a given peak: 5e10 x 1e5 / (16 x 989e12) = 31.6 %.' }
            )
        }
        'Get-TrainingEstimate' = @{
            Synopsis = 'Estimates the training FLOPs of a model on a token budget, and the device-hours and wall-clock days it takes.'
            Description = @(
                'Get-TrainingEstimate multiplies the training FLOPs per token of a model (exact count by default, 6N, or PaLM''s 6N + 12 L H Q T) by a token budget, and divides by the peak of the devices at an assumed MFU to give device-hours and wall-clock time.'
                'When -TrainingTokens is absent the budget is the Chinchilla-optimal 20 tokens per parameter. HardwareFlops and Hfu account for -Recompute. Without -Hardware only the compute (TrainingFlops, HardwareFlops) is given; the time fields are empty.'
                'Any model source works (-Model, position 0; -Path or -LiteralPath; definitions from the pipeline); arrays of models, -SequenceLength, -Hardware and the layout parameters sweep. DeviceCount is TP x PP x DP x CP. Counts follow -Convention Matmul and the full S x S attention square by default (-CausalMask halves it, about).'
            )
            Parameters = @{
                Model = 'Built-in model names (position 0, wildcards allowed), e.g. llama-3.1-8b, gpt2. An array sweeps.'
                TrainingTokens = 'Training tokens; when absent, the Chinchilla-optimal 20 tokens per parameter (Hoffmann et al. 2022).'
                SequenceLength = 'Tokens per sequence used for the per-token count; defaults to the model file''s sequence_length.'
                Hardware = 'Accelerators, by name or alias, or hardware objects from Get-Hardware (used as they are); optional: without it only the compute is given. An array sweeps.'
                DeviceCount = 'Devices the run uses, TP x PP x DP x CP; default 1. Alone it is the data-parallel size.'
                Mfu = 'Assumed model FLOPs utilisation, from 0.001 to 1; default 0.4.'
                DataType = 'Data type whose peak is used; default BF16.'
                Recompute = 'Activation recomputation, which adds to HardwareFlops and Hfu: None (default), Selective or Full.'
                Method = 'Exact (default; the layer-by-layer count, 3 x forward per token), SixN (6 x active parameters) or PaLM (6N + 12 L H d_h S).'
                Convention = 'What the exact count includes; Matmul by default (matmuls and convolutions only, no bias adds). Full adds elementwise work.'
                # Issue 17: a predicted step time, a deadline, price and energy.
                StepSeconds = 'Seconds per optimizer step, usually bound from a piped Get-StepTime object (with its GlobalBatchSize, SequenceLength, layout and hardware): the wall clock is the token budget over the tokens per step, times the step time, and Mfu and Hfu are the ones that time implies; -Mfu is not used. Needs -GlobalBatchSize (error StepSecondsNeedsGlobalBatchSize).'
                Days = 'A deadline in days: DeviceCount becomes the devices it needs. With -Mfu, the device-seconds over the deadline, rounded up. With a step time, whole data-parallel replicas of the layout (TP x PP x CP devices each) at the layout''s tokens per second per device; more replicas at a fixed global batch would in fact run a little slower per device (docs/step-time.md).'
                PricePerDeviceHour = 'Price of one device-hour, in any currency; Cost = DeviceHours x PricePerDeviceHour.'
                Pue = 'Power usage effectiveness of the facility, 1 (default: the devices alone) to 10. EnergyKWh = DeviceCount x TdpWatts x hours x Pue / 1000, an upper bound for the devices, as TDP is the most they draw; empty for a row without a TDP.'
            }
            Examples = @(
                @{ Code = 'Get-TrainingEstimate -Model llama-3.1-8b, llama-3.1-70b -TrainingTokens 15e12'; Remarks = 'Total training compute of two models, no device needed.' }
                @{ Code = 'Get-TrainingEstimate -Model llama-3.1-8b -TrainingTokens 15e12 -Hardware H100-SXM -DeviceCount 1024'; Remarks = 'Llama 3.1 8B on 15 trillion tokens with 1024 H100s at 40% MFU.' }
                @{ Code = 'Get-TrainingEstimate -Model gpt2 -Hardware A100-SXM-80GB -DeviceCount 8 -Mfu 0.5'; Remarks = 'GPT-2 on its Chinchilla-optimal budget with 8 A100s at 50% MFU.' }
                @{ Code = 'Get-TrainingEstimate -Model llama-2-7b -TrainingTokens 2e12 -Hardware TPUv4 -DeviceCount 512 -Method SixN'; Remarks = 'Llama 2 7B on TPU v4, with 6N as the work per token.' }
                @{ Code = 'Get-StepTime -Model llama-3.1-70b -Hardware H100-SXM -TensorParallel 8 -PipelineParallel 4 -DeviceCount 1024 -GlobalBatchSize 512 -SequenceLength 8192 -SequenceParallel -ZeroStage 1 | Get-TrainingEstimate -TrainingTokens 15e12 -PricePerDeviceHour 2.5 -Pue 1.2'; Remarks = 'Days, device-hours, cost and energy of 15 trillion tokens from the predicted step time of the layout, not an assumed MFU.' }
                @{ Code = 'Get-TrainingEstimate -Model llama-3.1-8b -TrainingTokens 15e12 -Hardware H100-SXM -Mfu 0.4 -Days 30'; Remarks = 'The H100s Llama 3.1 8B needs to train on 15 trillion tokens in 30 days at 40 % MFU (DeviceCount).' }
            )
        }
        'Export-FlopsReport' = @{
            Synopsis = 'Draws PSFlops objects as an HTML report (a chart and a table for each kind) or as one SVG chart.'
            Description = @(
                'Export-FlopsReport collects the objects piped to it and writes one self-contained HTML file that opens offline: inline SVG charts drawn with OxyPlot, inline styles, no script, and a content security policy that lets the browser load nothing. Each kind of object gets one chart, a caption of its conventions and a table of the objects: Get-LayerFlops rows as bars sorted by TotalFlops and coloured by layer type; Measure-TransformerBlock objects stacked by component; Get-ModelFlops objects as forward FLOPs against the sequence length or the batch size (whichever they sweep); Get-InferenceEstimate objects as points on the roofline of their device; Get-ModelMemory objects as bytes per device stacked by weights, gradients, optimizer states, activations and KV cache against the device memory; step-time objects as layouts ranked by StepSeconds with their compute, pipeline-bubble and communication times; Get-ModelMfu and Get-TrainingEstimate objects as bars.'
                'Objects are matched to charts by the properties they carry, not by their type, so CSV rows and PSCustomObjects with the same property names are drawn too. The layout ranking reads StepSeconds, ComputeSeconds, PipelineBubbleSeconds, TensorParallelCommSeconds and DataParallelCommSeconds (and ExpertParallelCommSeconds, ContextParallelCommSeconds where present); the roofline reads ArithmeticIntensity, DecodeFlopsPerStep, BytesPerStep, SecondsPerStep, ComputeSecondsPerStep and MemorySecondsPerStep; the memory chart WeightBytes and TotalBytes (DeviceMemoryBytes and ReserveFraction for the device lines); the per-layer chart Name, Type and TotalFlops; the sweep ForwardFlops, SequenceLength and BatchSize.'
                'Axes and tables print readable units (TFLOPs, GB as 10^9 bytes, ms, %) in the invariant culture, whatever the current culture, so the file reads the same wherever it is made; each table cell carries the raw number as its tooltip. An axis turns logarithmic when its values span a factor of 20 or more; the roofline is always log-log.'
                'An object no chart reads (UnsupportedReportObject), or whose plotted numbers are not finite, non-negative numbers (InvalidReportObject), is written as an error and the report goes on with the others. With nothing to draw no file is written (NothingToReport). An .svg path takes the input of one chart kind only (SvgNeedsOneChart). A path whose folder does not exist (ReportFolderNotFound), that is a folder (ReportPathIsFolder), off the file system (NotAFileSystemPath) or with another extension (UnsupportedReportFormat) stops the command before any input is read; a file that cannot be written is ReportNotWritable.'
            )
            Parameters = @{
                InputObject = 'The objects to draw, usually piped from the PSFlops cmdlets (any mix of kinds). A list given to -InputObject is drawn element by element.'
                Path = 'The file to write: .html (or .htm) for the report, .svg for one chart. Resolved through the PowerShell provider, relative to the current location; the folder must exist. An existing file is overwritten.'
                LiteralPath = 'The file to write, used exactly as typed (no wildcard characters are interpreted).'
                Title = 'The heading and page title of the HTML report; for an .svg file, replaces the chart''s own title. Default "PSFlops report". Escaped, so any text is safe.'
                PassThru = 'Write the FileInfo of the file written.'
            }
            Examples = @(
                @{ Code = '& { Get-LayerFlops -Model llama-3.1-8b; Get-ModelFlops -Model llama-3.1-8b -SequenceLength 1024, 4096, 16384, 65536; Get-InferenceEstimate -Model llama-3.1-8b -Hardware H100 -BatchSize 1, 8, 64, 512; Get-ModelMemory -Model llama-3.1-8b -SequenceLength 8192 -ZeroStage 1 -DataParallel 8 -Hardware H100 } | Export-FlopsReport -Path llama.html -Title ''Llama 3.1 8B on H100'''; Remarks = 'A report of four charts: the per-layer breakdown, the sequence-length sweep, the roofline with four batch sizes, and the memory per device against the H100''s 80 GB.' }
                @{ Code = 'Get-InferenceEstimate -Model llama-2-70b -Hardware H100 -DeviceCount 2 -BatchSize 1, 16, 256 | Export-FlopsReport -Path roofline.svg'; Remarks = 'One chart, the roofline, as an SVG file to put in a document.' }
                @{ Code = 'Import-Csv layouts.csv | Export-FlopsReport -Path layouts.html -PassThru'; Remarks = 'CSV rows with StepSeconds, ComputeSeconds, PipelineBubbleSeconds, TensorParallelCommSeconds and DataParallelCommSeconds columns are ranked as layouts; numbers in the cells are read in the invariant culture.' }
            )
        }
        'Get-InferenceEstimate' = @{
            Synopsis = 'Estimates serving a transformer on a deployment: memory and fit, largest batch, time to first token, time per output token, throughput and cost.'
            Description = @(
                'Get-InferenceEstimate puts a model on a deployment of -TensorParallel x -PipelineParallel devices per replica (and -DataParallel replicas) and writes one object per combination of its arrays (models, hardware, layout sizes, -BatchSize, -ContextLength, -PromptLength). A combination that fails is written as an error and the others still come out.'
                'Memory per device: weights split evenly over the replica, the KV cache by the one rule Get-ModelMemory -Inference also uses (over at most as many devices as there are KV heads, and by pipeline stage), and the fp32 logits of one decode step. Fits compares them with the device memory less -ReserveFraction; MaxBatchSize is the largest batch that fits.'
                'Time per output token is a roofline per device: the larger of the decode FLOPs over the achievable peak and the bytes each device reads (its share of the weights, without the input-embedding table of which a step reads only its rows, and of the KV cache) over the memory bandwidth, plus two tensor-parallel all-reduces per layer and a pipeline hand-off per stage boundary (alpha-beta, over the scale-up link within a domain, the network beyond). Time to first token is the prefill roofline: its FLOPs at the achievable fraction of the peak against streaming the weights once and writing the prompt''s keys and values, plus its communication.'
                'TokensPerSecond counts output tokens in steady decoding; CostPerMillionTokens needs -PricePerDeviceHour. An object from Get-ModelMemory -Inference pipes in (model, SequenceLength as the context, batch, data types, layout, hardware). docs/inference.md derives every term.'
            )
            Parameters = @{
                Hardware = 'Devices by name or alias from Get-Hardware''s table, or hardware objects (from Get-Hardware, including rows read with Get-Hardware -Path), used as they are. An array sweeps. Default H100-SXM.'
                DataType = 'Weights and compute (the peak used): BF16 (default), FP16, FP32, FP8, INT8, FP4 or INT4 (INT4 weights compute at the INT8 peak). Activations stay 16-bit unless the weights are wider.'
                KvCacheType = 'Data type of the KV cache, apart from the weights (an FP8 or INT8 cache beside BF16 weights); defaults to -DataType (BF16 for INT4 weights). Alias KvCacheDataType.'
                TensorParallel = 'Tensor-parallel size of a replica: must divide the query heads. Weights split evenly, the KV cache over at most as many devices as there are KV heads (a KV head is replicated beyond that); each layer adds two all-reduces. An array sweeps.'
                PipelineParallel = 'Pipeline-parallel size of a replica: at most the layer count. Weights and KV cache split by stage; stages run one after another for a token, with one hand-off per stage boundary. An array sweeps.'
                DataParallel = 'Replicas serving side by side; multiplies the devices and the tokens per second, not the latency. An array sweeps.'
                DeviceCount = 'Devices in all, TensorParallel x PipelineParallel x DataParallel. Alone it is the number of replicas; with the layout it must equal the product.'
                ExpertParallel = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                ContextParallel = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                VirtualPipelineStages = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                SequenceParallel = 'Refused: sequence parallelism splits training activations (shared with the training planners).'
                ZeroStage = 'Refused unless 0: serving keeps whole weights on each device (shared with the training planners).'
                MicroBatchSize = 'Refused: give -BatchSize, the sequences a replica serves at once (shared with the training planners).'
                GlobalBatchSize = 'Refused: give -BatchSize, the sequences a replica serves at once (shared with the training planners).'
                Recompute = 'Refused unless None: serving runs no backward pass (shared with the training planners).'
                FlashAttention = 'On by default, and serving requires it: the estimate prices the fused attention kernels (flash attention, flash decoding) that every serving stack runs.'
                ScaleUpGBps = 'Per-device scale-up (NVLink-class) bandwidth, GB/s both directions as datasheets state it; collectives use half (one direction). Overrides the device''s figure (A100 600, H100 900).'
                ScaleUpDomain = 'Devices per scale-up domain (8 on DGX/HGX); a tensor-parallel group larger than this, and pipeline hand-offs that cross domains, use the network.'
                ScaleOutGbps = 'Per-device network bandwidth, Gbit/s (DGX A100 200, DGX H100 400).'
                SequenceLength = 'The context length when -ContextLength is not given: this is what binds from Get-ModelMemory -Inference objects, so they pipe into this cmdlet.'
                BatchSize = 'Sequences a replica serves at once (prefilled together, then decoded one token per step); default 1. An array sweeps.'
                ContextLength = 'Cached positions each decoded token attends to; defaults to -SequenceLength, else the model''s sequence_length. An array sweeps. $null is an error.'
                PromptLength = 'Prompt tokens per sequence in the prefill; defaults to the context length. An array sweeps.'
                OutputTokens = 'Tokens generated per request; gives EndToEndSeconds = TimeToFirstTokenSeconds + (OutputTokens - 1) x TimePerOutputTokenSeconds.'
                PricePerDeviceHour = 'Price of one device for one hour (any currency); gives CostPerMillionTokens (output) = price x devices / 3600 / TokensPerSecond x 1e6, and CostPerMillionInputTokens from the prefill rate.'
                ReserveFraction = 'Share of each device''s memory kept back for the framework (CUDA context, allocator, CUDA graphs); 0.1 by default. Fits and MaxBatchSize use the rest.'
                Efficiency = 'Fraction of the dense peak the matmuls achieve, 0 to 1. Defaults to the device''s measured large-matmul fraction (H100 0.801, A100 0.859, B200 0.776; stas00/ml-engineering), or 1 where none is known; EfficiencySource says which.'
                Convention = 'What the FLOP counts include; Matmul by default (accelerator peaks are matmul peaks). Full adds elementwise work.'
                CausalMask = 'Count only the query-key pairs a causal mask keeps in the prefill (decode is the same either way).'
            }
            Examples = @(
                @{ Code = 'Get-InferenceEstimate llama-3.1-70b -Hardware H100-SXM -TensorParallel 4,8 -ContextLength 4096'; Remarks = 'Llama 3.1 70B on 4 and on 8 H100s: TP 8 takes more than half of TP 4''s time per token, because every one of the 160 all-reduces per token keeps its latency.' }
                @{ Code = 'Get-InferenceEstimate llama-3.1-8b -ContextLength 8192 -Hardware H100-SXM | Select-Object Fits, MaxBatchSize, TimeToFirstTokenSeconds, TimePerOutputTokenSeconds'; Remarks = 'How many 8K-context sequences Llama 3.1 8B can serve on one H100, and its latencies.' }
                @{ Code = 'Get-InferenceEstimate llama-3.1-8b -BatchSize 32 -ContextLength 2048 -PromptLength 1024 -OutputTokens 256 -PricePerDeviceHour 2.5'; Remarks = 'End-to-end latency of a 256-token answer and the cost per million input and output tokens.' }
                @{ Code = 'Get-ModelMemory llama-2-70b -Inference -SequenceLength 4096 -TensorParallel 8 | Get-InferenceEstimate'; Remarks = 'The memory estimate''s context, batch, data type and layout carry over through the pipeline.' }
                @{ Code = 'Get-InferenceEstimate mistral-7b -DataType INT4 -PromptLength 512 -ContextLength 2048 -KvCacheType FP8'; Remarks = 'Mistral 7B with INT4 weights and an FP8 KV cache.' }
            )
        }
        'Find-ServingLayout' = @{
            Synopsis = 'Finds the deployments of a model that fit and meet latency targets, best tokens per second per device first.'
            Description = @(
                'Find-ServingLayout tries every tensor-parallel size that divides the query heads and every power-of-two pipeline size up to the layer count with TP x PP within -MaxDeviceCount; for each it takes the batch (a power of two, or the largest that fits; or one of -BatchSize) with the most tokens per second per device that still meets -MaxTimePerOutputToken and -MaxTimeToFirstToken, and fills the remaining device budget with replicas.'
                'It writes the same objects as Get-InferenceEstimate, highest TokensPerSecondPerDevice first, so they sort, filter and export. -TensorParallel and -PipelineParallel fix an axis. When nothing fits and meets the targets, it warns.'
            )
            Parameters = @{
                Hardware = 'Devices by name or alias from Get-Hardware''s table, or hardware objects (from Get-Hardware, including rows read with Get-Hardware -Path), used as they are. An array sweeps. Default H100-SXM.'
                DataType = 'Weights and compute (the peak used): BF16 (default), FP16, FP32, FP8, INT8, FP4 or INT4 (INT4 weights compute at the INT8 peak). Activations stay 16-bit unless the weights are wider.'
                KvCacheType = 'Data type of the KV cache, apart from the weights (an FP8 or INT8 cache beside BF16 weights); defaults to -DataType (BF16 for INT4 weights). Alias KvCacheDataType.'
                TensorParallel = 'Tensor-parallel sizes to try (each must divide the query heads); by default every divisor of the heads within -MaxDeviceCount.'
                PipelineParallel = 'Pipeline-parallel sizes to try; by default the powers of two up to the layer count within -MaxDeviceCount.'
                DataParallel = 'Refused: replicas fill -MaxDeviceCount.'
                DeviceCount = 'Refused: give -MaxDeviceCount.'
                ExpertParallel = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                ContextParallel = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                VirtualPipelineStages = 'Not modelled for serving; only 1 is accepted (the parameter is shared with the training planners).'
                SequenceParallel = 'Refused: sequence parallelism splits training activations (shared with the training planners).'
                ZeroStage = 'Refused unless 0: serving keeps whole weights on each device (shared with the training planners).'
                MicroBatchSize = 'Refused: give -BatchSize, the sequences a replica serves at once (shared with the training planners).'
                GlobalBatchSize = 'Refused: give -BatchSize, the sequences a replica serves at once (shared with the training planners).'
                Recompute = 'Refused unless None: serving runs no backward pass (shared with the training planners).'
                FlashAttention = 'On by default, and serving requires it: the estimate prices the fused attention kernels (flash attention, flash decoding) that every serving stack runs.'
                ScaleUpGBps = 'Per-device scale-up (NVLink-class) bandwidth, GB/s both directions as datasheets state it; collectives use half (one direction). Overrides the device''s figure (A100 600, H100 900).'
                ScaleUpDomain = 'Devices per scale-up domain (8 on DGX/HGX); a tensor-parallel group larger than this, and pipeline hand-offs that cross domains, use the network.'
                ScaleOutGbps = 'Per-device network bandwidth, Gbit/s (DGX A100 200, DGX H100 400).'
                SequenceLength = 'The context length when -ContextLength is not given: this is what binds from Get-ModelMemory -Inference objects, so they pipe into this cmdlet.'
                BatchSize = 'Batch sizes to try; by default the powers of two up to the largest batch that fits, and that batch.'
                ContextLength = 'Cached positions each decoded token attends to; defaults to -SequenceLength, else the model''s sequence_length. An array sweeps. $null is an error.'
                PromptLength = 'Prompt tokens per sequence in the prefill; defaults to the context length. An array sweeps.'
                OutputTokens = 'Tokens generated per request; gives EndToEndSeconds = TimeToFirstTokenSeconds + (OutputTokens - 1) x TimePerOutputTokenSeconds.'
                PricePerDeviceHour = 'Price of one device for one hour (any currency); gives CostPerMillionTokens (output) = price x devices / 3600 / TokensPerSecond x 1e6, and CostPerMillionInputTokens from the prefill rate.'
                ReserveFraction = 'Share of each device''s memory kept back for the framework (CUDA context, allocator, CUDA graphs); 0.1 by default. Fits and MaxBatchSize use the rest.'
                Efficiency = 'Fraction of the dense peak the matmuls achieve, 0 to 1. Defaults to the device''s measured large-matmul fraction (H100 0.801, A100 0.859, B200 0.776; stas00/ml-engineering), or 1 where none is known; EfficiencySource says which.'
                Convention = 'What the FLOP counts include; Matmul by default (accelerator peaks are matmul peaks). Full adds elementwise work.'
                CausalMask = 'Count only the query-key pairs a causal mask keeps in the prefill (decode is the same either way).'
                MaxDeviceCount = 'The most devices a deployment may use, replicas included.'
                MaxTimePerOutputToken = 'Longest acceptable time per output token, in seconds.'
                MaxTimeToFirstToken = 'Longest acceptable time to first token, in seconds (the prefill of the whole batch).'
                First = 'Write at most this many deployments, best first.'
            }
            Examples = @(
                @{ Code = 'Find-ServingLayout llama-3.1-405b -Hardware H100-SXM -MaxDeviceCount 16 -ContextLength 32768'; Remarks = 'Llama 3.1 405B at a 32K context does not fit one H100; this lists the deployments of up to 16 that do.' }
                @{ Code = 'Find-ServingLayout llama-3.1-70b -Hardware H100-SXM,A100-SXM-80GB -MaxDeviceCount 8 -ContextLength 4096 -PromptLength 1024 -MaxTimePerOutputToken 0.03 -MaxTimeToFirstToken 1 -PricePerDeviceHour 2.5 | Sort-Object CostPerMillionTokens | Select-Object -First 3'; Remarks = 'The three cheapest deployments on either device that answer within 30 ms per token and 1 s to the first token.' }
            )
        }
        'Get-StepTime' = @{
            Synopsis = 'Predicts the time of one training step of a transformer on a parallel layout, term by term, with MFU, HFU and memory per device.'
            Description = @(
                'Get-StepTime costs one optimizer step from the model''s layers and the layout, not from an assumed MFU: matmuls at the device''s measured achievable matmul fraction of peak (MatmulAchievableFraction in the hardware table), memory-bound work as 2.3 x the activation bytes a layer stores moved at memory bandwidth, tensor-parallel all-reduces (or reduce-scatter + all-gather with -SequenceParallel) in every layer, re-run under full recomputation, the pipeline bubble of 1F1B or interleaved 1F1B ((p - 1) / (v m)), pipeline sends, the data-parallel gradient reduction (ZeRO-3 gathers per micro-batch), expert all-to-alls, context-parallel K/V exchange, the optimizer step, and the LM head on the last stage.'
                'Collectives are alpha-beta rings on the scale-up links when the group fits in one domain, else on the network, with a link efficiency that grows with the message size. The two fitted constants come from Korthikanti et al. 2022 Table 4; the model reproduces Table 5 within 9 % (docs/step-time.md has every formula, constant and error). EfficiencySource says where the efficiency comes from.'
                'The *Seconds properties add up to StepSeconds. Memory per device and Fits are Get-ModelMemory''s (the same engine). Model FLOPs follow -Convention (Matmul by default) over the full attention square unless -CausalMask is given, as Korthikanti et al. count them.'
            )
            Parameters = @{
                Hardware = 'The devices (names or objects from Get-Hardware); their interconnect (ScaleUpGBps, ScaleUpDomain, ScaleOutGbps) and matmul fraction come from the row. An array sweeps. Required (error MissingHardware).'
                Optimizer = 'Adam (default), SgdMomentum or Adafactor: the optimizer states kept in memory and moved by the optimizer step.'
                OverlapGradientReduction = 'Overlap the data-parallel gradient reduction with the backward pass of the last micro-batch, and ZeRO-3 gathers with each micro-batch''s compute (Megatron''s --overlap-grad-reduce). Off by default: the reduction is exposed, as in Korthikanti et al. 2022.'
                ReserveFraction = 'Share of the device memory kept back for the framework before Fits is decided; 0.1 by default, as Get-ModelMemory.'
                KvCacheType = 'Not used: a training step holds no KV cache (error ParameterNotUsed).'
                Convention = 'How ModelFlopsPerStep and HardwareFlopsPerStep (and so MFU and HFU) count: Matmul (default, as Korthikanti Eq. 7) or Full. The predicted time does not depend on it.'
                CausalMask = 'Count only the query-key pairs a causal mask keeps in ModelFlopsPerStep; the time does not depend on it (flash attention skips the masked half of a causal model on its own).'
                FlashAttention = 'Flash attention, on by default: no S x S tensors are stored or moved, and a causal model''s attention skips its masked half. -FlashAttention:$false models eager attention, as in the Korthikanti et al. 2022 runs.'
            }
            Examples = @(
                @{ Code = 'Get-StepTime -Model gpt-3-175b -Hardware A100-SXM-80GB -TensorParallel 8 -PipelineParallel 8 -VirtualPipelineStages 3 -MicroBatchSize 1 -GlobalBatchSize 64 -SequenceLength 2048 -SequenceParallel -Recompute Selective -FlashAttention:$false'; Remarks = 'Korthikanti et al. 2022''s 175B layout on 64 A100s (they measured 13.75 s a step).' }
                @{ Code = 'Get-StepTime -Model llama-3.1-405b -Hardware H100-SXM -TensorParallel 8 -PipelineParallel 16 -DeviceCount 16384 -MicroBatchSize 1 -GlobalBatchSize 2048 -SequenceLength 8192 | Format-List *Seconds, Mfu, Fits'; Remarks = 'Llama 3''s 405B layout on 16,384 H100s (DP 128 from the device count), term by term.' }
                @{ Code = 'Get-StepTime -Model llama-3.1-70b -Hardware H100-SXM -TensorParallel 8 -DataParallel 8 -GlobalBatchSize 512 -SequenceLength 4096 -ZeroStage 1 -ScaleOutGbps 100'; Remarks = 'The same layout on a cluster with a slower network than the DGX row.' }
            )
        }
        'Find-ParallelLayout' = @{
            Synopsis = 'Finds every parallel layout of a number of devices that fits a model, fastest first, as Get-StepTime objects.'
            Description = @(
                'Find-ParallelLayout enumerates every layout of -DeviceCount devices that is valid for the model: TP dividing the heads, CP dividing the sequence, PP at most the layers, EP dividing the experts and DP x TP x CP, every micro-batch size whose micro-batches fill -GlobalBatchSize, interleaving where the layers and micro-batches allow it, sequence parallelism, recomputation None/Selective/Full and ZeRO stages 0 to 3. It keeps those whose memory per device fits (checked before costing) and writes them fastest first, costed by Get-StepTime''s model.'
                'A layout parameter given restricts its axis to the values given (-TensorParallel 8 fixes TP); -Recompute and -SequenceParallel fix their axis only when given. A ZeRO-1 layout has the same time as its ZeRO-2 twin and is not costed twice. Searching Llama 3.1 405B on 16,384 GPUs (about 240,000 layouts) takes about 0.16 s in the engine with -First 10 and 0.65 s for every fitting layout, on a loaded 2-core machine (docs/benchmarks.md).'
            )
            Parameters = @{
                DeviceCount = 'The devices to lay the model out on, TP x PP x DP x CP. Required (error MissingDeviceCount).'
                GlobalBatchSize = 'Sequences per optimizer step. Required (error MissingGlobalBatchSize); an array runs one search per value.'
                First = 'Write only the fastest N layouts.'
                Hardware = 'The devices (names or objects from Get-Hardware). Required (error MissingHardware). An array runs one search per device.'
                TensorParallel = 'Restrict tensor parallelism to these sizes; free (every divisor of the heads and devices) when absent.'
                PipelineParallel = 'Restrict pipeline parallelism to these sizes; free when absent.'
                DataParallel = 'Restrict data parallelism to these sizes; free when absent.'
                ExpertParallel = 'Restrict expert parallelism to these sizes; free (every divisor of the experts) when absent.'
                ContextParallel = 'Restrict context parallelism to these sizes; free (every divisor of the sequence and devices) when absent.'
                VirtualPipelineStages = 'Restrict interleaving to these chunk counts; free when absent.'
                MicroBatchSize = 'Restrict the micro-batch to these sizes (or -BatchSize); free (every size that fills the global batch) when absent.'
                BatchSize = 'Same as -MicroBatchSize when that is absent.'
                ZeroStage = 'Restrict the ZeRO stage to these values; free (0 to 3) when absent.'
                Recompute = 'Fix recomputation to this setting; all three are searched when absent.'
                SequenceParallel = 'Fix sequence parallelism on (or off with -SequenceParallel:$false); both are searched when absent.'
                Optimizer = 'Adam (default), SgdMomentum or Adafactor.'
                OverlapGradientReduction = 'Cost every layout with the data-parallel reduction overlapped with the backward pass (see Get-StepTime).'
                ReserveFraction = 'Share of the device memory kept back before a layout counts as fitting; 0.1 by default.'
                KvCacheType = 'Not used: a training step holds no KV cache (error ParameterNotUsed).'
                Convention = 'How the reported model FLOPs (MFU) count; the ranking does not depend on it.'
                CausalMask = 'Count only the query-key pairs a causal mask keeps in the reported model FLOPs; the ranking does not depend on it.'
                FlashAttention = 'Flash attention, on by default; -FlashAttention:$false searches with eager attention.'
            }
            Examples = @(
                @{ Code = 'Find-ParallelLayout -Model gpt-3-175b -Hardware A100-SXM-80GB -DeviceCount 64 -GlobalBatchSize 64 -SequenceLength 2048 -First 5'; Remarks = 'The five fastest layouts of GPT-3 175B on 64 A100s.' }
                @{ Code = 'Find-ParallelLayout -Model llama-3.1-405b -Hardware H100-SXM -DeviceCount 16384 -GlobalBatchSize 2048 -SequenceLength 8192 -TensorParallel 8 -First 3'; Remarks = 'With tensor parallelism fixed at 8, the three fastest layouts for Llama 3.1 405B on 16,384 H100s.' }
                @{ Code = 'Find-ParallelLayout -Model mixtral-8x7b -Hardware H100-SXM -DeviceCount 64 -GlobalBatchSize 256 -SequenceLength 4096 -First 1 | Get-TrainingEstimate -TrainingTokens 1e12'; Remarks = 'The fastest layout for Mixtral on 64 H100s, and the days it takes to train on a trillion tokens.' }
            )
        }
    }
}
