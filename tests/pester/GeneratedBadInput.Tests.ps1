# The generated bad-input suite: every exported cmdlet, every numeric, string and object parameter (found by
# reflection), each hostile value of its kind on the command line and piped by property name. The rules are in
# GeneratedBadInput.psm1; here are the tables: a valid call to vary (so the value under test is the only bad thing),
# where zero is meaningful, and the known defects other branches own. A cmdlet not in the base table is called with
# only the value under test (plus -Model gpt2 / -Hardware H100-SXM where it has those), and the rules still hold.
BeforeDiscovery {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'GeneratedBadInput.psm1') -Force
    $script:parameters = @(Get-HostileParameter -Module PSFlops)
    $script:commands = @($parameters | Group-Object Command | ForEach-Object {
        @{ Command = $_.Name; Parameters = @($_.Group | ForEach-Object { @{ Parameter = $_.Parameter; Kind = $_.Kind; Info = $_ } }) }
    })
}

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'GeneratedBadInput.psm1') -Force

    # A valid call per cmdlet, and per parameter where another parameter set or layer type makes it matter.
    $layer = @{ Type = 'Linear'; InputDim = 8; OutputDim = 8 }
    $conv = @{ Type = 'Conv2d'; InputChannels = 4; OutputChannels = 8; KernelSize = 3; InputSize = 8, 8 }
    $attention = @{ Type = 'Attention'; ModelDim = 64; Heads = 4 }
    $moe = @{ Type = 'MoE'; ModelDim = 64; HiddenDim = 128; Experts = 8; TopK = 2 }
    $script:Bases = @{
        'Get-LayerFlops' = @{
            '' = $layer; Model = @{}; Path = @{}; LiteralPath = @{}; Layer = @{}
            InputChannels = $conv; OutputChannels = $conv; KernelSize = $conv; InputSize = $conv; Stride = $conv
            Padding = $conv; Dilation = $conv; Groups = $conv
            ModelDim = $attention; Heads = $attention; KvHeads = $attention; HeadDim = $attention; KvLength = $attention
            Window = $attention; HiddenDim = @{ Type = 'FeedForward'; ModelDim = 64; HiddenDim = 256 }
            Experts = $moe; TopK = $moe; SharedExperts = $moe
            Elements = @{ Type = 'Activation'; Elements = 100 }; VocabSize = @{ Type = 'Embedding'; VocabSize = 100; ModelDim = 64 }
        }
        'Get-ModelFlops' = @{ '' = @{ Model = 'gpt2' }; Model = @{}; Path = @{}; LiteralPath = @{}; InputObject = @{} }
        'Get-ModelMemory' = @{ '' = @{ Model = 'gpt2' }; Model = @{}; Path = @{}; LiteralPath = @{}; InputObject = @{}; Parameters = @{} }
        'Get-ModelMfu' = @{ '' = @{ Model = 'gpt2'; TokensPerSecond = 1000; Hardware = 'H100-SXM' } }
        'Get-TrainingEstimate' = @{ '' = @{ Model = 'gpt2'; TrainingTokens = 1e9; Hardware = 'H100-SXM' } }
        'Get-InferenceEstimate' = @{ '' = @{ Model = 'gpt2' } }
        'Measure-TransformerBlock' = @{ '' = @{ ModelDim = 64; Heads = 4 } }
        'Get-Hardware' = @{ '' = @{} }
        'Get-ModelDefinition' = @{ '' = @{} }
    }

    # Parameters where zero means something (no padding, no shared expert, ZeRO stage 0, no reserve); wildcards
    # match every cmdlet that inherits the parameter from a shared base.
    $script:ZeroAllowed = @(
        'Get-LayerFlops -Padding', 'Get-LayerFlops -SharedExperts', 'Measure-TransformerBlock -SharedExperts'
        '* -ZeroStage', '* -ReserveFraction'
    )

    # Known defects, 'Cmdlet -Parameter' = 'why' (none today: every parameter of every cmdlet keeps the rules). A case
    # listed here that fails is reported, not failed; one that passes is reported as fixed, so that the line can go.
    $script:KnownDefects = @{
    }

    function script:Get-Base([string] $Command, [string] $Parameter, $Info) {
        if ($Bases.ContainsKey($Command)) {
            $table = $Bases[$Command]
            return $(if ($table.ContainsKey($Parameter)) { $table[$Parameter] } else { $table[''] })
        }
        # A cmdlet from another branch: the names of "One vocabulary" give it a model and a device.
        $base = @{}
        $names = (Get-Command $Command).Parameters.Keys
        if ('Model' -in $names -and $Parameter -notin 'Model', 'Path', 'LiteralPath', 'InputObject') { $base.Model = 'gpt2' }
        if ('Hardware' -in $names -and $Parameter -ne 'Hardware') { $base.Hardware = 'H100-SXM' }
        $base
    }

    function script:Invoke-Parameter($Info) {
        $base = Get-Base $Info.Command $Info.Parameter $Info
        $zero = [bool]($ZeroAllowed | Where-Object { "$($Info.Command) -$($Info.Parameter)" -like $_ })
        $failures = [System.Collections.Generic.List[string]]::new()
        $known = [System.Collections.Generic.List[string]]::new()
        $count = 0
        foreach ($case in Get-HostileValue $Info.Kind $Info.IsArray $zero) {
            # Piped by property name, the same attribute binds the value, but per item (non-terminating): tried for
            # the values whose binding differs most, so the suite stays within its CI time.
            foreach ($piped in @($false) + @(if ($Info.ByPropertyName -and $case.Label -in $PipedLabels) { $true })) {
                $count++
                $how = if ($piped) { 'piped' } else { 'argument' }
                $problems = @(Invoke-HostileCase -Command $Info.Command -Base $base -Parameter $Info.Parameter -Value $case.Value -Invalid $case.Invalid -Piped:$piped)
                $key = "$($Info.Command) -$($Info.Parameter)"
                if ($problems.Count -gt 0) {
                    $line = "$key $($case.Label) ($how): $($problems -join '; ')"
                    if ($KnownDefects.ContainsKey($key)) { $known.Add($line) } else { $failures.Add($line) }
                }
            }
        }
        $key = "$($Info.Command) -$($Info.Parameter)"
        if ($KnownDefects.ContainsKey($key)) {
            $known.Insert(0, $(if ($known.Count) { "known defect, $($KnownDefects[$key]): $($known.Count) case(s)" } else { "$key now keeps the rules: remove it from KnownDefects" }))
        }
        [pscustomobject]@{ Count = $count; Failures = $failures; Known = $known }
    }
    $script:PipedLabels = 'null', 'empty string', 'negative string', 'NaN', 'Infinity string', 'de-DE decimal (989,5)', 'fraction', 'empty list', 'unknown name'
    $script:Tried = 0
}

Describe 'generated bad input: <Command>' -ForEach $commands {
    It '<Command> keeps the rules for -<Parameter> (<Kind>)' -ForEach $Parameters {
        $result = Invoke-Parameter $Info
        $script:Tried += $result.Count
        if ($result.Known.Count) { Write-Host "  $($result.Known[0])" -ForegroundColor DarkYellow }
        $result.Failures | Should -BeNullOrEmpty -Because "every hostile value gives a PSFlops error or a valid result ($($result.Count) cases)"
    }
}

Describe 'generated bad input: coverage' {
    It 'discovers every exported cmdlet that has a parameter to try' {
        $exported = @(Get-Command -Module PSFlops -CommandType Cmdlet | Where-Object { $_.Parameters.Count -gt 0 }).Count
        @($commands).Count | Should -Be $exported
    }

    It 'tried thousands of inputs' {
        Write-Host "  generated bad input: $Tried cases over $(@($parameters).Count) parameters of $(@($commands).Count) cmdlets"
        $Tried | Should -BeGreaterThan 1000
    }
}
