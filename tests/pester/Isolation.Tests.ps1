# YamlDotNet isolation: another module's YamlDotNet (11.2.1, restored by tools/restore-tools.csproj) and
# PSFlops's (18.1.0) both work in one process, whichever loads first. Each case runs in a fresh pwsh.
BeforeDiscovery { $script:packages = $env:PSFLOPS_NUGET_PACKAGES }

Describe 'YamlDotNet isolation' -Skip:(-not $packages) {
    BeforeAll {
        $script:otherYaml = Join-Path $env:PSFLOPS_NUGET_PACKAGES 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll'
        $script:root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        function script:Invoke-Fresh([string] $Command) {
            Push-Location $root
            try { & dotnet pwsh -NoProfile -NonInteractive -Command $Command 2>&1 } finally { Pop-Location }
        }
        # The other module's use of its YamlDotNet: the version it got, and a parse with its own API.
        $script:useOther = '$y = [YamlDotNet.Serialization.Deserializer]::new(); "other:" + [YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version + ":" + $y.Deserialize[object]("a: 1")["a"]'
        # YamlDotNet 11.2.1 carries assembly version 11.0.0.0; PSFlops's 18.1.0 carries 18.0.0.0.
        $script:usePSFlops = '"psflops:" + (Get-ModelFlops -Model gpt2).Parameters + ":" + (Get-ModelDefinition -LiteralPath (Join-Path $env:TEMP_MODEL_DIR "m.yaml")).Name + ":" + ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq "PSFlops.Dependencies").Assemblies.Where({ $_.GetName().Name -eq "YamlDotNet" }).GetName().Version.Major'
        $script:modelDir = Join-Path $TestDrive 'models'
        $null = New-Item -ItemType Directory $modelDir -Force
        Set-Content (Join-Path $modelDir 'm.yaml') "name: mine`ntransformer:`n  layers: 1`n  model_dim: 8`n  heads: 2`n  ffn_dim: 16`n  vocab_size: 10`n"
        $env:TEMP_MODEL_DIR = $modelDir
    }

    It 'another YamlDotNet loaded first, then PSFlops' {
        $out = Invoke-Fresh "Add-Type -Path '$otherYaml'; $useOther; Import-Module '$env:PSFLOPS_MODULE'; $usePSFlops; $useOther"
        # gpt2: 124,439,808 parameters (openai-community/gpt2).
        $out | Should -Contain 'psflops:124439808:mine:18'
        @($out | Where-Object { $_ -eq 'other:11.0.0.0:1' }).Count | Should -Be 2
    }

    It 'PSFlops loaded first, then another YamlDotNet' {
        $out = Invoke-Fresh "Import-Module '$env:PSFLOPS_MODULE'; $usePSFlops; Add-Type -Path '$otherYaml'; $useOther; $usePSFlops"
        @($out | Where-Object { $_ -eq 'psflops:124439808:mine:18' }).Count | Should -Be 2
        $out | Should -Contain 'other:11.0.0.0:1'
    }

    It 'loads YamlDotNet on first use, not at import (issue 8)' {
        # Only YamlDotNet is checked: PSFlops.Loading (45 KB, ours) was seen loaded right after import in a few
        # fresh processes started from Pester, never reproduced outside it; YamlDotNet never was.
        $loaded = '@([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -eq ''YamlDotNet'' }).Count'
        $out = Invoke-Fresh "Import-Module '$env:PSFLOPS_MODULE'; 'after import: ' + $loaded; `$null = Get-ModelFlops -Model gpt2; 'after first count: ' + $loaded"
        $out | Should -Contain 'after import: 0'
        $out | Should -Contain 'after first count: 1'
    }

    It 'loads OxyPlot and the report assembly on the first report, not at import, in the private context (issue 19)' {
        $loaded = '@([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -in ''OxyPlot'', ''PSFlops.Reporting'' }).Count'
        $private = '@(([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq ''PSFlops.Dependencies'').Assemblies.GetName().Name | Where-Object { $_ -in ''OxyPlot'', ''PSFlops.Reporting'' }).Count'
        $report = Join-Path $TestDrive 'r.svg'
        $out = Invoke-Fresh "Import-Module '$env:PSFLOPS_MODULE'; 'after import: ' + $loaded; `$null = Get-ModelFlops -Model gpt2; 'after a count: ' + $loaded; Get-ModelFlops -Model gpt2 | Export-FlopsReport -Path '$report'; 'after a report: ' + $loaded; 'private: ' + $private"
        $out | Should -Contain 'after import: 0'
        $out | Should -Contain 'after a count: 0'
        $out | Should -Contain 'after a report: 2'
        $out | Should -Contain 'private: 2'
        Test-Path $report | Should -BeTrue
    }

    It 'no YamlDotNet type appears in a public signature of the module' {
        $module = Import-Module $env:PSFLOPS_MODULE -PassThru -Force
        $assemblies = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'PSFlops', 'PSFlops.Engine' }
        $public = foreach ($type in $assemblies.GetExportedTypes()) {
            $type.GetMembers() | ForEach-Object {
                switch ($_) {
                    { $_ -is [System.Reflection.MethodInfo] } { $_.ReturnType; $_.GetParameters().ParameterType }
                    { $_ -is [System.Reflection.PropertyInfo] } { $_.PropertyType }
                    { $_ -is [System.Reflection.FieldInfo] } { $_.FieldType }
                }
            }
            $type.BaseType
        }
        @($public | Where-Object { $_ -and $_.Assembly.GetName().Name -in 'YamlDotNet', 'OxyPlot', 'PSFlops.Reporting' }).Count | Should -Be 0
        @($assemblies).Count | Should -Be 2   # the check above looked at both of our public assemblies
    }
}
