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
                Hardware = 'Devices for the verdict (names, or objects from Get-Hardware used as they are): Fraction, Fits, the smallest TP, PP (and with ZeRO, DP) that fit, and SmallestLayout, the fitting layout with fewest devices. Device memory is the runtime''s total (memory_bytes), not the printed figure.'
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
                Type = 'The kind of layer (from the command line or each piped object''s Type property): Linear, Conv1d, Conv2d, Conv3d, Attention, FeedForward, LayerNorm, RMSNorm, Activation, Softmax, Embedding, LMHead, MoE, BatchNorm, Pool, or Residual. (PositionEmbedding, TokenTypeEmbedding and ClassToken appear in model rows only; they cannot be built from dimensions.)'
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
                Activation = 'Activation function: ReLU, GELU (default), SiLU or Tanh. Used by Activation layers and feed-forward layers; with -Gated, GELU gives GeGLU and any other SwiGLU.'
                Experts = 'Number of experts E of a mixture-of-experts layer.'
                TopK = 'Experts each token is routed to (k) in a mixture-of-experts layer.'
                SharedExperts = 'Experts every token goes through in addition to the routed ones (MoE).'
                Elements = 'Number of elements per token for elementwise layers (LayerNorm, RMSNorm, Activation, Softmax, Residual) when no model dimension applies.'
                VocabSize = 'Vocabulary size V of an Embedding or LMHead layer.'
                Tied = 'The LM head shares the embedding matrix, so it adds no parameters.'
                Pool = 'Pooling kind, Max (default) or Average.'
                Expand = 'With a model, writes every occurrence of a repeated layer (named Name[i]) instead of one row with a Count.'
            }
            Examples = @(
                @{ Code = 'Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 14336 -SequenceLength 2048'; Remarks = 'FLOPs and parameters of one 4096 -> 14336 linear layer over 2048 tokens: 2 x 2048 x 4096 x 14336 FLOPs.' }
                @{ Code = 'Get-LayerFlops -Type Conv2d -InputChannels 3 -OutputChannels 64 -KernelSize 7 -InputSize 224,224 -Stride 2 -Padding 3'; Remarks = 'The first convolution of a ResNet on a 224 x 224 image.' }
                @{ Code = 'Get-LayerFlops -Model resnet-50 | Sort-Object Flops -Descending | Select-Object -First 5'; Remarks = 'The five most expensive layers of ResNet-50.' }
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
            )
        }
        'Get-ModelDefinition' = @{
            Synopsis = 'Lists the built-in models, or loads model files (YAML or Hugging Face config.json), as definitions to pipe on.'
            Description = @(
                'Get-ModelDefinition writes ModelDefinition objects: the built-in models whose names match -Name (all of them by default), or the models in the files given with -Path or -LiteralPath.'
                'A file is a YAML model definition in transformer form or layer-graph form, or a Hugging Face config.json of one of 23 model types (llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, deepseek_v2, deepseek_v3, kimi_k2, gemma, gemma2, gemma3_text, gpt_oss, phi3, olmo2, granite, cohere, gpt_neox, starcoder2, falcon, gpt2, bert; see about_PSFlops_Models). Errors in a file name the file, line and column.'
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
            )
            Parameters = @{
                ModelDim = 'Model (hidden) dimension D of the block.'
                Heads = 'Query heads.'
                KvHeads = 'Key/value heads; defaults to -Heads. Fewer gives grouped-query attention, 1 multi-query attention.'
                HeadDim = 'Dimension of each head; defaults to ModelDim / Heads.'
                FfnDim = 'Feed-forward hidden size F; defaults to 4 x ModelDim. With -Experts, the size of each expert.'
                Ffn = 'Feed-forward kind: Mlp (default; D -> F -> D), SwiGlu or GeGlu (gated: gate, up and down projections).'
                Activation = 'Activation of a plain MLP: ReLU, GELU (default), SiLU or Tanh.'
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
            }
            Examples = @(
                @{ Code = 'Get-TrainingEstimate -Model llama-3.1-8b, llama-3.1-70b -TrainingTokens 15e12'; Remarks = 'Total training compute of two models, no device needed.' }
                @{ Code = 'Get-TrainingEstimate -Model llama-3.1-8b -TrainingTokens 15e12 -Hardware H100-SXM -DeviceCount 1024'; Remarks = 'Llama 3.1 8B on 15 trillion tokens with 1024 H100s at 40% MFU.' }
                @{ Code = 'Get-TrainingEstimate -Model gpt2 -Hardware A100-SXM-80GB -DeviceCount 8 -Mfu 0.5'; Remarks = 'GPT-2 on its Chinchilla-optimal budget with 8 A100s at 50% MFU.' }
                @{ Code = 'Get-TrainingEstimate -Model llama-2-7b -TrainingTokens 2e12 -Hardware TPUv4 -DeviceCount 512 -Method SixN'; Remarks = 'Llama 2 7B on TPU v4, with 6N as the work per token.' }
            )
        }
        'Get-InferenceEstimate' = @{
            Synopsis = 'Estimates prefill and per-step decode FLOPs, bytes and roofline time of a transformer with a KV cache.'
            Description = @(
                'Get-InferenceEstimate computes the prefill FLOPs of a prompt, and the FLOPs and bytes moved by each decode step with a KV cache at a context length. The time per step is the larger of the compute time and the memory time on the device (the roofline), and Bound says which binds.'
                'Counts use the Matmul convention by default and always a causal mask. -ContextLength and -BatchSize accept arrays and sweep. -DeviceCount splits the model with tensor parallelism: FLOPs, bytes and bandwidth divide evenly. Layer-graph models are rejected.'
            )
            Parameters = @{
                Model = 'A built-in transformer model name, e.g. llama-3.1-8b, mixtral-8x7b.'
                Hardware = 'The accelerator, by name or alias; default H100-SXM.'
                PromptLength = 'Prompt tokens processed in the prefill; defaults to the context length.'
                ContextLength = 'Cached positions each decoded token attends to; default 4096. An array sweeps.'
                BatchSize = 'Sequences decoded together; default 1. An array sweeps.'
                DataType = 'Weight data type; also the compute type whose peak is used (INT4 weights compute at INT8). Default BF16.'
                KvCacheDataType = 'KV cache data type; defaults to the weight type (INT4 weights keep a BF16 cache).'
                DeviceCount = 'Devices the model is split over with tensor parallelism; default 1.'
                Convention = 'What the counts include; Matmul by default. Full adds elementwise work.'
            }
            Examples = @(
                @{ Code = 'Get-InferenceEstimate -Model llama-3.1-8b -Hardware H100-SXM -ContextLength 8192'; Remarks = 'Prefill and decode of Llama 3.1 8B at an 8192-token context on one H100.' }
                @{ Code = 'Get-InferenceEstimate -Model llama-3.1-70b -Hardware A100-SXM-80GB -DeviceCount 4 -BatchSize 1,64,512 -ContextLength 512 -DataType FP16'; Remarks = 'Llama 3.1 70B over 4 A100s at a 512-token context, sweeping the batch size: decode is memory-bound at 1 and 64 and compute-bound at 512, where the arithmetic intensity passes the ridge point.' }
                @{ Code = 'Get-InferenceEstimate -Model mistral-7b -DataType INT4 -PromptLength 512 -ContextLength 2048'; Remarks = 'Mistral 7B with INT4 weights and a BF16 KV cache.' }
            )
        }
    }
}
