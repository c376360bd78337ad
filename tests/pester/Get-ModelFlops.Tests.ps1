# Get-ModelFlops: parameter counts against published figures, whole-model FLOPs by hand, passes,
# recomputation, sweeps, GPT-3 against its paper, and loading model files (YAML and config.json).

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-ModelFlops parameter counts of built-in models against published figures' {
    It '<Model> has <Expected> parameters (<Source>)' -ForEach @(
        @{ Model = 'gpt2'; Expected = 124439808; Source = 'HF openai-community/gpt2, GPT2LMHeadModel, tied LM head counted once' }
        @{ Model = 'llama-3.1-8b'; Expected = 8030261248; Source = 'HF meta-llama/Llama-3.1-8B model card / safetensors total' }
        @{ Model = 'mixtral-8x7b'; Expected = 46702792704; Source = 'HF mistralai/Mixtral-8x7B-v0.1 safetensors total' }
        @{ Model = 'bert-base'; Expected = 109482240; Source = 'HF google-bert/bert-base-uncased BertModel (with pooler)' }
        @{ Model = 'resnet-50'; Expected = 25557032; Source = 'torchvision ResNet50_Weights.IMAGENET1K_V1 num_params' }
        @{ Model = 'resnet-18'; Expected = 11689512; Source = 'torchvision ResNet18_Weights.IMAGENET1K_V1 num_params' }
        @{ Model = 'vit-b-16'; Expected = 86567656; Source = 'torchvision ViT_B_16_Weights.IMAGENET1K_V1 num_params' }
    ) {
        (Get-ModelFlops -Model $Model).Parameters | Should -Be $Expected
    }

    It 'mixtral-8x7b has 12,879,925,248 active parameters (top-2 of 8 experts; Mistral AI, HF model card ~12.9B)' {
        $r = Get-ModelFlops -Model mixtral-8x7b
        $r.ActiveParameters | Should -Be 12879925248
        # By hand: per layer attention 2*4096*4096 + 2*4096*1024, router 4096*8, two SwiGLU experts 2*3*4096*14336,
        # two RMSNorms 2*4096; plus untied embedding and LM head 2*32000*4096 and the final norm 4096.
        $perLayer = (2 * 4096 * 4096 + 2 * 4096 * 1024) + 4096 * 8 + 2 * (3 * 4096 * 14336) + 2 * 4096
        $r.ActiveParameters | Should -Be (32 * $perLayer + 2 * 32000 * 4096 + 4096)
    }

    It 'dense models have ActiveParameters equal to Parameters' {
        $r = Get-ModelFlops -Model llama-3.1-8b
        $r.ActiveParameters | Should -Be $r.Parameters
    }

    It 'llama-3.1-8b parameters by hand from its config (untied head, GQA, SwiGLU)' {
        # V 128256, D 4096, 32 layers, 8 KV heads x 128, F 14336.
        $embeddingAndHead = 2 * 128256 * 4096
        $attention = 4096 * 4096 + 2 * 4096 * 1024 + 4096 * 4096
        $ffn = 3 * 4096 * 14336
        $norms = 2 * 4096
        (Get-ModelFlops -Model llama-3.1-8b).Parameters | Should -Be ($embeddingAndHead + 32 * ($attention + $ffn + $norms) + 4096)
    }

    It 'gpt2 and gpt-3-175b parameters by hand: V*d + P*d + L*(12d^2 + 13d) + 2d' {
        # Per layer: QKV 3d^2 + 3d, output d^2 + d, MLP 8d^2 + 5d, two LayerNorms 4d. Tied LM head adds nothing.
        $gpt2 = 50257 * 768 + 1024 * 768 + 12 * (12 * 768 * 768 + 13 * 768) + 2 * 768
        $gpt3 = [double]50257 * 12288 + 2048 * 12288 + 96 * (12 * [double]12288 * 12288 + 13 * 12288) + 2 * 12288
        (Get-ModelFlops -Model gpt2).Parameters | Should -Be $gpt2                  # 124,439,808
        (Get-ModelFlops -Model gpt-3-175b).Parameters | Should -Be $gpt3            # 174,604,259,328
    }
}

Describe 'Get-ModelFlops MACs of vision models against torchvision' {
    # torchvision's "GFLOPS" column (weights meta "_ops") counts multiply-accumulates (fvcore), i.e. GMACs.
    It '<Model>: <GMacs> GMACs per image within 1% (<Source>)' -ForEach @(
        @{ Model = 'resnet-50'; GMacs = 4.09; Source = 'ResNet50_Weights.IMAGENET1K_V1, 4.089' }
        @{ Model = 'resnet-18'; GMacs = 1.81; Source = 'ResNet18_Weights.IMAGENET1K_V1, 1.814' }
        @{ Model = 'vit-b-16'; GMacs = 17.56; Source = 'ViT_B_16_Weights.IMAGENET1K_V1, 17.564' }
        @{ Model = 'vit-l-16'; GMacs = 61.55; Source = 'ViT_L_16_Weights.IMAGENET1K_V1, 61.555' }
    ) {
        $r = Get-ModelFlops -Model $Model -Convention Matmul
        Assert-Relative $r.Macs ($GMacs * 1e9) 0.01
        $r.Tokens | Should -Be 1          # a graph model's figures are per sample
    }

    # Issue 16's graph-form models: torchvision weights meta num_params and _ops (IMAGENET1K_V1), to the printed digits.
    It '<Model>: <Parameters> parameters and <GMacs> GMACs (torchvision <Source>)' -ForEach @(
        @{ Model = 'efficientnet-b0'; Parameters = 5288548; GMacs = 0.386; Source = 'EfficientNet_B0_Weights' }
        @{ Model = 'densenet-121'; Parameters = 7978856; GMacs = 2.834; Source = 'DenseNet121_Weights' }
        @{ Model = 'squeezenet-1.0'; Parameters = 1248424; GMacs = 0.819; Source = 'SqueezeNet1_0_Weights' }
        @{ Model = 'regnety-400mf'; Parameters = 4344144; GMacs = 0.402; Source = 'RegNet_Y_400MF_Weights' }
        @{ Model = 'convnext-t'; Parameters = 28589128; GMacs = 4.456; Source = 'ConvNeXt_Tiny_Weights' }
        @{ Model = 'swin-t'; Parameters = 28288354; GMacs = 4.491; Source = 'Swin_T_Weights' }
    ) {
        $r = Get-ModelFlops -Model $Model -Convention Matmul
        $r.Parameters | Should -Be $Parameters
        [math]::Round($r.Macs / 1e9, 3) | Should -Be $GMacs
    }

    It 'refuses an image layernorm that does not say its axes, at the file and line, and counts 192 with axes: channels' {
        $text = "name: stem`ninput: [3, 224, 224]`nlayers:`n  - conv2d: {out_channels: 96, kernel_size: 4, stride: 4}`n  - layernorm: {}`n"
        $path = Write-TestFile (Join-Path $TestDrive 'axes/stem.yaml') $text
        $null = Get-ModelFlops -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'YamlMissingKey,PSFlops.Commands.GetModelFlopsCommand'
        "$($errs[0])" | Should -Match 'stem\.yaml:5:'
        $fixed = Write-TestFile (Join-Path $TestDrive 'axes/fixed.yaml') ($text -replace 'layernorm: \{\}', 'layernorm: {axes: channels}')
        # conv 96 x 3 x 16 + 96 = 4,704, LayerNorm2d over 96 channels 2 x 96 = 192.
        (Get-ModelFlops -LiteralPath $fixed).Parameters | Should -Be (4704 + 192)
    }

    It 'scales a vision model linearly with -BatchSize (8 images cost 8 x one image)' {
        $one = Get-ModelFlops -Model resnet-18
        $eight = Get-ModelFlops -Model resnet-18 -BatchSize 8
        $eight.Tokens | Should -Be 8
        $eight.ForwardFlops | Should -Be (8 * $one.ForwardFlops)
        $eight.ForwardFlopsPerToken | Should -Be $one.ForwardFlops
    }
}

Describe 'Get-ModelFlops whole-model FLOPs by hand (llama-3.1-8b, S 2048)' {
    BeforeAll {
        # Llama 3.1 8B: L 32, D 4096, H 32, H_kv 8, d_h 128, F 14336 (SwiGLU), V 128256, RMSNorm, RoPE, untied head.
        $script:S = 2048
        $script:T = 2048
        $script:matmulPerLayer = ([double]2 * $T * 4096 * 4096) +          # Q
            (2 * ([double]2 * $T * 4096 * 1024)) +                         # K, V (8 x 128)
            (2 * ([double]2 * 32 * $S * $S * 128)) +                       # Q K^T and scores x V, full square
            ([double]2 * $T * 4096 * 4096) +                               # output projection
            ([double]6 * $T * 4096 * 14336)                                # gate, up, down
        $script:lmHead = [double]2 * $T * 4096 * 128256
    }

    It '-Convention Matmul: 32 blocks of matmuls plus the LM head' {
        $r = Get-ModelFlops -Model llama-3.1-8b -SequenceLength 2048 -Convention Matmul
        $r.ForwardFlops | Should -Be (32 * $matmulPerLayer + $lmHead)
        $r.Macs | Should -Be ((32 * $matmulPerLayer + $lmHead) / 2)
    }

    It '-Convention Full adds norms, residuals, softmax and the SwiGLU elementwise work' {
        $r = Get-ModelFlops -Model llama-3.1-8b -SequenceLength 2048
        $elementwisePerLayer = 2 * (4 * $T * 4096) +      # two RMSNorms, 4 per element
            2 * ($T * 4096) +                              # two residual adds
            6 * [double]32 * $S * $S +                     # score scaling + softmax
            (8 + 1) * [double]$T * 14336                   # SiLU + gate multiply
        $finalNorm = 4 * $T * 4096
        $r.ForwardFlops | Should -Be (32 * ($matmulPerLayer + $elementwisePerLayer) + $finalNorm + $lmHead)
    }
}

Describe 'Get-ModelFlops passes, per-token figures and recomputation' {
    BeforeAll {
        $script:r = Get-ModelFlops -Model gpt2 -SequenceLength 512 -BatchSize 4
    }

    It 'Tokens = B x S' {
        $r.SequenceLength | Should -Be 512
        $r.BatchSize | Should -Be 4
        $r.Tokens | Should -Be (4 * 512)
    }

    It 'backward = 2 x forward, training = 3 x forward' {
        # By hand, Full, T = 4 x 512 = 2048, d 768, 12 heads of 64, F 3072, V 50257, no mask, per layer:
        # matmuls 24 T d^2, biases 9 T d, scores and scores x V 4 B H S^2 64, scale + softmax 6 B H S^2,
        # two LayerNorms 10 T d, GELU 8 T F = 32 T d, residuals 2 T d; x 12, plus the position add T d,
        # the final LayerNorm 5 T d and the LM head 2 T d V.
        $T = 2048; $d = [double]768; $S = 512
        $layer = 24 * $T * $d * $d + 9 * $T * $d + 4 * 4 * 12 * $S * $S * 64 + 6 * 4 * 12 * $S * $S + 44 * $T * $d
        $r.ForwardFlops | Should -Be (12 * $layer + 6 * $T * $d + 2 * $T * $d * 50257)     # 546,557,657,088
        $r.BackwardFlops | Should -Be (2 * $r.ForwardFlops)
        $r.TrainingFlops | Should -Be (3 * $r.ForwardFlops)
    }

    It 'per-token figures divide by B x S' {
        Assert-Relative $r.ForwardFlopsPerToken ($r.ForwardFlops / (4 * 512)) 1e-15
        Assert-Relative $r.TrainingFlopsPerToken ($r.TrainingFlops / (4 * 512)) 1e-15
    }

    It 'uses the model file''s sequence_length when -SequenceLength is not given (gpt2: 1024)' {
        $default = Get-ModelFlops -Model gpt2
        $default.SequenceLength | Should -Be 1024
        $default.Tokens | Should -Be 1024
    }

    It '-Recompute None (the default) gives HardwareFlops = TrainingFlops' {
        $r.Recompute | Should -Be 'None'
        $r.HardwareFlops | Should -Be $r.TrainingFlops
    }

    It '-Recompute Full gives HardwareFlops = 3 x forward + the forward of the transformer layers' {
        # docs/formulas.md, Passes: full recomputation re-runs every transformer layer (Megatron's per-layer
        # checkpointing); embeddings, the final norm and the LM head are not recomputed. For gpt2 the difference
        # from 4 x forward is the LM head (2 x T x 768 x 50257, T = 512 x 4), the position add and ln_f.
        $full = Get-ModelFlops -Model gpt2 -SequenceLength 512 -BatchSize 4 -Recompute Full
        $lmHead = 2 * (512 * 4) * 768 * 50257
        $positionAdds = (512 * 4) * 768                               # the learned-position add (Full convention)
        $finalNorm = 5 * (512 * 4) * 768                              # ln_f: LayerNorm, 5 per element, in the head
        $full.HardwareFlops | Should -Be (4 * $full.ForwardFlops - $lmHead - $positionAdds - $finalNorm)
        $full.TrainingFlops | Should -Be (3 * $full.ForwardFlops)     # model FLOPs do not change
    }

    It '-Recompute Selective adds the scores, softmax and scores x V of every layer (llama-2-7b, S 4096)' {
        $sel = Get-ModelFlops -Model llama-2-7b -SequenceLength 4096 -Recompute Selective
        # Llama 2 7B: 32 layers, 32 heads of 128. Per layer: Q K^T 2*H*S*S*d_h, scores x V the same,
        # scaling + softmax 6*H*S*S (Full convention).
        $perLayer = 2 * ([double]2 * 32 * 4096 * 4096 * 128) + 6 * [double]32 * 4096 * 4096
        ($sel.HardwareFlops - $sel.TrainingFlops) | Should -Be (32 * $perLayer)      # 8,899,172,237,312
    }

    It '-CausalMask removes S*S - S(S+1)/2 pairs per head from scores, softmax and scores x V (llama-2-7b, S 4096)' {
        $square = Get-ModelFlops -Model llama-2-7b -SequenceLength 4096
        $causal = Get-ModelFlops -Model llama-2-7b -SequenceLength 4096 -CausalMask
        $droppedPairs = [double]4096 * 4096 - 4096 * 4097 / 2                 # per head
        $perPair = 2 * 128 + 2 * 128 + 6                                       # Q K^T, scores x V, scaling + softmax
        ($square.ForwardFlops - $causal.ForwardFlops) | Should -Be (32 * 32 * $droppedPairs * $perPair)
    }

    It '-SequenceLength 1024,2048 -BatchSize 1,2 writes 4 rows, one per combination' {
        $sweep = @(Get-ModelFlops -Model llama-3.1-8b -SequenceLength 1024, 2048 -BatchSize 1, 2)
        $sweep.Count | Should -Be 4
        (@($sweep | ForEach-Object { "$($_.BatchSize)x$($_.SequenceLength)" } | Sort-Object) -join ',') |
            Should -Be '1x1024,1x2048,2x1024,2x2048'
        foreach ($row in $sweep) { $row.Tokens | Should -Be ($row.BatchSize * $row.SequenceLength) }
        foreach ($s in 1024, 2048) {
            $b1 = $sweep | Where-Object { $_.BatchSize -eq 1 -and $_.SequenceLength -eq $s }
            $b2 = $sweep | Where-Object { $_.BatchSize -eq 2 -and $_.SequenceLength -eq $s }
            $b2.ForwardFlops | Should -Be (2 * $b1.ForwardFlops)
        }
    }

    It '-Model with a wildcard (gpt2*) writes every matching built-in model' {
        $rows = @(Get-ModelFlops -Model 'gpt2*')
        (($rows.Model | Sort-Object) -join ',') | Should -Be 'gpt2,gpt2-large,gpt2-medium,gpt2-xl'
    }
}

Describe 'Get-ModelFlops GPT-3 175B against Brown et al. 2020' {
    It 'TrainingFlopsPerToken x 300e9 tokens is within 5% of the paper''s 3.14e23 (Table D.1), and exact by hand' {
        $r = Get-ModelFlops -Model gpt-3-175b -Convention Matmul
        # The paper's 3.14e23 is 6 * N * tokens with N = 174.6e9 (6 * 174.6e9 * 300e9 = 3.143e23); it leaves
        # out attention (its Appendix D). PSFlops counts, per token forward, with L 96, d 12288, S 2048, V 50257:
        #   24 d^2 per layer     QKV, output and the 4d MLP (2 FLOPs per weight; 12 d^2 weights)
        #   (no bias adds: Matmul counts none, issue 13 item 7; the old figure added 9 d per layer)
        #   4 S d per layer      Q K^T and scores x V over the full S x S square: 2 * 2 * H * S * d_h / S tokens
        #   2 d V                the tied LM head (the embedding lookups themselves cost nothing)
        # and training = 3 x forward. So it is 6N + 12 L d S (the attention term, 2.9e10 per token, +2.8%) less the
        # position table and the norm/bias parameters that 6N charges 6 FLOPs each:
        #   1,076,373,430,272 / (6 * 174.6e9) = 1.0275, and x 300e9 = 3.229e23, 2.8% above 3.14e23.
        $d = [double]12288; $L = 96; $S = 2048; $V = 50257
        $forwardPerToken = $L * (24 * $d * $d + 4 * $S * $d) + 2 * $d * $V
        $r.TrainingFlopsPerToken | Should -Be (3 * $forwardPerToken)                  # 1,076,373,430,272 (x 300e9 = 3.229e23)
        # 6N + 12 L d S (Kaplan et al. 2020 with the attention term) lands within 0.1% of the exact count.
        Assert-Relative $r.TrainingFlopsPerToken (6 * $r.Parameters + 12 * $L * $d * $S) 0.001
    }
}

Describe 'Get-ModelFlops errors' {
    It 'an unknown model is UnknownModel, ObjectNotFound, targeting the name, suggesting the nearest' {
        { Get-ModelFlops -Model llama-3.1-8 -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownModel,PSFlops.Commands.GetModelFlopsCommand'
        $null = Get-ModelFlops -Model llama-3.1-8 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'llama-3.1-8'
        "$($errs[0])" | Should -Match "'llama-3\.1-8b'"
    }

    It 'an unknown model among good ones writes an error and still writes the good ones' {
        $rows = @(Get-ModelFlops -Model gpt2, nope, bert-base -ErrorAction SilentlyContinue -ErrorVariable errs)
        ($rows.Model -join ',') | Should -Be 'gpt2,bert-base'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownModel,PSFlops.Commands.GetModelFlopsCommand'
    }

    It 'a zero -SequenceLength is refused at binding, for layer-graph models too' {
        { Get-ModelFlops -Model gpt2 -SequenceLength 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetModelFlopsCommand'
        { Get-ModelFlops -Model resnet-50 -SequenceLength 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetModelFlopsCommand'
        # Piped, the same check refuses it for that row only (non-terminating).
        [pscustomobject]@{ SequenceLength = 0 } | Get-ModelFlops -Model resnet-50 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike '*,PSFlops.Commands.GetModelFlopsCommand'
    }
}

Describe 'Get-ModelFlops model files' {
    BeforeAll {
        # A tiny transformer with every default: MHA, MLP with GELU, LayerNorm, no biases, RoPE, untied head.
        $script:tinyYaml = @'
name: tiny
source: hand-written test model
transformer:
  layers: 2
  model_dim: 64
  heads: 4
  ffn_dim: 256
  vocab_size: 1000
  sequence_length: 16
'@
        $script:tinyPath = Write-TestFile (Join-Path $TestDrive 'tiny.yaml') $tinyYaml
        # Parameters: embedding V*D, per layer 4 D^2 + 2 D F + two LayerNorms 2*2D, final LayerNorm 2D, LM head D*V.
        $script:tinyParameters = 1000 * 64 + 2 * (4 * 64 * 64 + 2 * 64 * 256 + 2 * 2 * 64) + 2 * 64 + 64 * 1000   # 226,944
        # Matmul forward at S 16 (T 16, d_h 16): per layer 4 projections 2*T*D*D, scores and values 2*H*S*S*d_h each,
        # MLP 4*T*D*F; then the LM head 2*T*D*V.
        $script:tinyMatmulFlops = 2 * (4 * (2 * 16 * 64 * 64) + 2 * (2 * 4 * 16 * 16 * 16) + 4 * 16 * 64 * 256) + 2 * 16 * 64 * 1000   # 5,324,800
    }

    It 'loads -Path relative to the PowerShell location, not the process folder' {
        Push-Location -LiteralPath $TestDrive
        try {
            [System.Environment]::CurrentDirectory | Should -Not -Be ((Get-Location).ProviderPath)
            $r = Get-ModelFlops -Path ./tiny.yaml -Convention Matmul
        } finally { Pop-Location }
        $r.Model | Should -Be 'tiny'
        $r.Parameters | Should -Be $tinyParameters
        $r.SequenceLength | Should -Be 16
        $r.ForwardFlops | Should -Be $tinyMatmulFlops
    }

    It 'loads -LiteralPath, relative too, with wildcard characters in the file name' {
        $null = Write-TestFile (Join-Path $TestDrive 'literal/tiny[1].yaml') $tinyYaml
        Push-Location -LiteralPath (Join-Path $TestDrive 'literal')
        try { $r = Get-ModelFlops -LiteralPath './tiny[1].yaml' -Convention Matmul } finally { Pop-Location }
        $r.Parameters | Should -Be $tinyParameters
        $r.ForwardFlops | Should -Be $tinyMatmulFlops
    }

    It 'loads every file that a -Path wildcard matches' {
        $folder = Join-Path $TestDrive 'wild'
        $null = Write-TestFile (Join-Path $folder 'one.yaml') ($tinyYaml -replace 'name: tiny', 'name: one')
        $null = Write-TestFile (Join-Path $folder 'two.yaml') ($tinyYaml -replace 'name: tiny', 'name: two' -replace 'layers: 2', 'layers: 4')
        $null = Write-TestFile (Join-Path $folder 'notes.txt') 'not a model'
        $rows = @(Get-ModelFlops -Path (Join-Path $folder '*.yaml') -Convention Matmul)
        (($rows.Model | Sort-Object) -join ',') | Should -Be 'one,two'
        $two = $rows | Where-Object Model -EQ 'two'
        # Two more layers of 4 projections, scores, values and the MLP than 'tiny'.
        $two.ForwardFlops | Should -Be ($tinyMatmulFlops + 2 * (4 * (2 * 16 * 64 * 64) + 2 * (2 * 4 * 16 * 16 * 16) + 4 * 16 * 64 * 256))
    }

    It 'takes files from Get-ChildItem on the pipeline' {
        $folder = Join-Path $TestDrive 'gci'
        $null = Write-TestFile (Join-Path $folder 'a.yaml') ($tinyYaml -replace 'name: tiny', 'name: a')
        $null = Write-TestFile (Join-Path $folder 'b.yaml') ($tinyYaml -replace 'name: tiny', 'name: b')
        $rows = @(Get-ChildItem -LiteralPath $folder -Filter *.yaml | Get-ModelFlops -Convention Matmul -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        (($rows.Model | Sort-Object) -join ',') | Should -Be 'a,b'
        $rows | ForEach-Object { $_.ForwardFlops | Should -Be $tinyMatmulFlops }
    }

    It 'a missing file is FileNotFound, ObjectNotFound, targeting the path (-Path and -LiteralPath)' {
        Push-Location -LiteralPath $TestDrive
        try {
            { Get-ModelFlops -Path ./missing.yaml -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileNotFound,PSFlops.Commands.GetModelFlopsCommand'
            { Get-ModelFlops -LiteralPath ./missing.yaml -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileNotFound,PSFlops.Commands.GetModelFlopsCommand'
            $null = Get-ModelFlops -Path ./missing.yaml -ErrorAction SilentlyContinue -ErrorVariable errs
        } finally { Pop-Location }
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be './missing.yaml'
    }

    It '<Label> is <Id> (<Category>) at <Where>' -ForEach @(
        # Line 4 is indented one space more than its sibling: a mapping value where none may start.
        @{ Label = 'a mis-indented key'; File = 'syntax-indent.yaml'; Id = 'YamlSyntaxError'; Category = 'ParserError'; Where = 'syntax-indent\.yaml:4:'
           Text = "name: bad`ntransformer:`n  layers: 2`n   model_dim: 64`n"; Names = $null }
        # The flow list opened on line 4 never closes; the parser notices at the next key.
        @{ Label = 'an unterminated flow sequence'; File = 'syntax-flow.yaml'; Id = 'YamlSyntaxError'; Category = 'ParserError'; Where = 'syntax-flow\.yaml:\d+:\d+'
           Text = "name: bad`ntransformer:`n  layers: 2`n  model_dim: [64`n  heads: 4`n"; Names = $null }
        @{ Label = 'an unknown key'; File = 'unknown-key.yaml'; Id = 'YamlUnknownKey'; Category = 'ParserError'; Where = 'unknown-key\.yaml:4:'
           Text = "name: bad`ntransformer:`n  layers: 2`n  modle_dim: 64`n  heads: 4`n"; Names = "'modle_dim'" }
        # 3 heads do not divide model_dim 100 and no head_dim is given: reported at the heads line (5).
        @{ Label = 'heads that do not divide model_dim'; File = 'shape.yaml'; Id = 'InvalidShape'; Category = 'InvalidData'; Where = 'shape\.yaml:5:'
           Text = "name: bad`ntransformer:`n  layers: 2`n  model_dim: 100`n  heads: 3`n  ffn_dim: 400`n  vocab_size: 10`n"; Names = 'heads' }
    ) {
        $path = Write-TestFile (Join-Path $TestDrive "errors/$File") $Text
        { Get-ModelFlops -LiteralPath $path -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PSFlops.Commands.GetModelFlopsCommand"
        $null = Get-ModelFlops -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be $Category
        $errs[0].TargetObject | Should -Be $path
        "$($errs[0])" | Should -Match $Where
        if ($Names) { "$($errs[0])" | Should -Match $Names }
    }

    It 'reads a Hugging Face config.json (llama) and counts its parameters and FLOPs by hand' {
        $path = Write-TestFile (Join-Path $TestDrive 'tiny-llama/config.json') @'
{
  "architectures": ["LlamaForCausalLM"],
  "model_type": "llama",
  "hidden_size": 256,
  "intermediate_size": 688,
  "num_attention_heads": 8,
  "num_key_value_heads": 2,
  "num_hidden_layers": 3,
  "vocab_size": 1000,
  "max_position_embeddings": 2048,
  "rms_norm_eps": 1e-05,
  "hidden_act": "silu",
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16"
}
'@
        $r = Get-ModelFlops -LiteralPath $path -SequenceLength 128 -Convention Matmul
        # d_h = 256/8 = 32; K and V are 2 heads x 32 = 64 wide. SwiGLU, RMSNorm (gamma only), untied head.
        $perLayerParameters = (256 * 256 + 2 * 256 * 64 + 256 * 256) + 3 * 256 * 688 + 2 * 256   # 692,736
        $r.Parameters | Should -Be (1000 * 256 + 3 * $perLayerParameters + 256 + 256 * 1000)     # 2,590,464
        $perLayerFlops = 2 * 128 * 256 * 256 + 2 * (2 * 128 * 256 * 64) + 2 * (2 * 8 * 128 * 128 * 32) +
            2 * 128 * 256 * 256 + 6 * 128 * 256 * 688
        $r.ForwardFlops | Should -Be (3 * $perLayerFlops + 2 * 128 * 256 * 1000)                # 647,495,680
    }

    It 'an unsupported model_type is UnsupportedModelType and lists the supported ones' {
        $path = Write-TestFile (Join-Path $TestDrive 'rwkv/config.json') '{ "model_type": "rwkv", "hidden_size": 512, "num_hidden_layers": 6 }'
        { Get-ModelFlops -LiteralPath $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedModelType,PSFlops.Commands.GetModelFlopsCommand'
        $null = Get-ModelFlops -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable errs
        "$($errs[0])" | Should -Match "'rwkv'"
        "$($errs[0])" | Should -Match 'llama'
    }

    It 'a folder with one bad file (unknown key) and two good ones still writes the good ones' {
        $folder = Join-Path $TestDrive 'mixed-key'
        $null = Write-TestFile (Join-Path $folder 'a-good.yaml') ($tinyYaml -replace 'name: tiny', 'name: a-good')
        $null = Write-TestFile (Join-Path $folder 'b-bad.yaml') "name: b-bad`ntransformer:`n  layers: 2`n  modle_dim: 64`n"
        $null = Write-TestFile (Join-Path $folder 'c-good.yaml') ($tinyYaml -replace 'name: tiny', 'name: c-good')
        $rows = @(Get-ModelFlops -Path (Join-Path $folder '*.yaml') -ErrorAction SilentlyContinue -ErrorVariable errs)
        (($rows.Model | Sort-Object) -join ',') | Should -Be 'a-good,c-good'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'YamlUnknownKey,PSFlops.Commands.GetModelFlopsCommand'
        $errs[0].TargetObject | Should -BeLike '*b-bad.yaml'
    }

    It 'a folder with one bad file (YAML syntax error) and two good ones still writes the good ones' {
        $folder = Join-Path $TestDrive 'mixed-syntax'
        $null = Write-TestFile (Join-Path $folder 'a-good.yaml') ($tinyYaml -replace 'name: tiny', 'name: a-good')
        $null = Write-TestFile (Join-Path $folder 'b-bad.yaml') "name: b-bad`ntransformer:`n  layers: 2`n  model_dim: [64`n  heads: 4`n"
        $null = Write-TestFile (Join-Path $folder 'c-good.yaml') ($tinyYaml -replace 'name: tiny', 'name: c-good')
        $rows = @(Get-ModelFlops -Path (Join-Path $folder '*.yaml') -ErrorAction SilentlyContinue -ErrorVariable errs)
        (($rows.Model | Sort-Object) -join ',') | Should -Be 'a-good,c-good'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'YamlSyntaxError,PSFlops.Commands.GetModelFlopsCommand'
    }

    It 'reads a layer-graph file (conv, batchnorm, relu, maxpool, flatten, linear) and counts it by hand' {
        $path = Write-TestFile (Join-Path $TestDrive 'small-cnn.yaml') @'
name: small-cnn
input: [3, 32, 32]
layers:
  - conv2d: {out_channels: 16, kernel_size: 3, padding: 1, bias: false}
  - batchnorm: {}
  - relu: {}
  - maxpool: {kernel_size: 2, stride: 2}
  - flatten: {}
  - linear: {out_features: 10, bias: true}
'@
        $matmul = Get-ModelFlops -LiteralPath $path -Convention Matmul
        $full = Get-ModelFlops -LiteralPath $path
        # conv 3->16 3x3 pad 1 keeps 32x32: 32*32*16*3*9 MACs; maxpool 2/2 -> 16x16x16 = 4096 features; linear 4096 -> 10.
        $macs = 32 * 32 * 16 * 3 * 9 + 4096 * 10                         # 483,328
        $matmul.Macs | Should -Be $macs
        $matmul.ForwardFlops | Should -Be (2 * $macs)                     # no bias adds under Matmul (issue 13 item 7)
        $matmul.Parameters | Should -Be (16 * 3 * 9 + 2 * 16 + 4096 * 10 + 10)   # conv, batchnorm, linear: 41,434
        # Full adds batchnorm 2 and relu 1 per element of 16x32x32, maxpool (2*2 - 1) per output of 16x16x16.
        $full.ForwardFlops | Should -Be (2 * $macs + 10 + 2 * 16384 + 16384 + 3 * 4096)
    }

    It 'counts a repeat of 1e9 layers analytically' {
        $path = Write-TestFile (Join-Path $TestDrive 'deep.yaml') @'
name: deep
input: [16, 8, 8]
layers:
  - repeat: 1000000000
    layers:
      - conv2d: {out_channels: 16, kernel_size: 3, padding: 1, bias: false}
'@
        $r = Get-ModelFlops -LiteralPath $path -Convention Matmul
        # One conv: 8*8 outputs x 16 channels x 16 inputs x 9 taps = 147,456 MACs; 16*16*9 = 2,304 weights.
        $r.Macs | Should -Be (1e9 * 147456)
        $r.Parameters | Should -Be (1e9 * 2304)
    }
}

Describe 'Get-ModelFlops progress' {
    It 'reports progress on a sweep that takes over a second, and completes it' {
        # 2,000 x 1,000 points take a few seconds; progress starts after one second.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSFLOPS_MODULE'; Get-ModelFlops -Model gpt2 -SequenceLength (1..2000) -BatchSize (1..1000) | Measure-Object | ForEach-Object Count")
            $count = $ps.Invoke()
            $count | Should -Be 2000000
            $ps.Streams.Progress.Count | Should -BeGreaterThan 1
            $ps.Streams.Progress[-1].RecordType | Should -Be 'Completed'
            $ps.Streams.Progress[0].Activity | Should -Be 'Get-ModelFlops'
        } finally { $ps.Dispose() }
    }

    It 'shows no progress for a call that takes less than a second' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSFLOPS_MODULE'; Get-ModelFlops -Model gpt2 -SequenceLength 1, 2")
            $null = $ps.Invoke()
            $ps.Streams.Progress.Count | Should -Be 0
        } finally { $ps.Dispose() }
    }
}
