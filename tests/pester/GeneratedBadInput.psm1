<#
    The generated bad-input suite's machinery (GeneratedBadInput.Tests.ps1 holds the rules' tables and the It blocks).
    Every exported cmdlet's parameters are found by reflection (Get-Command metadata), so a cmdlet another branch adds
    is tried at merge without a line here. Each parameter gets the hostile values of its kind, given on the command
    line and, where it binds by property name, piped as a property of an object.

    What every case must do (the rules hold for any cmdlet):
      1. No .NET exception and no stack trace: every error is an ErrorRecord whose FullyQualifiedErrorId is
         '<Id>,PSFlops.Commands.<Cmdlet>Command' with a plain <Id> (no type name such as System.NullReferenceException),
         not UnexpectedError, and a category other than NotSpecified; a known PSFlops id has its documented category.
      2. No output object holds a negative, NaN or infinite number (in any numeric property, one level down too).
      3. A value that is never valid (negative, NaN, +-Infinity as numbers or strings, a culture-formatted string such
         as '989,5', an empty list, and for whole-number parameters a fraction or a value past 2^53) gives an error
         and no output; so does zero, except where the exception table says zero is meaningful.
#>
Set-StrictMode -Version Latest

# Categories of the ids PSFlops writes (docs/reliability.md); an id not listed must still not be NotSpecified.
$script:CategoryOf = @{
    InvalidDimension = 'InvalidArgument'; MissingDimension = 'InvalidArgument'; InvalidWildcard = 'InvalidArgument'
    EmptyName = 'InvalidArgument'; UnknownModel = 'ObjectNotFound'; UnknownHardware = 'ObjectNotFound'
    FileNotFound = 'ObjectNotFound'; FileUnreadable = 'ReadError'; FileTooLarge = 'LimitsExceeded'; EmptyFile = 'ParserError'
    InvalidShape = 'InvalidData'; ExpansionTooLarge = 'InvalidData'; JsonComment = 'InvalidData'
}

$script:Inv = [cultureinfo]::InvariantCulture

function Get-NumericKind([type] $Type) {
    $element = if ($Type.IsArray) { $Type.GetElementType() } else { $Type }
    $element = [Nullable]::GetUnderlyingType($element) ?? $element
    if ($element -in [long], [int], [short], [byte], [uint32], [uint64]) { return 'Whole' }
    if ($element -in [double], [single], [decimal]) { return 'Real' }
    if ($element -eq [string]) { return 'String' }
    if ($element -eq [switch] -or $element -eq [bool] -or $element.IsEnum) { return $null }
    'Object'
}

<#
.SYNOPSIS
    The hostile values for a parameter: @{ Label; Value; Invalid } where Invalid means rule 3 applies.
#>
function Get-HostileValue([string] $Kind, [bool] $IsArray, [bool] $ZeroAllowed) {
    $values = [System.Collections.Generic.List[object]]::new()
    $add = { param($Label, $Value, $Invalid) $values.Add([pscustomobject]@{ Label = $Label; Value = $Value; Invalid = $Invalid }) }
    & $add 'null' $null $false
    & $add 'empty string' '' $false
    & $add 'whitespace' '   ' $false
    if ($Kind -in 'Whole', 'Real') {
        & $add 'negative' -3 $true
        & $add 'negative string' '-3' $true
        & $add 'zero' 0 (-not $ZeroAllowed)
        & $add '2^53+1' ([long]9007199254740993) ($Kind -eq 'Whole')
        & $add '2^63-1' ([long]::MaxValue) ($Kind -eq 'Whole')
        & $add '1e308' 1e308 ($Kind -eq 'Whole')
        & $add 'NaN' ([double]::NaN) $true
        & $add 'NaN string' 'NaN' $true
        & $add 'Infinity' ([double]::PositiveInfinity) $true
        & $add '-Infinity' ([double]::NegativeInfinity) $true
        & $add 'Infinity string' 'Infinity' $true
        & $add 'de-DE decimal (989,5)' '989,5' $true
        & $add 'de-DE grouped (1.234,5)' '1.234,5' $true
        & $add 'en-US grouped (1,024)' '1,024' $true
        & $add 'fraction' 2.5 ($Kind -eq 'Whole')
        & $add 'word' 'four' $true
        & $add 'boolean' $true $true
    } elseif ($Kind -eq 'String') {
        & $add 'unknown name' 'no-such-thing-42' $false
        & $add 'unclosed bracket' 'h100[' $false
        & $add 'wildcard' '*' $false
        & $add 'very long' ('x' * 100000) $false
        & $add 'device file' '/dev/zero' $false
        & $add 'directory' '/' $false
    }
    if ($IsArray) { & $add 'empty list' @() ($Kind -in 'Whole', 'Real') }
    $values
}

function Test-OutputNumber($Object, [string] $Path, [int] $Depth, [System.Collections.Generic.List[string]] $Problems) {
    if ($null -eq $Object -or $Depth -gt 2) { return }
    foreach ($property in $Object.PSObject.Properties) {
        if ($property.MemberType -notin 'Property', 'NoteProperty') { continue }
        $value = try { $property.Value } catch { $Problems.Add("$Path.$($property.Name) threw $($_.Exception.GetType().Name)"); continue }
        if ($value -is [double] -or $value -is [single] -or $value -is [long] -or $value -is [int] -or $value -is [decimal]) {
            if ([double]::IsNaN($value) -or [double]::IsInfinity($value) -or $value -lt 0) {
                $Problems.Add("$Path.$($property.Name) = $(([double]$value).ToString('R', $script:Inv))")
            }
        } elseif ($null -ne $value -and $value.GetType().Namespace -like 'PSFlops*' -and -not $value.GetType().IsEnum) {
            Test-OutputNumber $value "$Path.$($property.Name)" ($Depth + 1) $Problems
        }
    }
}

function Test-ErrorRecord([System.Management.Automation.ErrorRecord] $Record, [System.Collections.Generic.List[string]] $Problems) {
    $id = $Record.FullyQualifiedErrorId
    $category = "$($Record.CategoryInfo.Category)"
    $first = ($id -split ',')[0]
    if ($id -notmatch '^[A-Za-z][A-Za-z0-9]*,PSFlops\.Commands\.\w+Command$') { $Problems.Add("error id '$id' is not '<Id>,PSFlops.Commands.<Cmdlet>Command'") }
    if ($first -eq 'UnexpectedError') { $Problems.Add("UnexpectedError: $($Record.Exception.GetType().FullName): $($Record.Exception.Message)") }
    if ($category -eq 'NotSpecified') { $Problems.Add("'$id' has category NotSpecified ($($Record.Exception.GetType().FullName): $($Record.Exception.Message))") }
    if ($script:CategoryOf.ContainsKey($first) -and $script:CategoryOf[$first] -ne $category) {
        $Problems.Add("'$first' has category $category, documented as $($script:CategoryOf[$first])")
    }
    if ("$Record" -match '\n\s+at \S+\(' ) { $Problems.Add("'$id' shows a stack trace") }
}

<#
.SYNOPSIS
    Runs one case and returns what was wrong with it (nothing when it kept the rules).
#>
function Invoke-HostileCase {
    param([string] $Command, [hashtable] $Base, [string] $Parameter, $Value, [bool] $Invalid, [switch] $Piped)
    $problems = [System.Collections.Generic.List[string]]::new()
    $errors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $output = @()
    $splat = $Base.Clone()
    $caught = [System.Collections.ArrayList]::new()
    try {
        if ($Piped) {
            $splat.Remove($Parameter)
            $item = [pscustomobject]@{ $Parameter = $Value }
            $output = @($item | & $Command @splat -ErrorAction SilentlyContinue -ErrorVariable +caught 3>$null 6>$null)
        } else {
            $splat[$Parameter] = $Value
            $output = @(& $Command @splat -ErrorAction SilentlyContinue -ErrorVariable +caught 3>$null 6>$null)
        }
    } catch [System.Management.Automation.ActionPreferenceStopException] {
        $errors.Add($_)
    } catch {
        $errors.Add($_)
    }
    foreach ($e in $caught) { if ($e -is [System.Management.Automation.ErrorRecord]) { $errors.Add($e) } }
    foreach ($e in $errors) { Test-ErrorRecord $e $problems }
    foreach ($o in $output) { if ($o -isnot [System.Management.Automation.ErrorRecord]) { Test-OutputNumber $o $o.GetType().Name 0 $problems } }
    $objects = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
    if ($Invalid -and $errors.Count -eq 0) { $problems.Add("accepted: wrote $($objects.Count) object(s) and no error") }
    if ($Invalid -and $objects.Count -gt 0 -and $errors.Count -gt 0 -and -not $Piped) { $problems.Add("wrote $($objects.Count) object(s) beside its error") }
    $problems
}

<#
.SYNOPSIS
    Every (cmdlet, parameter, kind) the suite tries: the module's exported cmdlets, all parameters but common ones.
#>
function Get-HostileParameter([string] $Module) {
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    foreach ($command in Get-Command -Module $Module -CommandType Cmdlet | Sort-Object Name) {
        foreach ($parameter in $command.Parameters.Values | Sort-Object Name) {
            if ($parameter.Name -in $common) { continue }
            $kind = Get-NumericKind $parameter.ParameterType
            if (-not $kind) { continue }
            [pscustomobject]@{
                Command = $command.Name; Parameter = $parameter.Name; Kind = $kind; IsArray = $parameter.ParameterType.IsArray
                ByPropertyName = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName })
            }
        }
    }
}

Export-ModuleMember -Function Get-HostileParameter, Get-HostileValue, Invoke-HostileCase
