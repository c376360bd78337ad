# Help: every exported cmdlet has a synopsis, a description, at least two examples and a description
# for every parameter; the about topics are found.

BeforeDiscovery {
    Import-Module $env:PSFLOPS_MODULE -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters +
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $commands = @(Get-Command -Module PSFlops -CommandType Cmdlet, Function | Sort-Object Name)
    $cmdletCases = @($commands | ForEach-Object { @{ Name = $_.Name } })
    $parameterCases = @(foreach ($command in $commands) {
        foreach ($parameter in ($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)) {
            @{ Name = $command.Name; Parameter = $parameter }
        }
    })
}

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    function Get-ParameterHelp([string] $Name, [string] $Parameter) {
        (Get-Help $Name -Full).parameters.parameter | Where-Object { $_.name -eq $Parameter }
    }
}

Describe 'Cmdlet help' {
    It 'the module exports cmdlets to test' -ForEach @(@{ Count = $cmdletCases.Count }) {
        $Count | Should -BeGreaterThan 0
    }

    Context '<Name>' -ForEach $cmdletCases {
        BeforeAll { $help = Get-Help $Name -Full }

        It '<Name> has a synopsis' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without a help file, PowerShell makes the synopsis from the syntax.
            $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
        }

        It '<Name> has a description' {
            ($help.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }

        It '<Name> has at least two examples' {
            @($help.examples.example | Where-Object { $_.code -and $_.code.Trim() }).Count | Should -BeGreaterOrEqual 2
        }

        It '<Name> names its output type' {
            ($help.returnValues.returnValue.type.name -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Parameter help' {
    It '<Name> -<Parameter> has a description' -ForEach $parameterCases {
        $parameterHelp = Get-ParameterHelp $Name $Parameter
        $parameterHelp | Should -Not -BeNullOrEmpty -Because "the help of $Name documents -$Parameter"
        ($parameterHelp.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
    }
}

Describe 'About topics' {
    It '<Topic> is found and has text' -ForEach @(@{ Topic = 'about_PSFlops' }, @{ Topic = 'about_PSFlops_Models' }) {
        $text = Get-Help $Topic | Out-String
        $text.Trim() | Should -Not -BeNullOrEmpty
        $text | Should -Match 'SHORT DESCRIPTION'
    }
}
