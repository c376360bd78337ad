@{
    RootModule           = 'PSFlops.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f1b3c2e-8a4d-4f7b-9c1e-2d5a7b9e4c30'
    Author               = 'PSFlops contributors'
    CompanyName          = 'PSFlops'
    Copyright            = '(c) PSFlops contributors. MIT License.'
    Description          = 'What a neural network costs to run: FLOPs per layer, block, model and token; training and inference; MFU against an accelerator table; memory and capacity planning.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('PSFlops.Format.ps1xml')
    TypesToProcess       = @('PSFlops.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-LayerFlops'
        'Get-ModelFlops'
        'Get-ModelDefinition'
        'Measure-TransformerBlock'
        'Get-Hardware'
        'Get-ModelMfu'
        'Get-TrainingEstimate'
        'Get-InferenceEstimate'
        'Get-ModelMemory'
        'Export-FlopsReport'
        'Find-ServingLayout'
        'Get-StepTime'
        'Find-ParallelLayout'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('FLOPs', 'MFU', 'Transformer', 'LLM', 'MachineLearning', 'CapacityPlanning', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri = 'https://github.com/psflops/PSFlops'
            LicenseUri = 'https://github.com/psflops/PSFlops/blob/main/LICENSE'
        }
    }
}
