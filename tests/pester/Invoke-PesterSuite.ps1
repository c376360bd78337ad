<#
.SYNOPSIS
    Runs every Pester test against the built module, in this (fresh) process, and writes the counts.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Run the whole suite under this current culture (de-DE: decimal comma; tr-TR: dotted i).
    [string] $Culture,
    # Only these test files, comma-separated names under tests/pester (one string: pwsh -File passes strings); all when empty.
    [string] $Include
)
$ErrorActionPreference = 'Stop'
if ($Culture) {
    [System.Globalization.CultureInfo]::CurrentCulture = $Culture
    [System.Globalization.CultureInfo]::CurrentUICulture = $Culture
}
Import-Module $PesterPath -Force
$env:PSFLOPS_MODULE = (Resolve-Path $ModulePath).Path
$config = New-PesterConfiguration
$config.Run.Path = if ($Include) { @($Include -split ',' | ForEach-Object { Join-Path $PSScriptRoot $_.Trim() }) } else { $PSScriptRoot }
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content $SummaryPath
