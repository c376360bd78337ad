# Hostile files, names, paths and cultures (issue 14): each refused with a located PSFlops error within a second of
# processor time and 200 MB, or answered with the right value. Memory is what the call allocates (GC.GetTotalAllocatedBytes), the
# strictest figure a test can take in-process: it counts every byte, freed or not.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    $script:dir = Join-Path $TestDrive 'hostile'
    $null = New-Item -ItemType Directory $dir -Force
    $script:onUnix = -not $IsWindows

    function script:Measure-Call([scriptblock] $Call) {
        $ErrorActionPreference = 'Continue'   # the suite runs under Stop; here errors are collected, not thrown
        $before = [GC]::GetTotalAllocatedBytes($true)
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $cpuBefore = $process.TotalProcessorTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = & $Call 2>&1
        $seconds = $watch.Elapsed.TotalSeconds
        $process.Refresh()
        [pscustomobject]@{ Seconds = $seconds; ProcessorSeconds = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds; Bytes = [GC]::GetTotalAllocatedBytes($true) - $before
            Errors = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) }
    }

    # Blocks that call the next four times, twelve levels deep: 4^12 = 16.8 million layers from about 1 KB.
    $calls = "input: [4, 8]`nblocks:`n"
    for ($i = 0; $i -lt 12; $i++) { $calls += "  b${i}:`n    layers:`n" + ("      - b$($i + 1): {}`n" * 4) }
    $calls += "  b12:`n    layers:`n      - relu: {}`nlayers:`n  - b0: {}`n"
    Set-Content (Join-Path $dir 'calls.yaml') $calls
    # Three nested repeats whose shape changes on every pass (a class token each): 10^9 passes in 166 bytes.
    Set-Content (Join-Path $dir 'repeats.yaml') ("input: [4, 8]`nlayers:`n  - repeat: 1000`n    layers:`n      - repeat: 1000`n        layers:`n" +
        "          - repeat: 1000`n            layers:`n              - class_token: {}`n")
    # A 2 MB key, which the "did you mean" once compared character by character with every allowed name.
    Set-Content (Join-Path $dir 'big-key.yaml') ("name: x`n? " + ('q' * 2MB) + "`n: 1`n")
    if ($onUnix) {
        & ln -sf /dev/zero (Join-Path $dir 'zero.yaml')
        & mkfifo (Join-Path $dir 'pipe.yaml')
    }
}

Describe 'hostile files' {
    It '<Label> is <Id> (<Category>) within a second of processor time and 200 MB' -ForEach @(
        @{ Label = 'blocks calling blocks 12 deep'; File = 'calls.yaml'; Id = 'ExpansionTooLarge'; Category = 'InvalidData'; Line = $true }
        @{ Label = 'repeats of repeats'; File = 'repeats.yaml'; Id = 'ExpansionTooLarge'; Category = 'InvalidData'; Line = $true }
        @{ Label = 'a 2 MB key'; File = 'big-key.yaml'; Id = 'YamlUnknownKey'; Category = 'ParserError'; Line = $true }
        @{ Label = '/dev/zero'; File = '/dev/zero'; Id = 'FileUnreadable'; Category = 'ReadError'; Unix = $true }
        @{ Label = 'a link to /dev/zero'; File = 'zero.yaml'; Id = 'FileUnreadable'; Category = 'ReadError'; Unix = $true }
        @{ Label = 'a named pipe (mkfifo)'; File = 'pipe.yaml'; Id = 'FileUnreadable'; Category = 'ReadError'; Unix = $true }
    ) {
        if ($Unix -and -not $onUnix) { Set-ItResult -Skipped -Because 'a Unix device or pipe'; return }
        $path = if ([IO.Path]::IsPathRooted($File)) { $File } else { Join-Path $dir $File }
        # Warm the loader first so that the figure is the file's, not the module's first load.
        $null = Get-ModelDefinition -Name gpt2
        $m = Measure-Call { Get-ModelDefinition -LiteralPath $path }
        $m.Errors.Count | Should -Be 1
        $m.Errors[0].FullyQualifiedErrorId | Should -Be "$Id,PSFlops.Commands.GetModelDefinitionCommand"
        "$($m.Errors[0].CategoryInfo.Category)" | Should -Be $Category
        "$($m.Errors[0])" | Should -BeLike "$path*:*:*"
        if ($Line) { "$($m.Errors[0])" | Should -Match ':\d+:\d+: ' }
        # The bound is on the work (processor time, all of this process's threads); the wall clock, which also counts
        # whatever else the machine runs (once 1.19 s beside a fuzz run), is held to a looser 3 s.
        $m.ProcessorSeconds | Should -BeLessThan 1
        $m.Seconds | Should -BeLessThan 3
        $m.Bytes | Should -BeLessThan 200MB
    }

    It 'a short message for the 2 MB key' {
        $m = Measure-Call { Get-ModelDefinition -LiteralPath (Join-Path $dir 'big-key.yaml') }
        "$($m.Errors[0])".Length | Should -BeLessThan 1000
    }

    It 'Stop() during an expansion returns within a second' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSFLOPS_MODULE'; Get-ModelFlops -LiteralPath '$(Join-Path $dir 'calls.yaml')' -ErrorAction SilentlyContinue; while (`$true) { Get-ModelFlops -LiteralPath '$(Join-Path $dir 'calls.yaml')' -ErrorAction SilentlyContinue }")
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $async.IsCompleted | Should -BeTrue
        } finally { $ps.Dispose() }
    }
}

Describe 'paths that match nothing' {
    BeforeAll {
        $script:bracketed = Join-Path $dir 'hw[1].yaml'
        [IO.File]::WriteAllText($bracketed, "hardware:`n  - name: X1`n    memory_gb: 10`n")
        [IO.File]::WriteAllText((Join-Path $dir 'm[1].yaml'), "name: tiny`ntransformer:`n  layers: 2`n  model_dim: 64`n  heads: 4`n  ffn_dim: 256`n  vocab_size: 100`n")
    }

    It 'a -Path that matches no file is FileNotFound with the -LiteralPath hint' {
        Get-ModelFlops -Path (Join-Path $dir 'm[1].yaml') -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,PSFlops.Commands.GetModelFlopsCommand'
        "$($e[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        "$($e[0])" | Should -Match '-LiteralPath'
        (Get-ModelFlops -LiteralPath (Join-Path $dir 'm[1].yaml')).Model | Should -Be 'tiny'
    }

    It 'Get-Hardware -Path, which has no -LiteralPath, hints at escaping' {
        $rows = @(Get-Hardware -Path $bracketed -ErrorAction SilentlyContinue -ErrorVariable e)
        $e[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,PSFlops.Commands.GetHardwareCommand'
        "$($e[0])" | Should -Match 'backtick'
        (Get-Hardware -Path ([WildcardPattern]::Escape($bracketed)) -Name X1).MemoryGB | Should -Be 10
        $rows.Count | Should -BeGreaterThan 10   # the built-in table still comes out
    }

    It 'a bad Get-Hardware -Path file is non-terminating: -ErrorAction Ignore silences it, Stop throws it' {
        $bad = Join-Path $dir 'bad-hw.yaml'
        [IO.File]::WriteAllText($bad, "hardware:`n  - name: X`n    memory_gb: 1e308`n")
        (Get-Hardware -Path $bad -Name H100-SXM -ErrorAction Ignore).Name | Should -Be 'H100-SXM'
        { Get-Hardware -Path $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidShape,PSFlops.Commands.GetHardwareCommand'
        Get-Hardware -Path $bad -Name H100-SXM -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
        "$($e[0])" | Should -BeLike "$bad`:3:*"   # memory_gb's line: 1e308 GB is finite, its bytes are not
    }
}

Describe 'names' {
    It '<Line> under <Culture> finds <Expected>' -ForEach @(
        foreach ($culture in 'tr-TR', 'az-Latn-AZ') {
            @{ Culture = $culture; Line = 'Get-ModelFlops -Model VIT-B-16'; Call = { (Get-ModelFlops -Model VIT-B-16).Model }; Expected = 'vit-b-16' }
            @{ Culture = $culture; Line = 'Get-Hardware mi300x'; Call = { (Get-Hardware mi300x).Name }; Expected = 'MI300X' }
            @{ Culture = $culture; Line = 'Get-ModelDefinition -Name MIX*'; Call = { (Get-ModelDefinition -Name MIX*).Name }; Expected = 'mixtral-8x7b' }
            @{ Culture = $culture; Line = 'Get-ModelMemory -Model LLAMA-2-7B -Hardware h100-sxm'; Call = { (Get-ModelMemory -Model LLAMA-2-7B -Hardware h100-sxm).Model }; Expected = 'llama-2-7b' }
        }
    ) {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            & $Call | Should -Be $Expected
        } finally { [cultureinfo]::CurrentCulture = $saved }
    }

    It '<Label> is <Id>, and the next name still comes out' -ForEach @(
        @{ Label = 'a name with an unclosed ['; Name = 'h100['; Id = 'InvalidWildcard' }
        @{ Label = '$null'; Name = $null; Id = 'EmptyName' }
        @{ Label = 'a blank name'; Name = ' '; Id = 'EmptyName' }
    ) {
        $rows = @(Get-Hardware -Name $Name, 'H200' -ErrorAction SilentlyContinue -ErrorVariable e)
        $e[0].FullyQualifiedErrorId | Should -Be "$Id,PSFlops.Commands.GetHardwareCommand"
        "$($e[0].CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $rows.Name | Should -Be 'H200'
        Get-ModelDefinition -Name $Name, gpt2 -ErrorAction SilentlyContinue -ErrorVariable e2 | ForEach-Object Name | Should -Be 'gpt2'
        $e2[0].FullyQualifiedErrorId | Should -Be "$Id,PSFlops.Commands.GetModelDefinitionCommand"
    }

    It 'Get-Hardware -Name $null alone is one EmptyName error' {
        Get-Hardware -Name $null -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'EmptyName,PSFlops.Commands.GetHardwareCommand'
    }
}

Describe 'unclear errors made clear' {
    BeforeAll {
        function script:Get-LoadError([string] $Name, [string] $Text, [Text.Encoding] $Encoding = [Text.UTF8Encoding]::new($false)) {
            $p = Join-Path $dir $Name
            [IO.File]::WriteAllText($p, $Text, $Encoding)
            Get-ModelFlops -LiteralPath $p -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
            @{ Path = $p; Error = $e[0] }
        }
        $script:llama = '{"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": HEADS, "vocab_size": 100}'
        $script:tiny = "name: tiny`ntransformer:`n  layers: 2`n  model_dim: 64`n  heads: 4`n  ffn_dim: 256`n  vocab_size: 100`n"
    }

    It 'a config.json shape error names the config key at its line and column' {
        $r = Get-LoadError 'heads.json' ($llama.Replace('HEADS', '5'))
        $r.Error.FullyQualifiedErrorId | Should -Be 'InvalidShape,PSFlops.Commands.GetModelFlopsCommand'
        # "num_attention_heads": 5 -- the value 5 is at column 117 of the one line (counted in the string above).
        "$($r.Error)" | Should -BeLike "$($r.Path):1:117: *"
        "$($r.Error)" | Should -Match 'num_attention_heads \(5\) must divide hidden_size \(64\) when no head_dim is given'
        "$($r.Error)" | Should -Not -MatchExactly '\bModelDim\b|\bHeads \('
        $zero = Get-LoadError 'zero.json' ($llama.Replace('HEADS', '0'))
        "$($zero.Error)" | Should -Match 'num_attention_heads must be a positive integer; got 0'
    }

    It 'a transformer-form shape error is at its key' {
        $r = Get-LoadError 'shape.yaml' ($tiny -replace 'heads: 4', 'heads: 5')
        $r.Error.FullyQualifiedErrorId | Should -Be 'InvalidShape,PSFlops.Commands.GetModelFlopsCommand'
        "$($r.Error)" | Should -BeLike "$($r.Path):5:*"
    }

    It 'a // comment in config.json is JsonComment at its place, not "no model_type"' {
        $r = Get-LoadError 'comment.json' "{`n  // from the hub`n  `"model_type`": `"llama`"`n}"
        $r.Error.FullyQualifiedErrorId | Should -Be 'JsonComment,PSFlops.Commands.GetModelFlopsCommand'
        "$($r.Error)" | Should -BeLike "$($r.Path):2:3: *"
    }

    It 'UTF-16 files (<Label>) load like UTF-8' -ForEach @(
        @{ Label = 'little endian with BOM'; Encoding = [Text.UnicodeEncoding]::new($false, $true) }
        @{ Label = 'big endian with BOM'; Encoding = [Text.UnicodeEncoding]::new($true, $true) }
        @{ Label = 'little endian, no BOM'; Encoding = [Text.UnicodeEncoding]::new($false, $false) }
    ) {
        $p = Join-Path $dir "utf16-$($Label -replace '\W', '').yaml"
        [IO.File]::WriteAllText($p, $tiny, $Encoding)
        (Get-ModelFlops -LiteralPath $p).Model | Should -Be 'tiny'
    }

    It 'a tab in the indentation is YamlTabIndentation at the tab' {
        $r = Get-LoadError 'tab.yaml' "name: t`ntransformer:`n  layers: 2`n`tmodel_dim: 64`n"
        $r.Error.FullyQualifiedErrorId | Should -Be 'YamlTabIndentation,PSFlops.Commands.GetModelFlopsCommand'
        "$($r.Error)" | Should -BeLike "$($r.Path):4:1: A tab in the indentation*"
    }

    It '!!str 2 is text: a dimension tagged so is YamlWrongType' {
        $r = Get-LoadError 'str.yaml' ($tiny -replace 'layers: 2', 'layers: !!str 2')
        $r.Error.FullyQualifiedErrorId | Should -Be 'YamlWrongType,PSFlops.Commands.GetModelFlopsCommand'
        "$($r.Error)" | Should -BeLike "$($r.Path):3:*"
    }

    It 'an empty list for a swept parameter is an error, not silence' {
        { Get-ModelFlops -Model gpt2 -SequenceLength @() -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetModelFlopsCommand'
    }

    It 'numbers in messages are invariant under de-DE' {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $p = Join-Path $dir 'frac-hw.yaml'
            [IO.File]::WriteAllText($p, "hardware:`n  - name: X`n    memory_gb: -1.5`n")
            Get-Hardware -Path $p -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
            "$($e[0])" | Should -Match 'got -1\.5\.'
            $err = $null
            try { Get-LayerFlops -Type Linear -InputDim 2.5 -OutputDim 4 -ErrorAction Stop } catch { $err = $_ }
            "$err" | Should -Match "'2\.5'"
        } finally { [cultureinfo]::CurrentCulture = $saved }
    }

    It "a de-DE CSV cell '989,5' is refused as ambiguous, the next row still counted" {
        $rows = @([pscustomobject]@{ Type = 'Linear'; InputDim = '989,5'; OutputDim = 4 }, [pscustomobject]@{ Type = 'Linear'; InputDim = 8; OutputDim = 4 }) |
            Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable e
        $e.Count | Should -Be 1
        @($rows).Count | Should -Be 1
        $rows.Macs | Should -Be 32   # 8 x 4
    }
}
