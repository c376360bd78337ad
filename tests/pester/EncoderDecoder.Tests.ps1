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
