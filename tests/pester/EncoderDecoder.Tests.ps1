# Issue 16 through the cmdlets: state-space and encoder-decoder configs, both lengths as inputs.

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    $configs = Join-Path $PSScriptRoot '..' 'unit' 'configs'
}

Describe 'Get-ModelFlops on encoder-decoder and state-space config.json files' {
    It 'Whisper large-v3 has 1,543,490,560 parameters (safetensors F16 total; derivation in EncoderDecoderFamilyTests)' {
        (Get-ModelFlops -LiteralPath (Join-Path $configs 'whisper-large-v3.json')).Parameters | Should -Be 1543490560
    }

    It '-EncoderSequenceLength sets the encoder positions, -SequenceLength the decoder''s' {
        $path = Join-Path $configs 't5-v1_1-base.json'
        $rows = Get-LayerFlops -LiteralPath $path -SequenceLength 16 -EncoderSequenceLength 1024
        ($rows | Where-Object { $_.Block -eq 'encoder layers' -and $_.Name -eq 'attention' }).InputShape | Should -Be '1x1024x768'
        ($rows | Where-Object { $_.Block -eq 'decoder layers' -and $_.Name -eq 'attention' }).InputShape | Should -Be '1x16x768'
        # A longer encoder input costs more; the parameters stay the same.
        $short = Get-ModelFlops -LiteralPath $path -SequenceLength 16 -EncoderSequenceLength 512
        $long = Get-ModelFlops -LiteralPath $path -SequenceLength 16 -EncoderSequenceLength 1024
        $long.ForwardFlops | Should -BeGreaterThan $short.ForwardFlops
        $long.Parameters | Should -Be 247577856
    }

    It '-EncoderSequenceLength reaches the planners: the cross-attention cache is sized for the encoder''s positions' {
        # t5-v1_1-base: 12 decoder layers, each caching 2 x 768 values per self-attention position and per encoder
        # position; BF16. Context 1024, no encoder length named: the encoder read the 1024-position prompt,
        # 12 x 2 x 768 x (1024 + 1024) x 2 = 75,497,472 bytes. With -EncoderSequenceLength 4096:
        # 12 x 2 x 768 x (1024 + 4096) x 2 = 188,743,680 bytes.
        $path = Join-Path $configs 't5-v1_1-base.json'
        (Get-InferenceEstimate -LiteralPath $path -SequenceLength 1024 -Hardware H100-SXM).KvCacheBytes | Should -Be 75497472
        (Get-InferenceEstimate -LiteralPath $path -SequenceLength 1024 -EncoderSequenceLength 4096 -Hardware H100-SXM).KvCacheBytes |
            Should -Be 188743680
        (Get-ModelMemory -LiteralPath $path -Inference -SequenceLength 1024 -EncoderSequenceLength 4096).KvCacheBytes | Should -Be 188743680
    }

    It 'the encoder length pipes from Get-ModelFlops into Get-ModelMemory and on into Get-InferenceEstimate' {
        # The same 4096-position encoder as above: 12 x 2 x 768 x (1024 + 4096) x 2 = 188,743,680 bytes of cache.
        $path = Join-Path $configs 't5-v1_1-base.json'
        $flops = Get-ModelFlops -LiteralPath $path -SequenceLength 1024 -EncoderSequenceLength 4096
        $flops.EncoderSequenceLength | Should -Be 4096
        $memory = $flops | Select-Object @{ n = 'LiteralPath'; e = { $path } }, SequenceLength, EncoderSequenceLength | Get-ModelMemory -Inference
        $memory.EncoderSequenceLength | Should -Be 4096
        $memory.KvCacheBytes | Should -Be 188743680
        ($memory | Get-InferenceEstimate -LiteralPath $path -Hardware H100-SXM).KvCacheBytes | Should -Be 188743680
        # Without it the encoder reads the sequence (prefill) and a decoder-only model has none.
        (Get-ModelFlops -LiteralPath $path -SequenceLength 1024).EncoderSequenceLength | Should -Be 1024
        (Get-ModelFlops gpt2).EncoderSequenceLength | Should -BeNullOrEmpty
    }

    It 'the planners'' records carry the encoder length too: Find-ServingLayout into Get-InferenceEstimate keeps its cache' {
        # Without the echo the piped estimate fell back to a 1024-position encoder: (1024 + 1024) / (1024 + 4096) of it.
        $path = Join-Path $configs 't5-v1_1-base.json'
        $found = @(Find-ServingLayout -LiteralPath $path -SequenceLength 1024 -EncoderSequenceLength 4096 -Hardware H100-SXM -MaxDeviceCount 1)[0]
        $found.EncoderSequenceLength | Should -Be 4096
        ($found | Get-InferenceEstimate -LiteralPath $path).KvCacheBytes | Should -Be $found.KvCacheBytes
        (Get-StepTime -LiteralPath $path -Hardware H100-SXM -SequenceLength 512 -EncoderSequenceLength 2048).EncoderSequenceLength | Should -Be 2048
        (Get-StepTime gpt2 -Hardware H100-SXM -SequenceLength 512).EncoderSequenceLength | Should -BeNullOrEmpty
    }

    It 'mamba-130m-hf has 129,135,360 parameters (safetensors F32 total)' {
        (Get-ModelFlops -LiteralPath (Join-Path $configs 'mamba-130m-hf.json')).Parameters | Should -Be 129135360
    }

    It 'llava-1.5-7b is one object whose Parameters count the vision tower, the projector and the language model' {
        $path = Join-Path $configs 'llava-1.5-7b-hf.json'
        $all = @(Get-ModelFlops -LiteralPath $path)
        $all.Count | Should -Be 1
        $all[0].Parameters | Should -Be 7063427072        # 303,507,456 vision + 20,979,712 projector + 6,738,939,904 LM
        $all[0].ActiveParameters | Should -Be 7063427072
        $rows = Get-LayerFlops -LiteralPath $path -SequenceLength 600
        ($rows | Where-Object Block -eq 'projector' | Measure-Object -Property Parameters -Sum).Sum | Should -Be 20979712
    }
}

Describe 'Transformer-form YAML for state-space, hybrid and encoder-decoder models' {
    BeforeAll {
        $yaml = Join-Path $PSScriptRoot '..' 'unit' 'yaml'
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ('psflops-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterAll { Remove-Item -LiteralPath $dir -Recurse -Force }

    It 'the built-in mamba-130m and its config.json count the same 129,135,360 parameters and FLOPs' {
        $builtIn = Get-ModelFlops -Model mamba-130m -SequenceLength 1024
        $json = Get-ModelFlops -LiteralPath (Join-Path $configs 'mamba-130m-hf.json') -SequenceLength 1024
        $builtIn.Parameters | Should -Be 129135360
        $builtIn.ForwardFlops | Should -Be $json.ForwardFlops
    }

    It 'the built-in t5-v1_1-base has 247,577,856 parameters and honours -EncoderSequenceLength as its config.json does' {
        $builtIn = Get-ModelFlops -Model t5-v1_1-base -SequenceLength 16 -EncoderSequenceLength 1024
        $json = Get-ModelFlops -LiteralPath (Join-Path $configs 't5-v1_1-base.json') -SequenceLength 16 -EncoderSequenceLength 1024
        $builtIn.Parameters | Should -Be 247577856
        $builtIn.ForwardFlops | Should -Be $json.ForwardFlops
    }

    It 'Get-ModelFlops -Path reads a Jamba YAML file: 51,570,323,328 parameters, 12,110,311,296 active (HybridFamilyTests)' {
        $jamba = Get-ModelFlops -Path (Join-Path $yaml 'jamba-v0.1.yaml')
        $jamba.Parameters | Should -Be 51570323328
        $jamba.ActiveParameters | Should -Be 12110311296
    }

    It 'a bad ssm key is YamlUnknownKey (ParserError) at its file, line and column, and the next file still loads' {
        $bad = Join-Path $dir 'bad-mamba.yaml'
        Set-Content -LiteralPath $bad -Value "transformer:`n  layers: 2`n  model_dim: 16`n  ffn: none`n  vocab_size: 50`n  ssm:`n    kind: mamba`n    d_state: 8"
        $out = @(Get-ModelFlops -LiteralPath $bad, (Join-Path $yaml 'mamba-codestral-7b.yaml') -ErrorAction SilentlyContinue -ErrorVariable errs)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'YamlUnknownKey,PSFlops.Commands.GetModelFlopsCommand'
        "$($errs[0].CategoryInfo.Category)" | Should -Be 'ParserError'
        "$($errs[0])" | Should -Match 'bad-mamba\.yaml:8:5'
        "$($errs[0])" | Should -Match 'state_size'
        $out.Count | Should -Be 1
        $out[0].Parameters | Should -Be 7285403648
    }
}
