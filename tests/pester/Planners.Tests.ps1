# Issue 13: planners take any model source, sweep, pipe into each other, use user hardware as given, hand out
# objects that cannot change later results, and check layouts against the model's shape.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # A tiny Llama config.json; its counts are derived by hand in Get-ModelFlops.Tests.ps1: 2,590,464 parameters,
    # forward FLOPs at S 128 under Matmul 647,495,680 (5,058,560 per token).
    $script:config = Write-TestFile (Join-Path $TestDrive 'tiny-llama/config.json') @'
{ "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 256, "intermediate_size": 688,
  "num_attention_heads": 8, "num_key_value_heads": 2, "num_hidden_layers": 3, "vocab_size": 1000,
  "max_position_embeddings": 2048, "rms_norm_eps": 1e-05, "hidden_act": "silu", "tie_word_embeddings": false }
'@
}

Describe 'a config.json model through every planner' {
    It 'Get-ModelMemory: 2 + 12 bytes per parameter of weights and Adam states (ZeRO accounting)' {
        $r = Get-ModelMemory -LiteralPath $config -SequenceLength 128
        $r.WeightBytes | Should -Be (2 * 2590464)
        $r.OptimizerBytes | Should -Be (12 * 2590464)
    }
    It 'Get-TrainingEstimate gives total compute without -Hardware: 3 x 5,058,560 x 1e9 tokens' {
        $r = Get-TrainingEstimate -LiteralPath $config -SequenceLength 128 -TrainingTokens 1e9
        $r.TrainingFlops | Should -Be (3 * 5058560 * 1e9)
        $r.WallClockDays | Should -BeNullOrEmpty
        $r.Convention | Should -Be 'Matmul'
    }
    It 'Get-ModelMfu: 15,175,680 FLOPs a token x 1e6 tokens/s over 100 TFLOP/s' {
        $r = Get-ModelMfu -LiteralPath $config -SequenceLength 128 -TokensPerSecond 1e6 -PeakTFlopsPerSecond 100
        Assert-Relative $r.Mfu (3 * 5058560 * 1e6 / 100e12) 1e-12
    }
    It '-Model is positional on every cmdlet that takes a model' {
        (Get-ModelMemory gpt2).Model | Should -Be 'gpt2'
        (Get-TrainingEstimate gpt2).Model | Should -Be 'gpt2'
        (Get-ModelMfu gpt2 -TokensPerSecond 1 -PeakTFlopsPerSecond 1).Model | Should -Be 'gpt2'
        (Get-ModelFlops gpt2).Model | Should -Be 'gpt2'
    }
}

Describe 'sweeps' {
    It 'writes one result per combination of models, sequence lengths, layouts and devices' {
        @(Get-ModelMemory llama-3.1-8b -Inference -SequenceLength 1024, 2048 -TensorParallel 1, 2 -Hardware H100-SXM, A100-SXM-80GB).Count | Should -Be 8
        @(Get-TrainingEstimate gpt2, llama-3.1-8b -SequenceLength 512, 1024).Count | Should -Be 4
        @(Get-ModelMfu gpt2 -SequenceLength 256, 512 -TokensPerSecond 1e5 -Hardware H100-SXM -DataParallel 1, 2, 4).Count | Should -Be 6
        @(Get-StepTime gpt2 -Hardware H100-SXM -SequenceLength 512, 1024 -DataParallel 1, 2).Count | Should -Be 4
    }
    It 'takes one rate or target per call (about_PSFlops): -<Name> of <Cmdlet> is not an array' -ForEach @(
        @{ Cmdlet = 'Get-ModelMfu'; Name = 'TokensPerSecond' }
        @{ Cmdlet = 'Get-TrainingEstimate'; Name = 'StepSeconds' }
        @{ Cmdlet = 'Get-TrainingEstimate'; Name = 'TrainingTokens' }
        @{ Cmdlet = 'Get-TrainingEstimate'; Name = 'Days' }
    ) {
        (Get-Command $Cmdlet).Parameters[$Name].ParameterType.IsArray | Should -BeFalse
    }
}

Describe 'pipe pairs bind every quantity they share' {
    It 'Get-ModelMemory | Get-ModelMemory keeps the context and the layout' {
        $first = Get-ModelMemory llama-2-70b -Inference -SequenceLength 32768 -TensorParallel 8
        $again = $first | Get-ModelMemory -Inference
        $again.SequenceLength | Should -Be 32768
        $again.TensorParallel | Should -Be 8
        $again.TotalBytes | Should -Be $first.TotalBytes
    }
    It 'Get-TrainingEstimate | Get-ModelMemory keeps the devices, the layout and ZeRO' {
        $m = Get-TrainingEstimate llama-3.1-8b -Hardware H100-SXM -DeviceCount 64 -TensorParallel 8 -ZeroStage 1 | Get-ModelMemory
        $m.DeviceCount | Should -Be 64
        $m.DataParallel | Should -Be 8           # 64 devices / TP 8
        $m.ZeroStage | Should -Be 1
        $m.Hardware | Should -Be 'H100-SXM'
    }
    It 'Get-ModelFlops | Get-ModelMfu keeps the sequence length' {
        $r = Get-ModelFlops gpt2 -SequenceLength 512 | Get-ModelMfu -TokensPerSecond 1e5 -Hardware A100-SXM-80GB
        $r.SequenceLength | Should -Be 512
        $r.FlopsPerToken | Should -Be (Get-ModelFlops gpt2 -SequenceLength 512 -Convention Matmul).TrainingFlopsPerToken
    }
    It 'Get-ModelMfu | Get-TrainingEstimate carries the measured MFU and the devices' {
        $mfu = Get-ModelMfu gpt2 -TokensPerSecond 1e6 -Hardware H100-SXM -DeviceCount 8
        $t = $mfu | Get-TrainingEstimate -TrainingTokens 1e9
        $t.Mfu | Should -Be $mfu.Mfu
        $t.DeviceCount | Should -Be 8
    }
    It 'Get-Hardware | planners: a user row is used as it is, never replaced by the built-in row of its name' {
        $file = Write-TestFile (Join-Path $TestDrive 'mine.yaml') @'
hardware:
  - name: H100-SXM
    vendor: Mine
    memory_gb: 1
    memory_bytes: 1000000000
    memory_bandwidth_gbps: 1000
    bf16_tflops: 100
'@
        $mine = Get-Hardware -Path $file -Name H100-SXM
        ($mine | Get-ModelMemory gpt2).DeviceMemoryBytes | Should -Be 1e9
        ($mine | Get-ModelMfu -FlopsPerToken 1e9 -TokensPerSecond 1e4).Mfu | Should -Be (1e9 * 1e4 / 100e12)
        (Get-TrainingEstimate gpt2 -Hardware $mine -TrainingTokens 1e9).Hardware | Should -Be 'H100-SXM'
        (Get-ModelMfu -FlopsPerToken 1e9 -TokensPerSecond 1e4 -Hardware $mine).PeakTFlopsPerSecondPerDevice | Should -Be 100
    }
}

Describe 'objects handed out cannot change later results' {
    It 'changing a hardware row changes nothing later' {
        $h = Get-Hardware H100-SXM
        try { $h.Bf16TFlops = 1 } catch { }
        (Get-Hardware H100-SXM).Bf16TFlops | Should -Be 989.5
        (Get-ModelMfu -FlopsPerToken 1e9 -TokensPerSecond 1e4 -Hardware H100-SXM).PeakTFlopsPerSecondPerDevice | Should -Be 989.5
        { $h.Aliases[0] = 'x' } | Should -Throw
    }
    It 'changing a definition from Get-ModelDefinition changes nothing later' {
        $d = Get-ModelDefinition gpt2
        try { $d.Transformer.Layers = 1 } catch { }
        (Get-ModelFlops gpt2).Parameters | Should -Be 124439808      # HF openai-community/gpt2
    }
    It 'Get-Hardware | Export-Csv is readable: aliases joined, no .NET type names' {
        $csv = Get-Hardware H100-SXM | ConvertTo-Csv -NoTypeInformation
        ($csv -join "`n") | Should -Not -Match 'System\.'
        $row = $csv | ConvertFrom-Csv
        $row.Aliases | Should -Match '^H100, '
        $row.Hardware | Should -Be 'H100-SXM'
        $row.MemoryBytes | Should -Be '85520809984'
    }
}

Describe 'layouts against the model shape: clear error ids' {
    It '<Case> is <Id>' -ForEach @(
        @{ Case = 'TP 3 on 32 heads'; Id = 'TensorParallelHeads'; Run = { Get-ModelMemory llama-3.1-8b -TensorParallel 3 -ErrorAction Stop } }
        @{ Case = 'PP 33 on 32 layers'; Id = 'PipelineParallelLayers'; Run = { Get-ModelMemory llama-3.1-8b -PipelineParallel 33 -ErrorAction Stop } }
        @{ Case = 'EP 3 on 8 experts'; Id = 'ExpertParallelExperts'; Run = { Get-TrainingEstimate mixtral-8x7b -ExpertParallel 3 -DataParallel 3 -ErrorAction Stop } }
        @{ Case = '2048 tokens on GPT-2''s 1024 learned positions'; Id = 'SequenceBeyondPositions'; Run = { Get-ModelMemory gpt2 -SequenceLength 2048 -ErrorAction Stop } }
        @{ Case = 'DeviceCount 10 against TP 4'; Id = 'DeviceCountLayout'; Run = { Get-ModelMemory gpt2 -DeviceCount 10 -TensorParallel 4 -ErrorAction Stop } }
        @{ Case = '-Inference with ZeRO'; Id = 'ParameterNotUsed'; Run = { Get-ModelMemory gpt2 -Inference -ZeroStage 3 -ErrorAction Stop } }
        @{ Case = 'Get-ModelMemory with a link bandwidth'; Id = 'ParameterNotUsed'; Run = { Get-ModelMemory gpt2 -Hardware H100-SXM -ScaleOutGbps 100 -ErrorAction Stop } }
    ) {
        $Run | Should -Throw -ErrorId "$Id,*"
    }
}

Describe 'memory figures (issue 13 item 5)' {
    It 'flash attention is the default; eager adds 2 a s^2 b per layer without dropout, 5 a s^2 b with' {
        # Llama-2-7B (no dropout: attention_dropout 0.0): 32 layers, 32 heads, s 2048: 32 x 2 x 32 x 2048^2 = 8,589,934,592
        # bytes, the softmax output alone. GPT-2 trains with attention dropout 0.1: its 12 layers of 12 heads at s 1024 keep
        # the softmax, its mask and the dropout output, 12 x 5 x 12 x 1024^2 = 754,974,720 bytes.
        $default = Get-ModelMemory llama-2-7b -SequenceLength 2048
        $flash = Get-ModelMemory llama-2-7b -SequenceLength 2048 -FlashAttention
        $eager = Get-ModelMemory llama-2-7b -SequenceLength 2048 -FlashAttention:$false
        $default.ActivationBytes | Should -Be $flash.ActivationBytes
        ($eager.ActivationBytes - $flash.ActivationBytes) | Should -Be (32 * 2 * 32 * [double]2048 * 2048)
        $gpt2 = (Get-ModelMemory gpt2 -SequenceLength 1024 -FlashAttention:$false).ActivationBytes - (Get-ModelMemory gpt2 -SequenceLength 1024).ActivationBytes
        $gpt2 | Should -Be (12 * 5 * 12 * [double]1024 * 1024)
    }
    It '-Inference honours -PipelineParallel: 405B weights over TP 8 x PP 4' {
        $r = Get-ModelMemory llama-3.1-405b -Inference -SequenceLength 8192 -TensorParallel 8 -PipelineParallel 4
        $r.DeviceCount | Should -Be 32
        $r.WeightBytes | Should -Be ($r.Parameters * 2 / 32)
        # KV: ceil(126 / 4) = 32 layers x 1 of 8 KV heads x 128 x 8192 positions x 2 (K, V) x 2 bytes.
        $r.KvCacheBytes | Should -Be (32 * 1 * 128 * 8192 * 2 * 2)
    }
    It 'the smallest fitting layout searches TP and PP and stays within the heads' {
        # 405B in bf16 = 811.7 GB of weights; usable per H100 = 85,520,809,984 x 0.9 = 76.97 GB. 8 devices hold 101 GB
        # each: too much. 16 devices hold 50.7 GB: TP 8 x PP 2 (TP 16 crosses the 8-GPU node, so PP is preferred).
        $r = Get-ModelMemory llama-3.1-405b -Inference -SequenceLength 8192 -Hardware H100-SXM
        $r.MinDeviceCount | Should -Be 16
        $r.SmallestLayout | Should -Be 'TP 8 x PP 2 x DP 1'
        $r.MinTensorParallel | Should -Be 16
    }
    It 'the smallest training layout keeps TP within the H100 scale-up domain of 8' {
        # MemoryAssessmentTests derives it: 405B at 8K, ZeRO-2, SP: TP 8 x PP 32 x DP 4 = 1024 devices, not TP 64 x DP 2;
        # -ScaleUpDomain 72 (NVL72) admits the TP 64 layout, 128 devices.
        $r = Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -ZeroStage 2 -SequenceParallel -Hardware H100-SXM
        $r.SmallestLayout | Should -Be 'TP 8 x PP 32 x DP 4'
        $r.MinDeviceCount | Should -Be 1024
        $wide = Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -ZeroStage 2 -SequenceParallel -Hardware H100-SXM -ScaleUpDomain 72
        $wide.SmallestLayout | Should -Be 'TP 64 x PP 1 x DP 2'
    }
    It 'Meta''s own 405B layout fits an H100 once Llama''s absent dropout masks are not counted' {
        # Llama3OwnLayoutTests: 73,805,510,358 bytes of 76,968,728,985.6 usable.
        $r = Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -TensorParallel 8 -PipelineParallel 16 -DataParallel 128 `
            -SequenceParallel -ZeroStage 2 -GlobalBatchSize 2048 -Hardware H100-SXM
        $r.TotalBytes | Should -Be 73805510358
        $r.Fits | Should -BeTrue
    }
}

Describe 'views keep their key columns within 80 columns (issue 13 item 8)' {
    It '<Name> shows <Key> at width 80' -ForEach @(
        @{ Name = 'Get-ModelMemory'; Key = 'Fits'; Run = { Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -Hardware H100-SXM -TensorParallel 8 } }
        @{ Name = 'Get-ModelMemory'; Key = 'Total'; Run = { Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -Hardware H100-SXM -TensorParallel 8 } }
        @{ Name = 'Get-ModelFlops'; Key = 'Train/token'; Run = { Get-ModelFlops llama-3.1-8b, deepseek-v3, qwen3-235b-a22b -SequenceLength 131072 } }
        @{ Name = 'Get-TrainingEstimate'; Key = 'Wall clock'; Run = { Get-TrainingEstimate llama-3.1-405b -Hardware H100-SXM -DeviceCount 16384 } }
        @{ Name = 'Get-ModelMfu'; Key = 'MFU'; Run = { Get-ModelMfu llama-3.1-8b -TokensPerSecond 3000 -Hardware H100-SXM } }
        # The per-layer table: model and block head each group, so a long block name (DeepSeek's 'layers 3-60 moe') costs no width.
        @{ Name = 'Get-LayerFlops'; Key = 'Share'; Run = { Get-LayerFlops llama-3.1-8b } }
        @{ Name = 'Get-LayerFlops'; Key = 'Total'; Run = { Get-LayerFlops deepseek-v3 } }
        @{ Name = 'Get-LayerFlops'; Key = 'Layers of: deepseek-v3, layers 3-60 moe'; Run = { Get-LayerFlops deepseek-v3 } }
        @{ Name = 'Get-LayerFlops'; Key = 'Params'; Run = { Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 4096 -SequenceLength 8192 } }
        # Sorted across blocks, the Ranked view is one table with the block in a column (the README's demo).
        @{ Name = 'Get-LayerFlops -View Ranked'; Key = 'layers 3-60 moe'; Run = { Get-LayerFlops deepseek-v3 | Sort-Object TotalFlops -Descending | Format-Table -View Ranked } }
    ) {
        $lines = (& $Run | Out-String -Width 80) -split "`r?`n"
        ($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        ($lines | Where-Object { $_ -match [regex]::Escape($Key) }) | Should -Not -BeNullOrEmpty
        ($lines -join "`n") | Should -Not -Match '…'
    }
    It 'Get-ModelMemory with interleaving and a device reports a valid smallest layout, not an error' {
        # Llama 3 405B as Meta laid it out (TP 8, PP 16, DP 128, ZeRO-2, SP) with 4 virtual stages: the smallest-layout
        # search tries one pipeline stage, which cannot interleave; it drops the interleaving instead of failing.
        $r = Get-ModelMemory llama-3.1-405b -SequenceLength 8192 -TensorParallel 8 -PipelineParallel 16 -DataParallel 128 `
            -SequenceParallel -ZeroStage 2 -VirtualPipelineStages 4 -GlobalBatchSize 2048 -Hardware H100-SXM -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        # And the search skips candidates whose replicas cannot share the 2048 sequences (DP 4096), instead of failing on them.
        # TP stays within the H100's 8 (below 8 the 126 x 532,676,608 bytes of activations double); with v = 4, PP <= 16
        # (PP x v <= 126 layers). Under 16,384 devices: PP 16 needs DP <= 64, m >= 32, and holds the schedule's 79 chunks,
        # 155.5 layers' worth (82.8 GB); PP 8, 4, 2 hold all m v chunks, 126 layers' worth (67.1 GB), plus weights
        # 2 Psi / (8 PP) of at least 12.7 GB: over the 76.97 GB usable. At 16,384 devices the fewer stages come first and
        # miss the same way, so Meta's own TP 8 x PP 16 x DP 128 (73.8 GB) is the smallest layout.
        $r.SmallestLayout | Should -Be 'TP 8 x PP 16 x DP 128'
        # 16 micro-batches x 4 chunks are all a first rank can hold: 126 layers' worth, as at v = 1 (Llama3OwnLayoutTests).
        $r.ActivationBytes | Should -Be (126 * 532676608)
    }
    It 'Get-LayerFlops keeps raw numbers behind its units' {
        # Linear 4096 -> 4096 over 8192 tokens: 2 x 8192 x 4096 x 4096 = 274,877,906,944 FLOPs, shown as 275 GFLOPs.
        $r = Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 4096 -SequenceLength 8192
        $r.TotalFlops | Should -Be 274877906944
        $r.Share | Should -Be 1
        ($r | Out-String -Width 80) | Should -Match '275 GFLOPs'
    }
    It 'Get-ModelMemory and Get-TrainingEstimate write Parameters as an integer' {
        (Get-ModelMemory gpt2).Parameters | Should -BeOfType [long]
        (Get-TrainingEstimate gpt2).Parameters | Should -BeOfType [long]
    }
}

Describe 'Get-TrainingEstimate | Get-ModelMemory carries the micro-batch and sequence parallelism' {
    It 'binds BatchSize, SequenceLength and SequenceParallel' {
        $m = Get-TrainingEstimate llama-3.1-8b -SequenceLength 4096 -BatchSize 2 -TensorParallel 8 -SequenceParallel -DeviceCount 64 | Get-ModelMemory
        $m.BatchSize | Should -Be 2
        $m.SequenceLength | Should -Be 4096
        $m.SequenceParallel | Should -BeTrue
        $m.TotalBytes | Should -Be (Get-ModelMemory llama-3.1-8b -SequenceLength 4096 -BatchSize 2 -TensorParallel 8 -SequenceParallel -DataParallel 8).TotalBytes
    }
}
