# The module as users get it: packed by PSResourceGet, installed from a local repository into a clean
# profile, imported by name. Every step runs in a fresh pwsh whose HOME is a temporary folder.
BeforeAll {
    $script:root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:cleanHome = Join-Path $TestDrive 'home'
    $script:repository = Join-Path $TestDrive 'repository'
    $null = New-Item -ItemType Directory $cleanHome, (Join-Path $cleanHome '.local/share'), (Join-Path $cleanHome '.config'), $repository -Force
    function script:Invoke-Clean([string] $Command) {
        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath
        Push-Location $root
        try {
            $env:HOME = $cleanHome; $env:XDG_DATA_HOME = Join-Path $cleanHome '.local/share'; $env:XDG_CONFIG_HOME = Join-Path $cleanHome '.config'
            $env:PSModulePath = $null   # the child computes its own, from the temporary HOME
            & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $Command 2>&1   # no tool lookup under the new HOME
        } finally {
            $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath = $saved
            Pop-Location
        }
    }
}

Describe 'packaging' {
    It 'the manifest passes Test-ModuleManifest with explicit exports' {
        $manifest = Test-ModuleManifest $env:PSFLOPS_MODULE
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be (@('Get-Hardware', 'Get-InferenceEstimate', 'Get-LayerFlops', 'Get-ModelDefinition',
            'Get-ModelFlops', 'Get-ModelMemory', 'Get-ModelMfu', 'Get-TrainingEstimate', 'Measure-TransformerBlock',
            'Get-StepTime', 'Find-ParallelLayout') | Sort-Object)
        $manifest.ExportedFunctions.Count | Should -Be 0
        $manifest.ExportedAliases.Count | Should -Be 0
        $manifest.ExportedVariables.Count | Should -Be 0
        $manifest.PrivateData.PSData.Tags | Should -Contain 'FLOPs'
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
    }

    It 'packs, installs from a local repository into a clean profile, and imports by name' {
        $packer = Join-Path $root 'tools/New-ModulePackage.ps1'
        $moduleFolder = Split-Path $env:PSFLOPS_MODULE
        $packed = & dotnet pwsh -NoProfile -NonInteractive -File $packer -ModulePath $moduleFolder -Destination $repository 2>&1
        $packed | Should -Match 'PSFlops\.\d+\.\d+\.\d+\.nupkg'
        $install = Invoke-Clean "Register-PSResourceRepository -Name Local -Uri '$repository' -Trusted; Install-PSResource -Name PSFlops -Repository Local -Scope CurrentUser -TrustRepository; (Get-InstalledPSResource -Name PSFlops).Name"
        $install | Should -Contain 'PSFlops'
        # A new session: PSFlops is found on the module path by name; gpt2 has 124,439,808 parameters.
        $use = Invoke-Clean "Import-Module PSFlops; (Get-Module PSFlops).ModuleBase; (Get-ModelFlops -Model gpt2).Parameters"
        $use[-1] | Should -Be '124439808'
        $use[0] | Should -BeLike "$cleanHome*"
    }
}
