<#
.SYNOPSIS
    Packs the laid-out module (out/PSFlops) into a .nupkg with PSResourceGet, in a throw-away user profile.
.DESCRIPTION
    Publish-PSResource writes to a registered repository; a local folder repository registered under a
    temporary HOME keeps the user's own PSResourceGet settings untouched. Run by build.ps1 Package.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
$Destination = (New-Item -ItemType Directory -Path $Destination -Force).FullName
$profileRoot = Join-Path ([IO.Path]::GetTempPath()) "psflops-pack-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $profileRoot
$saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:LOCALAPPDATA
try {
    # .NET returns an empty folder path (and PSResourceGet and NuGet then write relative to the current
    # folder) unless the data and config folders exist.
    $env:HOME = $profileRoot
    $env:XDG_DATA_HOME = (New-Item -ItemType Directory (Join-Path $profileRoot 'data')).FullName
    $env:XDG_CONFIG_HOME = (New-Item -ItemType Directory (Join-Path $profileRoot 'config')).FullName
    $env:LOCALAPPDATA = $env:XDG_DATA_HOME
    Import-Module Microsoft.PowerShell.PSResourceGet
    Register-PSResourceRepository -Name PSFlopsBuild -Uri $Destination -Trusted
    Get-ChildItem $Destination -Filter 'PSFlops.*.nupkg' | Remove-Item
    Publish-PSResource -Path $ModulePath -Repository PSFlopsBuild
    Get-ChildItem $Destination -Filter 'PSFlops.*.nupkg' | ForEach-Object { "Packed $($_.FullName)" }
} finally {
    $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:LOCALAPPDATA = $saved
    Remove-Item $profileRoot -Recurse -Force -ErrorAction Ignore
}
