#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, demonstrates and packages PSFlops.
.DESCRIPTION
    Run from a fresh clone with only the .NET SDK:  dotnet tool restore && dotnet pwsh ./build.ps1 <Task>
    Tasks: Build (lays out out/PSFlops), Test (xUnit, then Pester in a fresh pwsh), Demo, Bench (not part of Test), Package (out/package/PSFlops.<version>.nupkg), Clean.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'PSFlops'
$pesterVersion = '5.7.1'

function Invoke-Native([string] $Description, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'src/PSFlops/PSFlops.csproj') -c $Configuration --nologo -v quiet }
    $bin = Join-Path $root "src/PSFlops/bin/$Configuration/netstandard2.0"
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $moduleOut
    Invoke-Native 'dotnet build (loader)' { dotnet build (Join-Path $root 'src/PSFlops.Loader/PSFlops.Loader.csproj') -c $Configuration --nologo -v quiet }
    # PSFlops.dll and the engine are the public surface, loaded by PowerShell. The YAML and charting stacks sit
    # in deps/, where PowerShell does not look: PSFlops.Loader (7.x) or an AssemblyResolve hook (5.1) loads them privately.
    foreach ($assembly in 'PSFlops.dll', 'PSFlops.Engine.dll') { Copy-Item (Join-Path $bin $assembly) $moduleOut }
    Copy-Item (Join-Path $root "src/PSFlops.Loader/bin/$Configuration/net8.0/PSFlops.Loader.dll") $moduleOut
    $deps = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'deps')
    foreach ($assembly in 'PSFlops.Loading.dll', 'YamlDotNet.dll', 'PSFlops.Reporting.dll', 'OxyPlot.dll') { Copy-Item (Join-Path $bin $assembly) $deps }
    $module = Join-Path $root 'module'
    Get-ChildItem $module -File | Copy-Item -Destination $moduleOut
    foreach ($folder in 'models', 'data', 'en-US') {
        if (Test-Path (Join-Path $module $folder)) { Copy-Item (Join-Path $module $folder) $moduleOut -Recurse }
    }
    # The manifest's version comes from the assembly, so the two never disagree.
    $version = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleOut 'PSFlops.dll')).Version
    $manifest = Join-Path $moduleOut 'PSFlops.psd1'
    (Get-Content $manifest -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '$($version.ToString(3))'" |
        Set-Content $manifest -Encoding utf8
    # Help is generated from docs/help and the module's own parameter metadata, in a separate process
    # so that this one never loads the assemblies it may rebuild.
    Invoke-Native 'help generation' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Build-Help.ps1') -ModulePath $manifest `
            -SourcePath (Join-Path $root 'docs/help/PSFlops.help.psd1') -Destination (Join-Path $moduleOut 'en-US/PSFlops.dll-Help.xml')
    }
    Write-Host "Built $manifest ($($version.ToString(3)))"
}

function Get-PesterModulePath {
    Invoke-Native 'restore of Pester' { dotnet restore (Join-Path $root 'tools/restore-tools.csproj') --nologo -v quiet }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    }
    $env:PSFLOPS_NUGET_PACKAGES = $packages   # the isolation test takes another YamlDotNet from here
    $path = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $pesterVersion was not restored to $path." }
    $path
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    $null = New-Item -ItemType Directory -Path $results -Force

    Write-Host "`n== xUnit (tests/unit)" -ForegroundColor Cyan
    $trx = Join-Path $results 'unit.trx'
    Remove-Item $trx -ErrorAction Ignore
    dotnet test (Join-Path $root 'tests/unit/PSFlops.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $unitExit = $LASTEXITCODE
    $unitPassed = 0; $unitFailed = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $unitPassed = [int]$counters.passed
        $unitFailed = [int]$counters.failed + [int]$counters.error
    } elseif ($unitExit -ne 0) { $unitFailed = 1 }

    # The whole suite in a fresh pwsh, then again under cultures with a decimal comma and a dotted i; az-Latn-AZ
    # (dotted i like tr-TR, decimal comma like de-DE) runs the suites that read user text: bad input, generated
    # bad input, hostile files and names, completion, model definitions (docs/reliability.md, "Cultures").
    $pester = Get-PesterModulePath
    $pesterPassed = 0; $pesterFailed = 0
    $cultureSuites = 'BadInput.Tests.ps1', 'GeneratedBadInput.Tests.ps1', 'Hostile.Tests.ps1', 'Completion.Tests.ps1', 'Get-ModelDefinition.Tests.ps1'
    foreach ($culture in '', 'de-DE', 'tr-TR', 'az-Latn-AZ') {
        $label = if ($culture) { $culture } else { 'the default culture' }
        $include = if ($culture -eq 'az-Latn-AZ') { @('-Include', ($cultureSuites -join ',')) } else { @() }
        Write-Host "`n== Pester (tests/pester) under $label, in a fresh pwsh" -ForegroundColor Cyan
        $summary = Join-Path $results "pester$culture.json"
        Remove-Item $summary -ErrorAction Ignore
        Push-Location $root
        try {
            dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1') `
                -PesterPath $pester -ModulePath (Join-Path $moduleOut 'PSFlops.psd1') -SummaryPath $summary -Culture $culture @include
        } finally { Pop-Location }
        if (Test-Path $summary) {
            $counts = Get-Content $summary -Raw | ConvertFrom-Json
            $pesterPassed += [int]$counts.Passed; $pesterFailed += [int]$counts.Failed
        } else { $pesterFailed += 1 }
    }

    Write-Host ''
    Write-Host "xUnit: $unitPassed passed, $unitFailed failed"
    Write-Host "Pester (4 cultures): $pesterPassed passed, $pesterFailed failed"
    Write-Host "$($unitPassed + $pesterPassed) passed, $($unitFailed + $pesterFailed) failed"
    if ($unitExit -ne 0 -or $unitFailed -gt 0 -or $pesterFailed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $model = 'llama-3.1-8b'
    # A fresh process, as a user would import the module.
    dotnet pwsh -NoProfile -NonInteractive -Command "
        Import-Module '$moduleOut/PSFlops.psd1'
        Write-Host 'Per-layer forward FLOPs of $model at its default sequence length, most expensive first:' -ForegroundColor Cyan
        Get-LayerFlops -Model $model | Sort-Object TotalFlops -Descending | Format-Table -View Ranked | Out-String -Width 80 | Write-Host
        Write-Host 'Totals (forward, training = 3 x forward, per token):' -ForegroundColor Cyan
        Get-ModelFlops -Model $model | Format-Table | Out-String -Width 160 | Write-Host
    "
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    Invoke-Build
    # Engine and loaders (BenchmarkDotNet), then the cmdlets against PowerShell baselines; see docs/benchmarks.md.
    Push-Location (Join-Path $root 'bench/PSFlops.Benchmarks')
    try { Invoke-Native 'engine benchmarks' { dotnet run -c Release -- --filter '*' } } finally { Pop-Location }
    Invoke-Native 'cmdlet benchmarks' {
        dotnet pwsh -NoProfile -File (Join-Path $root 'bench/Measure-Cmdlets.ps1') -ModulePath (Join-Path $moduleOut 'PSFlops.psd1')
    }
}

function Invoke-Package {
    Invoke-Build
    Invoke-Native 'packaging' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleOut -Destination (Join-Path $out 'package')
    }
}

function Invoke-Clean {
    foreach ($path in @($out) + (Get-ChildItem $root -Recurse -Directory -Include bin, obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build'   { Invoke-Build }
        'Test'    { Invoke-Test }
        'Demo'    { Invoke-Demo }
        'Bench'   { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean'   { Invoke-Clean }
    }
}
