<#
.SYNOPSIS
    Times the cmdlets against PowerShell baselines in one run (issue 8's targets); prints a markdown table.
.EXAMPLE
    dotnet pwsh ./bench/Measure-Cmdlets.ps1 -ModulePath ./out/PSFlops/PSFlops.psd1
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 10,
    # Sweeps only skips the fresh-process and pipeline measurements (sections 1 and 2).
    [ValidateSet('All', 'Sweeps')] [string] $Part = 'All',
    # Interleaved runs of each 1,000,000-point sweep and its baseline (section 3); medians reported.
    [int] $SweepRuns = 5
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
$pwshDll = Join-Path $PSHOME 'pwsh.dll'

function Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }
function Time([scriptblock] $Block, [int] $Repeat = 3) { Median (1..$Repeat | ForEach-Object { (Measure-Command $Block).TotalMilliseconds }) }
function Fresh([string] $Command) {
    Median (1..$Runs | ForEach-Object { (Measure-Command { & dotnet $pwshDll -NoProfile -NonInteractive -Command $Command | Out-Null }).TotalMilliseconds })
}

$rows = [System.Collections.Generic.List[object]]::new()
function Row($Name, $Ours, $Baseline, $BaselineName, $Target) {
    $rows.Add([pscustomobject]@{
        Measurement = $Name; 'PSFlops ms' = [math]::Round($Ours, 1); Baseline = $BaselineName
        'Baseline ms' = [math]::Round($Baseline, 1); Ratio = [math]::Round($Ours / $Baseline, 2); Target = $Target
    })
}

if ($Part -eq 'All') {
# 1. Import: a fresh process that imports PSFlops and prints Get-ModelFlops, against one that prints 1.
#    Two more fresh-process rows separate PowerShell's own cost from ours: printing a built-in object that
#    has a table view (Get-Item on a folder) pays the same first-table-view cost as our view, and
#    `Get-ModelFlops | Out-Null` is the import and the count without any formatting. The cases are
#    interleaved run by run so machine noise hits them alike.
$freshCases = [ordered]@{
    bare    = '1'
    table   = "Get-Item '$PSHOME'"
    counted = "Import-Module '$ModulePath'; Get-ModelFlops -Model gpt2 | Out-Null"
    printed = "Import-Module '$ModulePath'; Get-ModelFlops -Model gpt2"
}
$freshTimes = @{}
foreach ($key in $freshCases.Keys) { $freshTimes[$key] = [System.Collections.Generic.List[double]]::new() }
foreach ($run in 1..$Runs) {
    foreach ($key in $freshCases.Keys) {
        $freshTimes[$key].Add((Measure-Command { & dotnet $pwshDll -NoProfile -NonInteractive -Command $freshCases[$key] | Out-Null }).TotalMilliseconds)
    }
}
$fresh = @{}; foreach ($key in $freshCases.Keys) { $fresh[$key] = Median $freshTimes[$key] }
Row "fresh pwsh: Import-Module + Get-ModelFlops, printed (median of $Runs)" $fresh.printed $fresh.bare 'fresh pwsh printing 1' '<= 1.2'
Row "fresh pwsh: Get-Item of a folder, printed (PowerShell's own table view)" $fresh.table $fresh.bare 'fresh pwsh printing 1' '(floor for any table view)'
Row "fresh pwsh: Import-Module + Get-ModelFlops, printed" $fresh.printed $fresh.table 'fresh pwsh printing a built-in table view' '<= 1.2'
Row "fresh pwsh: Import-Module + Get-ModelFlops | Out-Null" $fresh.counted $fresh.bare 'fresh pwsh printing 1' '<= 1.2'

# 2. Pipeline by property name: 100,000 objects.
$objects = foreach ($i in 1..100000) { [pscustomobject]@{ Type = 'Linear'; InputDim = 1024 + $i % 7; OutputDim = 4096; SequenceLength = 2048 } }
$untyped = foreach ($i in 1..100000) { [pscustomobject]@{ InputDim = 1024 + $i % 7; OutputDim = 4096; SequenceLength = 2048 } }
function Get-LinearFlopsScript {
    param(
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Type,
        [Parameter(ValueFromPipelineByPropertyName)] [long] $InputDim,
        [Parameter(ValueFromPipelineByPropertyName)] [long] $OutputDim,
        [Parameter(ValueFromPipelineByPropertyName)] [long] $SequenceLength
    )
    process {
        $macs = [double]$SequenceLength * $InputDim * $OutputDim
        [pscustomobject]@{ Type = $Type; Parameters = [double]$InputDim * $OutputDim; Flops = 2 * $macs; Macs = $macs }
    }
}
$ours = Time { $objects | Get-LayerFlops | Out-Null }
$oursTyped = Time { $untyped | Get-LayerFlops -Type Linear | Out-Null }
$select = Time { $objects | Select-Object Type, InputDim, OutputDim, SequenceLength | Out-Null }
$script = Time { $objects | Get-LinearFlopsScript | Out-Null }
Row '100,000 objects | Get-LayerFlops (by property name)' $ours $select 'Select-Object of the same properties' '<= 1.5'
Row '100,000 objects | Get-LayerFlops (by property name)' $ours $script 'a script function writing [pscustomobject]' '<= 0.2'
Row '100,000 objects | Get-LayerFlops -Type Linear' $oursTyped $select 'Select-Object of the same properties' '<= 1.5'
Row '100,000 objects | Get-LayerFlops -Type Linear' $oursTyped $script 'a script function writing [pscustomobject]' '<= 0.2'

}

# 3. Sweeps of 1,000,000 points in one call, counted by Measure-Object, against `1..1000000 | Measure-Object`. On a
#    shared machine one run says little: each run times the baseline and then every sweep, $SweepRuns runs interleaved,
#    and the row gives the median of each and the median of the per-run ratios (each sweep against the baseline of its run),
#    with their range.
$sweeps = [ordered]@{
    'Get-ModelFlops'        = { Get-ModelFlops -Model gpt2 -SequenceLength (1..1000) -BatchSize (1..1000) | Measure-Object }
    'Get-ModelMemory'       = { Get-ModelMemory -Model gpt2 -SequenceLength (1..1000) -BatchSize (1..1000) | Measure-Object }
    'Get-TrainingEstimate'  = { Get-TrainingEstimate -Model gpt2 -SequenceLength (1..1000) -DataParallel (1..1000) | Measure-Object }
    'Get-ModelMfu'          = { Get-ModelMfu -Model gpt2 -SequenceLength (1..1000) -DataParallel (1..1000) -TokensPerSecond 1e5 -Hardware H100-SXM | Measure-Object }
    'Get-InferenceEstimate' = { Get-InferenceEstimate -Model gpt2 -ContextLength (1..1000) -BatchSize (1..1000) | Measure-Object }
}
# Warm-up: JIT, the model file, the hardware table.
$null = Measure-Command { 1..100000 | Measure-Object }
$null = Get-ModelFlops -Model gpt2 -SequenceLength (1..10) -BatchSize (1..10); $null = Get-ModelMemory -Model gpt2 -SequenceLength (1..10) -BatchSize (1..10)
$null = Get-TrainingEstimate -Model gpt2 -SequenceLength (1..10) -DataParallel (1..10); $null = Get-ModelMfu -Model gpt2 -SequenceLength (1..10) -DataParallel (1..10) -TokensPerSecond 1e5 -Hardware H100-SXM
$null = Get-InferenceEstimate -Model gpt2 -ContextLength (1..10) -BatchSize (1..10)
$baselineTimes = [System.Collections.Generic.List[double]]::new()
$sweepTimes = @{}; $sweepRatios = @{}
foreach ($name in $sweeps.Keys) { $sweepTimes[$name] = [System.Collections.Generic.List[double]]::new(); $sweepRatios[$name] = [System.Collections.Generic.List[double]]::new() }
foreach ($run in 1..$SweepRuns) {
    $baseline = (Measure-Command { 1..1000000 | Measure-Object }).TotalMilliseconds
    $baselineTimes.Add($baseline)
    foreach ($name in $sweeps.Keys) {
        $ms = (Measure-Command $sweeps[$name]).TotalMilliseconds
        $sweepTimes[$name].Add($ms); $sweepRatios[$name].Add($ms / $baseline)
    }
}
foreach ($name in $sweeps.Keys) {
    $ratios = $sweepRatios[$name] | Sort-Object
    $rows.Add([pscustomobject]@{
        Measurement = "$name sweep of 1,000,000 points | Measure-Object (median of $SweepRuns interleaved runs)"
        'PSFlops ms' = [math]::Round((Median $sweepTimes[$name]), 1); Baseline = '1..1000000 | Measure-Object'
        'Baseline ms' = [math]::Round((Median $baselineTimes), 1)
        Ratio = "$([math]::Round((Median $ratios), 2)) ($([math]::Round($ratios[0], 2))-$([math]::Round($ratios[-1], 2)))"; Target = '<= 4'
    })
}

$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
"| measurement | PSFlops ms | baseline | baseline ms | ratio | target |"
"|---|---|---|---|---|---|"
# Pipes inside a cell (the commands) are escaped for markdown.
function Cell($Text) { "$Text" -replace '\|', '\|' }
foreach ($r in $rows) { "| $(Cell $r.Measurement) | $($r.'PSFlops ms') | $(Cell $r.Baseline) | $($r.'Baseline ms') | $($r.Ratio) | $($r.Target) |" }
