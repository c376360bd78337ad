# Tab completion of model, hardware and layer-type names.
BeforeAll { Import-Module $env:PSFLOPS_MODULE -Force }

Describe 'argument completion' {
    It '<Line> completes to <Expected>' -ForEach @(
        @{ Line = 'Get-ModelFlops -Model llama-3.1-'; Expected = 'llama-3.1-405b', 'llama-3.1-70b', 'llama-3.1-8b' }
        @{ Line = 'Get-ModelDefinition -Name resnet'; Expected = 'resnet-18', 'resnet-50' }
        @{ Line = 'Get-Hardware -Name MI3'; Expected = 'MI300X', 'MI325X' }
        @{ Line = 'Get-ModelMfu -Hardware TPUv5'; Expected = 'TPUv5e', 'TPUv5p' }
        @{ Line = 'Get-LayerFlops -Type Conv'; Expected = 'Conv1d', 'Conv2d', 'Conv3d' }
        @{ Line = 'Get-ModelMemory -Model mixtral'; Expected = @('mixtral-8x7b') }
    ) {
        $result = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        $result.CompletionMatches.CompletionText | Should -Be $Expected
    }
}
