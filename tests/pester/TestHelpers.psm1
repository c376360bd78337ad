<#
    Helpers shared by the PSFlops Pester tests. Imported after the module under test:
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Nothing here computes an expected value: tests write their own arithmetic.
#>
Set-StrictMode -Version Latest

function Assert-Relative {
    <#
    .SYNOPSIS
        Fails unless |Actual / Expected - 1| <= Tolerance (for sums of doubles above 2^53, and for
        comparisons with published figures that are rounded).
    #>
    param(
        [Parameter(Mandatory, Position = 0)] [double] $Actual,
        [Parameter(Mandatory, Position = 1)] [double] $Expected,
        [Parameter(Position = 2)] [double] $Tolerance = 1e-12,
        [string] $Because = ''
    )
    if ($Expected -eq 0) {
        $Actual | Should -Be 0 -Because $Because
        return
    }
    $relative = [math]::Abs($Actual / $Expected - 1)
    $inv = [cultureinfo]::InvariantCulture
    $message = 'actual {0} vs expected {1} (relative error {2}) {3}' -f $Actual.ToString('R', $inv),
        $Expected.ToString('R', $inv), $relative.ToString('G4', $inv), $Because
    $relative | Should -BeLessOrEqual $Tolerance -Because $message
}

function Write-TestFile {
    <#
    .SYNOPSIS
        Writes text as UTF-8 without a BOM, creating the folder; returns the full path.
    #>
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Path,
        [Parameter(Mandatory, Position = 1)] [AllowEmptyString()] [string] $Content
    )
    $folder = Split-Path -Parent $Path
    if ($folder -and -not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    [System.IO.File]::WriteAllText($Path, $Content, [System.Text.UTF8Encoding]::new($false))
    $Path
}

function ConvertFrom-InvariantNumber {
    <#
    .SYNOPSIS
        Parses a number as CSV files and logs write it, with the invariant culture.
    #>
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [string] $Text)
    process { [double]::Parse($Text, [System.Globalization.NumberStyles]::Float, [cultureinfo]::InvariantCulture) }
}

Export-ModuleMember -Function Assert-Relative, Write-TestFile, ConvertFrom-InvariantNumber
