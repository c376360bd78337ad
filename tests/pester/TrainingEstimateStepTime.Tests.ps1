# Get-TrainingEstimate's issue-17 extension: a piped Get-StepTime object, -Days, -PricePerDeviceHour, EnergyKWh.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-TrainingEstimate from a step time' {
    It 'takes the days from a piped Get-StepTime object' {
        $step = Get-StepTime -Model gpt2 -Hardware A100-SXM-80GB -DataParallel 8 -MicroBatchSize 8 -GlobalBatchSize 64 -SequenceLength 1024
        $r = $step | Get-TrainingEstimate -TrainingTokens 1e10
        # 1e10 tokens in steps of 64 x 1024 = 65,536 tokens: 152,587.89 steps of StepSeconds each.
        Assert-Relative $r.WallClockSeconds (1e10 / 65536 * $step.StepSeconds) 1e-12
        $r.TimeSource | Should -Be 'StepTime'
        $r.StepSeconds | Should -Be $step.StepSeconds
        $r.DeviceCount | Should -Be 8
        $r.Hardware | Should -Be 'A100-SXM-80GB'
        Assert-Relative $r.DeviceHours ($r.WallClockSeconds * 8 / 3600) 1e-12
        # The MFU the time implies: the estimate's training FLOPs over (seconds x devices x 312e12).
        Assert-Relative $r.Mfu ($r.TrainingFlops / ($r.WallClockSeconds * 8 * 312e12)) 1e-12
    }
    It 'solves -Days for whole data-parallel replicas of the layout, and gives cost and energy' {
        $step = Get-StepTime -Model gpt2 -Hardware A100-SXM-80GB -TensorParallel 2 -DataParallel 4 -MicroBatchSize 8 -GlobalBatchSize 64 -SequenceLength 1024
        $perDevice = 65536 / $step.StepSeconds / 8
        $r = $step | Get-TrainingEstimate -TrainingTokens 1e12 -Days 2 -PricePerDeviceHour 3 -Pue 1.5
        # Devices: 1e12 / 172,800 s / per-device tokens/s, rounded up to whole replicas of TP 2.
        $expected = [math]::Ceiling(1e12 / 172800 / $perDevice / 2) * 2
        $r.DeviceCount | Should -Be $expected
        $r.DataParallel | Should -Be ($expected / 2)
        $r.WallClockDays | Should -BeLessOrEqual 2
        Assert-Relative $r.Cost ($r.DeviceHours * 3) 1e-12
        # A100 SXM: 400 W TDP (hardware table). kWh = devices x 400 x hours x 1.5 / 1000.
        Assert-Relative $r.EnergyKWh ($expected * 400 * $r.WallClockSeconds / 3600 * 1.5 / 1000) 1e-12
    }
    It 'solves -Days at an assumed MFU' {
        $one = Get-TrainingEstimate -Model gpt2 -TrainingTokens 1e12 -Hardware H100-SXM -Mfu 0.4
        $r = Get-TrainingEstimate -Model gpt2 -TrainingTokens 1e12 -Hardware H100-SXM -Mfu 0.4 -Days 1
        $r.DeviceCount | Should -Be ([math]::Ceiling($one.WallClockSeconds / 86400))
        $r.TimeSource | Should -Be 'Mfu'
    }
    It 'refuses what it cannot use' {
        { Get-TrainingEstimate -Model gpt2 -Days 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterNotUsed,PSFlops.Commands.GetTrainingEstimateCommand'
        { Get-TrainingEstimate -Model gpt2 -Hardware H100-SXM -StepSeconds 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'StepSecondsNeedsGlobalBatchSize,PSFlops.Commands.GetTrainingEstimateCommand'
        { Get-TrainingEstimate -Model gpt2 -Hardware H100-SXM -Pue 0.5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PSFlops.Commands.GetTrainingEstimateCommand'
    }
}
