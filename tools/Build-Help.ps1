<#
.SYNOPSIS
    Writes the MAML help of the built module from docs/help/PSFlops.help.psd1.
.DESCRIPTION
    Texts (synopsis, description, parameter descriptions, examples) come from the help source;
    everything PowerShell already knows (parameter sets, types, mandatory, position, pipeline input,
    aliases, output types) comes from the built module, so the two cannot drift apart. A parameter
    without a description is an error. Run by build.ps1 in a separate process.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModulePath -PassThru -Force
$source = Import-PowerShellDataFile $SourcePath
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$missing = [System.Collections.Generic.List[string]]::new()

function Esc([string] $Text) { [System.Security.SecurityElement]::Escape($Text) }
function Para([string[]] $Lines, [string] $Indent) { ($Lines | ForEach-Object { "$Indent<maml:para>$(Esc $_)</maml:para>" }) -join "`n" }

function TypeName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $Type = $inner }
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'System.Management.Automation.SwitchParameter' }
    $Type.FullName
}

function ParameterXml($Parameter, $Attribute, [string] $Description, [string] $Indent) {
    $type = TypeName $Parameter.ParameterType
    $pipeline = @(
        if ($Attribute.ValueFromPipeline) { 'ByValue' }
        if ($Attribute.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
    )
    $pipelineText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $position = if ($Attribute.Position -ge 0) { $Attribute.Position } else { 'named' }
    $aliases = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'None' }
    $required = "$($Attribute.Mandatory)".ToLowerInvariant()
    $variable = "$($type.EndsWith('[]'))".ToLowerInvariant()
    @"
$Indent<command:parameter required="$required" variableLength="$variable" globbing="false" pipelineInput="$pipelineText" position="$position" aliases="$(Esc $aliases)">
$Indent  <maml:name>$($Parameter.Name)</maml:name>
$Indent  <maml:description>
$(Para $Description "$Indent    ")
$Indent  </maml:description>
$Indent  <command:parameterValue required="$required" variableLength="$variable">$(Esc $type)</command:parameterValue>
$Indent  <dev:type>
$Indent    <maml:name>$(Esc $type)</maml:name>
$Indent  </dev:type>
$Indent</command:parameter>
"@
}

$commands = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $text = $source.Commands[$command.Name]
    if (-not $text) { $missing.Add("$($command.Name): no entry"); continue }
    $describe = {
        param($Name)
        $d = if ($text.Parameters.ContainsKey($Name)) { $text.Parameters[$Name] } elseif ($source.Shared.ContainsKey($Name)) { $source.Shared[$Name] }
        if (-not $d) { $missing.Add("$($command.Name) -$Name") }
        $d
    }
    $syntax = foreach ($set in $command.ParameterSets) {
        $items = foreach ($p in $set.Parameters | Where-Object Name -notin $common |
                Sort-Object { $_.Position -lt 0 }, Position, { -not $_.IsMandatory }) {
            $attribute = $command.Parameters[$p.Name].Attributes |
                Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and
                    ($_.ParameterSetName -eq $set.Name -or $_.ParameterSetName -eq '__AllParameterSets') } | Select-Object -First 1
            ParameterXml $command.Parameters[$p.Name] $attribute (& $describe $p.Name) '        '
        }
        "      <command:syntaxItem>`n        <maml:name>$($command.Name)</maml:name>`n$($items -join "`n")`n      </command:syntaxItem>"
    }
    $parameters = foreach ($p in $command.Parameters.Values | Where-Object Name -notin $common | Sort-Object Name) {
        $attribute = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } |
            Sort-Object { -not $_.Mandatory } | Select-Object -First 1
        ParameterXml $p $attribute (& $describe $p.Name) '      '
    }
    $outputs = foreach ($type in $command.OutputType) {
        "      <command:returnValue>`n        <dev:type>`n          <maml:name>$(Esc $type.Name)</maml:name>`n        </dev:type>`n" +
        "        <maml:description>`n$(Para "$($command.Name) writes $($type.Name) objects." '          ')`n        </maml:description>`n      </command:returnValue>"
    }
    $i = 0
    $examples = foreach ($example in $text.Examples) {
        $i++
        "      <command:example>`n        <maml:title>-------------------------- Example $i --------------------------</maml:title>`n" +
        "        <dev:code>PS&gt; $(Esc $example.Code)</dev:code>`n        <dev:remarks>`n$(Para $example.Remarks '          ')`n        </dev:remarks>`n      </command:example>"
    }
    @"
  <command:command>
    <command:details>
      <command:name>$($command.Name)</command:name>
      <command:verb>$($command.Verb)</command:verb>
      <command:noun>$($command.Noun)</command:noun>
      <maml:description>
$(Para $text.Synopsis '        ')
      </maml:description>
    </command:details>
    <maml:description>
$(Para $text.Description '      ')
    </maml:description>
    <command:syntax>
$($syntax -join "`n")
    </command:syntax>
    <command:parameters>
$($parameters -join "`n")
    </command:parameters>
    <command:inputTypes>
      <command:inputType>
        <dev:type>
          <maml:name>System.Management.Automation.PSObject</maml:name>
        </dev:type>
        <maml:description>
$(Para 'Parameters marked as taking pipeline input bind from piped objects (by property name, or by value where stated).' '          ')
        </maml:description>
      </command:inputType>
    </command:inputTypes>
    <command:returnValues>
$($outputs -join "`n")
    </command:returnValues>
    <maml:alertSet>
      <maml:alert>
$(Para 'See about_PSFlops for the counting conventions and about_PSFlops_Models for the model file schema.' '        ')
      </maml:alert>
    </maml:alertSet>
    <command:examples>
$($examples -join "`n")
    </command:examples>
    <command:relatedLinks>
      <maml:navigationLink>
        <maml:linkText>about_PSFlops</maml:linkText>
      </maml:navigationLink>
      <maml:navigationLink>
        <maml:linkText>about_PSFlops_Models</maml:linkText>
      </maml:navigationLink>
    </command:relatedLinks>
  </command:command>
"@
}

if ($missing.Count) { $missing | ForEach-Object { Write-Host "missing help: $_" }; throw "Help source $SourcePath lacks $($missing.Count) entries (listed above)." }
$xml = @"
<?xml version="1.0" encoding="utf-8"?>
<helpItems schema="maml" xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">
$($commands -join "`n")
</helpItems>
"@
$null = New-Item -ItemType Directory -Path (Split-Path $Destination) -Force
[System.IO.File]::WriteAllText($Destination, $xml, [System.Text.UTF8Encoding]::new($false))
