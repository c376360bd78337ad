# Bad input: every failure is an ErrorRecord with a stable id, the right category and the failing item as
# target; files name path, line and column; good items before and after a bad one still come out.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:good = "name: tiny`ntransformer:`n  layers: 2`n  model_dim: 64`n  heads: 4`n  ffn_dim: 256`n  vocab_size: 100`n"
    # By hand: 2 x (attention 4 x 64 x 64 + FFN 2 x 64 x 256 + two LayerNorms 4 x 64) + embedding 6,400 + final norm 128 + head 6,400.
    $script:goodParameters = 2 * (4 * 64 * 64 + 2 * 64 * 256 + 4 * 64) + 6400 + 128 + 6400
}

Describe 'bad dimensions' {
    It '<Label> is <Id>' -ForEach @(
        # Refused at binding by [Dimension], the one range check every cmdlet's whole-number parameters share.
        @{ Label = 'zero'; Splat = @{ InputDim = 0 }; Id = 'ParameterArgumentTransformationError' }
        @{ Label = 'negative'; Splat = @{ InputDim = -4 }; Id = 'ParameterArgumentTransformationError' }
        @{ Label = 'past 2^53'; Splat = @{ InputDim = [long]1 -shl 60 }; Id = 'ParameterArgumentTransformationError' }
        @{ Label = 'fractional'; Splat = @{ InputDim = 2.5 }; Id = 'ParameterArgumentTransformationError' }
        @{ Label = 'absurdly large (1e300)'; Splat = @{ InputDim = 1e300 }; Id = 'ParameterArgumentTransformationError' }
        @{ Label = 'not a number'; Splat = @{ InputDim = 'four' }; Id = 'ParameterArgumentTransformationError' }
    ) {
        { Get-LayerFlops -Type Linear -OutputDim 8 @Splat -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PSFlops.Commands.GetLayerFlopsCommand"
    }

    It 'a blank string is not a whole number, except for -SequenceLength and -BatchSize where it means the default' {
        { Get-ModelMemory -Model gpt2 -DataParallel '' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetModelMemoryCommand'
        (Get-ModelFlops -Model gpt2 -SequenceLength '').SequenceLength | Should -Be 1024   # gpt2.yaml's sequence_length
    }

    It 'an unknown layer type lists the known ones' {
        { Get-LayerFlops -Type Lineer -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PSFlops.Commands.GetLayerFlopsCommand'
        $err = $null
        try { Get-LayerFlops -Type Lineer -ErrorAction Stop } catch { $err = $_ }
        "$err" | Should -Match 'Linear, Conv1d, Conv2d'
    }

    It 'an attention layer whose heads do not divide the model dimension, or kv heads the heads' {
        Get-LayerFlops -Type Attention -ModelDim 100 -Heads 3 -ErrorAction SilentlyContinue -ErrorVariable e1
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        "$($e1[0])" | Should -Match 'Heads \(3\) must divide ModelDim \(100\)'
        Get-LayerFlops -Type Attention -ModelDim 96 -Heads 12 -KvHeads 5 -ErrorAction SilentlyContinue -ErrorVariable e2
        "$($e2[0])" | Should -Match 'KvHeads \(5\) must divide Heads \(12\)'
    }

    It 'a kernel larger than its padded input' {
        Get-LayerFlops -Type Conv2d -InputChannels 3 -OutputChannels 8 -KernelSize 9 -InputSize 4, 4 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'sequence lengths of 1 and 10^7 give finite, exact counts' {
        # Scores of one head of width 64: 2 x S x S x 64 FLOPs; at S = 10^7 that is 1.28e16, still an exact integer.
        (Get-LayerFlops -Type Attention -ModelDim 64 -Heads 1 -SequenceLength 1 -Convention Matmul).Flops |
            Should -Be (2 * 4 * 64 * 64 + 2 * 2 * 64)
        $long = Get-LayerFlops -Type Attention -ModelDim 64 -Heads 1 -SequenceLength 10000000 -Convention Matmul
        $long.Flops | Should -Be (2 * 4 * 1e7 * 64 * 64 + 2 * 2 * 1e7 * 1e7 * 64)
    }
}

Describe 'bad files' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'files'
        $null = New-Item -ItemType Directory $dir -Force
        function script:Write-Bytes([string] $Name, [byte[]] $Bytes) { $p = Join-Path $dir $Name; [IO.File]::WriteAllBytes($p, $Bytes); $p }
    }

    It '<Label> is <Id> (<Category>)' -ForEach @(
        @{ Label = 'an empty file'; Name = 'empty.yaml'; Make = { Write-Bytes 'empty.yaml' @() }; Id = 'EmptyFile'; Category = 'ParserError' }
        @{ Label = 'a directory'; Name = 'folder.yaml'; Make = { (New-Item -ItemType Directory (Join-Path $dir 'folder.yaml') -Force).FullName }; Id = 'FileUnreadable'; Category = 'ReadError' }
        @{ Label = 'a binary file'; Name = 'binary.yaml'; Make = { Write-Bytes 'binary.yaml' ([byte[]](0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2)) }; Id = 'FileUnreadable'; Category = 'ReadError' }
        @{ Label = 'a 100 MB file'; Name = 'huge.yaml'; Make = { $p = Join-Path $dir 'huge.yaml'; $f = [IO.File]::Create($p); $f.SetLength(100MB); $f.Dispose(); $p }; Id = 'FileTooLarge'; Category = 'LimitsExceeded' }
        @{ Label = 'a duplicate key'; Name = 'dup.yaml'; Make = { Write-TestFile (Join-Path $dir 'dup.yaml') "name: a`nname: b`n" }; Id = 'YamlDuplicateKey'; Category = 'ParserError' }
        @{ Label = 'an alias bomb'; Name = 'bomb.yaml'; Make = { Write-TestFile (Join-Path $dir 'bomb.yaml') "a: &a [x, x]`nb: &b [*a, *a]`nc: &c [*b, *b]`n" }; Id = 'YamlAliasNotAllowed'; Category = 'ParserError' }
        @{ Label = 'nesting 10,000 deep'; Name = 'deep.yaml'; Make = { Write-TestFile (Join-Path $dir 'deep.yaml') ('a: ' + '[' * 10000 + ']' * 10000) }; Id = 'YamlTooDeep'; Category = 'ParserError' }
        @{ Label = 'a tag naming a .NET type'; Name = 'tag.yaml'; Make = { Write-TestFile (Join-Path $dir 'tag.yaml') "name: !<tag:yaml.org,2002:System.Diagnostics.Process> x`n" }; Id = 'YamlTagNotAllowed'; Category = 'ParserError' }
        @{ Label = 'a config.json missing hidden_size'; Name = 'config.json'; Make = { Write-TestFile (Join-Path $dir 'config.json') '{"model_type": "llama", "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100}' }; Id = 'YamlMissingKey'; Category = 'ParserError' }
    ) {
        $path = & $Make
        Get-ModelFlops -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,PSFlops.Commands.GetModelFlopsCommand"
        $err[0].CategoryInfo.Category | Should -Be $Category
        $err[0].TargetObject | Should -Be $path
        "$($err[0])" | Should -Match ([regex]::Escape($Name) + ':\d+:\d+')
        "$($err[0])" | Should -Not -Match ' at PSFlops\.'       # no .NET stack trace
    }

    It 'a UTF-8 byte order mark and CRLF line endings load the same model' {
        $bom = Write-Bytes 'bom.yaml' ([byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes($good))
        $crlf = Write-TestFile (Join-Path $dir 'crlf.yaml') ($good -replace "`n", "`r`n")
        (Get-ModelFlops -LiteralPath $bom).Parameters | Should -Be $goodParameters
        (Get-ModelFlops -LiteralPath $crlf).Parameters | Should -Be $goodParameters
        # Line numbers still count CRLF lines: the unknown key is on line 4.
        $bad = Write-TestFile (Join-Path $dir 'crlf-bad.yaml') ("name: x`r`ntransformer:`r`n  layers: 2`r`n  modeldim: 64`r`n")
        Get-ModelFlops -LiteralPath $bad -ErrorAction SilentlyContinue -ErrorVariable err
        "$($err[0])" | Should -Match 'crlf-bad\.yaml:4:3'
    }

    It 'good files before and after a bad one still come out' {
        $folder = Join-Path $TestDrive 'mixed'
        $null = New-Item -ItemType Directory $folder -Force
        Write-TestFile (Join-Path $folder 'a-good.yaml') $good | Out-Null
        Write-TestFile (Join-Path $folder 'b-bad.yaml') "name: bad`ntransformer: [`n" | Out-Null
        Write-TestFile (Join-Path $folder 'c-good.yaml') ($good -replace 'tiny', 'tiny2') | Out-Null
        $rows = Get-ChildItem $folder -Filter *.yaml | Sort-Object Name | Get-ModelFlops -ErrorAction SilentlyContinue -ErrorVariable err
        $rows.Model | Should -Be @('tiny', 'tiny2')
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -BeLike '*b-bad.yaml'
    }
}

Describe 'numbers and cultures' {
    It 'the largest model over 10^14 tokens is finite and exact to the batch' {
        # 405B at S = 10^7 in 10^7 sequences: 1e14 tokens. Linear in the batch: 10^7 x one sequence's count.
        $big = Get-ModelFlops -Model llama-3.1-405b -SequenceLength 10000000 -BatchSize 10000000 -Convention Matmul
        $one = Get-ModelFlops -Model llama-3.1-405b -SequenceLength 10000000 -BatchSize 1 -Convention Matmul
        [double]::IsInfinity($big.TrainingFlops) | Should -BeFalse
        # By hand (Matmul, no mask; L 126, D 16384, 128 heads of 128, 8 kv heads, F 53248 SwiGLU, V 128256), per token:
        # projections 2 x 16384 x (16384 + 1024 + 1024 + 16384) = 1,140,850,688; scores and scores x V 4 x 128 x 10^7 x 128
        # = 655,360,000,000; FFN 6 x 16384 x 53248 = 5,234,491,392; x 126 layers = 83,378,653,102,080; LM head
        # 2 x 16384 x 128256 = 4,202,692,608. Training 3 x 83,382,855,794,688 per token, x 10^14 tokens = 2.50148567384064e28.
        Assert-Relative $big.TrainingFlops 2.50148567384064e28 1e-14
        Assert-Relative $big.TrainingFlops ($one.TrainingFlops * 1e7) 1e-15
    }

    It 'JSON is identical under de-DE and tr-TR; YAML numbers parse the same' {
        $file = Write-TestFile (Join-Path $TestDrive 'culture.yaml') $good
        $saved = [cultureinfo]::CurrentCulture
        try {
            $json = foreach ($culture in 'en-US', 'de-DE', 'tr-TR') {
                [cultureinfo]::CurrentCulture = $culture
                Get-ModelFlops -LiteralPath $file -SequenceLength 3 | ConvertTo-Json -Compress
                Get-LayerFlops -LiteralPath $file -SequenceLength 3 | ConvertTo-Json -Compress
            }
        } finally { [cultureinfo]::CurrentCulture = $saved }
        # A fraction in a file parses the same under a decimal comma.
        $hardwareFile = Write-TestFile (Join-Path $TestDrive 'culture-hw.yaml') "hardware:`n  - name: Half`n    memory_gb: 80`n    bf16_tflops: 989.5`n"
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            (Get-Hardware -Path $hardwareFile -Name Half).Bf16TFlops | Should -Be 989.5
        } finally { [cultureinfo]::CurrentCulture = $saved }
        $json[2] | Should -Be $json[0]
        $json[4] | Should -Be $json[0]
        $json[3] | Should -Be $json[1]
        $json[5] | Should -Be $json[1]
    }
}

Describe 'random piped layers' {
    It 'every one of 2,000 random objects gives rows or a PSFlops error, and never stops the pipeline' {
        # Objects with random subsets of Get-LayerFlops's property names, holding valid, odd and hostile values.
        $random = [System.Random]::new(20261129)
        $names = 'Type', 'InputDim', 'OutputDim', 'Bias', 'InputChannels', 'OutputChannels', 'KernelSize', 'InputSize',
            'Stride', 'Padding', 'Dilation', 'Groups', 'ModelDim', 'Heads', 'KvHeads', 'HeadDim', 'KvLength', 'Window',
            'HiddenDim', 'Gated', 'Activation', 'Experts', 'TopK', 'SharedExperts', 'Elements', 'VocabSize', 'Tied',
            'Pool', 'SequenceLength', 'BatchSize'
        $types = [enum]::GetNames([PSFlops.Engine.Layers.LayerType])
        $values = @(
            { $types[$random.Next($types.Count)] }
            { $random.Next(1, 9) * 8 }
            { [string]($random.Next(1, 9) * 8) }
            { 0 }; { -3 }; { 2.5 }; { '2.5' }; { 1e300 }; { [double]::NaN }; { '' }; { ' ' }; { $null }; { [DBNull]::Value }
            { 'four' }; { '3x3' }; { '3,,3' }; { @(3, 3) }; { @() }; { @($null) }; { @{ a = 1 } }; { $true }; { 'yes' }
            { [long]::MaxValue }; { [decimal]7 }; { 'GELU' }; { 'Average' }; { [char]'x' }; { [guid]::Empty }
        )
        # Half start from a valid layer and get 0-2 random changes; half are random bags of properties.
        $templates = @(
            @{ Type = 'Linear'; InputDim = 64; OutputDim = 32 }
            @{ Type = 'Attention'; ModelDim = 64; Heads = 4; SequenceLength = 16 }
            @{ Type = 'FeedForward'; ModelDim = 64; HiddenDim = 128 }
            @{ Type = 'MoE'; ModelDim = 32; HiddenDim = 64; Experts = 4; TopK = 2 }
            @{ Type = 'RMSNorm'; ModelDim = 64 }
            @{ Type = 'LMHead'; ModelDim = 16; VocabSize = 100 }
            @{ Type = 'Conv2d'; InputChannels = 3; OutputChannels = 8; KernelSize = 3; InputSize = '16x16' }
            @{ Type = 'Pool'; InputChannels = 8; KernelSize = 2; InputSize = '8x8' }
        )
        $objects = foreach ($i in 1..2000) {
            $properties = [ordered]@{}
            if ($i % 2) {
                $template = $templates[$random.Next($templates.Count)]
                foreach ($key in $template.Keys) { $properties[$key] = $template[$key] }
                for ($n = $random.Next(0, 3); $n -gt 0; $n--) { $properties[$names[$random.Next($names.Count)]] = & $values[$random.Next($values.Count)] }
            } else {
                for ($n = $random.Next(0, 8); $n -gt 0; $n--) { $properties[$names[$random.Next($names.Count)]] = & $values[$random.Next($values.Count)] }
                if ($random.Next(4) -gt 0) { $properties['Type'] = $types[$random.Next($types.Count)] }
            }
            [pscustomobject]$properties
        }
        # Ours, or PowerShell's binder refusing a value for Type, SequenceLength or BatchSize before our code runs.
        $ours = 'InvalidDimension', 'MissingDimension', 'InvalidLayerProperty', 'LayerPropertiesMissing'
        $rows = @($objects | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        $unexpected = @($errs | Where-Object {
                ($_.FullyQualifiedErrorId -split ',')[0] -notin $ours -and $_.Exception -isnot [System.Management.Automation.ParameterBindingException] })
        $unexpected.Count | Should -Be 0 -Because (($unexpected | Select-Object -First 3 | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join '; ')
        # Every object was answered: rows (one or more per object, sweeps included) or at least one error.
        ($rows.Count + $errs.Count) | Should -BeGreaterOrEqual $objects.Count
        $rows.Count | Should -BeGreaterThan 600   # a floor: about 40 % of the objects are valid layers (804 rows in one run)
        @($rows | Where-Object { [double]::IsNaN($_.Flops) -or [double]::IsInfinity($_.Flops) -or $_.Flops -lt 0 }).Count | Should -Be 0
    }
}
