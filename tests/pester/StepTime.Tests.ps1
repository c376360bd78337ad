# Get-StepTime and Find-ParallelLayout through the cmdlets (the engine's formulas are unit-tested by hand in
# tests/unit/StepTimeTests.cs; here: the published runs, binding, errors, views).
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # Korthikanti et al. 2022 Table 3, 175B: 96 heads, h 12288, 96 layers, GPT blocks, vocabulary 51,200, sequence 2048
    # (docs/step-time-references.md).
    $script:k175 = Write-TestFile (Join-Path $TestDrive 'k175.yaml') @'
name: korthikanti-175b
transformer:
  layers: 96
  model_dim: 12288
  heads: 96
  ffn_dim: 49152
  ffn: mlp
  activation: gelu
  norm: layernorm
  bias: true
  vocab_size: 51200
  tied_embeddings: true
  positions: learned
  max_sequence_length: 2048
  sequence_length: 2048
'@
    $script:published = @{
        Path = $k175; Hardware = 'A100-SXM-80GB'; TensorParallel = 8; PipelineParallel = 8; VirtualPipelineStages = 3
        MicroBatchSize = 1; GlobalBatchSize = 64; SequenceLength = 2048; FlashAttention = $false
    }
}

Describe 'Get-StepTime' {
    It 'reproduces Korthikanti Table 5 for 175B within the reported error, both columns' {
        # Table 5: 13.75 s with sequence parallelism + selective recompute, 18.13 s with full recompute.
        $present = Get-StepTime @published -SequenceParallel -Recompute Selective
        Assert-Relative $present.StepSeconds 13.75 0.09
        $full = Get-StepTime @published -Recompute Full
        Assert-Relative $full.StepSeconds 18.13 0.09
        $present.StepSeconds | Should -BeLessThan $full.StepSeconds
        $present.DeviceCount | Should -Be 64
        $present.Schedule | Should -Be 'Interleaved'
        $present.MicroBatches | Should -Be 64
    }
    It 'writes terms that add up to the step, and the memory Get-ModelMemory writes' {
        $r = Get-StepTime @published -SequenceParallel -Recompute Selective
        $sum = $r.ComputeSeconds + $r.TensorParallelCommSeconds + $r.PipelineBubbleSeconds + $r.PipelineCommSeconds +
            $r.DataParallelCommSeconds + $r.ExpertParallelCommSeconds + $r.ContextParallelCommSeconds + $r.OptimizerSeconds
        Assert-Relative $sum $r.StepSeconds 1e-12
        $m = Get-ModelMemory -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 8 -PipelineParallel 8 -VirtualPipelineStages 3 -BatchSize 1 `
            -GlobalBatchSize 64 -SequenceLength 2048 -FlashAttention:$false -SequenceParallel -Recompute Selective
        $r.MemoryBytesPerDevice | Should -Be $m.TotalBytes
        $r.Fits | Should -Be $m.Fits
        # Bubble of interleaved 1F1B, (p - 1) / (v m) of the ideal: 7 / (3 x 64).
        $ideal = $r.ComputeSeconds + $r.TensorParallelCommSeconds + $r.PipelineCommSeconds
        Assert-Relative ($r.PipelineBubbleSeconds / $ideal) (7 / 192) 1e-9
        $r.EfficiencySource | Should -Match 'Korthikanti'
        $r.Efficiency | Should -Be 0.859
    }
    It 'costs a slower network when -ScaleOutGbps overrides the row' {
        $fast = Get-StepTime -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 8 -PipelineParallel 8 -DataParallel 2 -GlobalBatchSize 64 -FlashAttention:$false
        $slow = Get-StepTime -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 8 -PipelineParallel 8 -DataParallel 2 -GlobalBatchSize 64 -FlashAttention:$false -ScaleOutGbps 100
        $fast.ScaleOutGbps | Should -Be 200
        $slow.ScaleOutGbps | Should -Be 100
        $slow.DataParallelCommSeconds | Should -BeGreaterThan (1.9 * $fast.DataParallelCommSeconds)
    }
    It 'takes a hardware row from a user file, interconnect included' {
        $file = Write-TestFile (Join-Path $TestDrive 'cluster.yaml') "hardware:`n  - name: MyGpu`n    memory_gb: 80`n    memory_bandwidth_gbps: 2000`n    bf16_tflops: 300`n    scale_up_gbps: 400`n    scale_up_domain: 4`n    scale_out_gbps: 100`n    matmul_achievable_fraction: 0.8`n    interconnect_source: test`n"
        $row = Get-Hardware -Path $file -Name MyGpu
        $row.ScaleUpDomain | Should -Be 4
        $r = Get-StepTime -Model gpt2 -Hardware $row -TensorParallel 4 -GlobalBatchSize 8 -MicroBatchSize 8 -SequenceLength 1024
        $r.Hardware | Should -Be 'MyGpu'
        $r.Efficiency | Should -Be 0.8
        $r.ScaleUpGBps | Should -Be 400
    }
    It 'refuses bad layouts with clear error ids, and one bad row does not stop the others' {
        { Get-StepTime -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 128 -GlobalBatchSize 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'TensorParallelHeads,PSFlops.Commands.GetStepTimeCommand'
        { Get-StepTime -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 8 -DataParallel 3 -GlobalBatchSize 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'GlobalBatchSizeLayout,PSFlops.Commands.GetStepTimeCommand'
        { Get-StepTime -Path $k175 -Hardware A100-SXM-80GB -TensorParallel 8 -DataParallel 2 -DeviceCount 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeviceCountLayout,PSFlops.Commands.GetStepTimeCommand'
        { Get-StepTime -Path $k175 -TensorParallel 8 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingHardware,PSFlops.Commands.GetStepTimeCommand'
        { Get-StepTime -Path $k175 -Hardware L4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoInterconnect,PSFlops.Commands.GetStepTimeCommand'
        $rows = @(
            [pscustomobject]@{ Model = 'gpt2'; TensorParallel = 5; GlobalBatchSize = 8 }
            [pscustomobject]@{ Model = 'gpt2'; TensorParallel = 4; GlobalBatchSize = 8 }
        )
        $out = $rows | Get-StepTime -Hardware H100-SXM -SequenceLength 1024 -ErrorAction SilentlyContinue -ErrorVariable err
        @($out).Count | Should -Be 1
        $out.TensorParallel | Should -Be 4
        $err[0].FullyQualifiedErrorId | Should -Be 'TensorParallelHeads,PSFlops.Commands.GetStepTimeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
    It 'prints within 80 columns' {
        $text = Get-StepTime @published -SequenceParallel -Recompute Selective | Out-String -Width 80
        $text | Should -Match 'TP8 PP8 v3 DP1 SP'
        foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 }
        $hw = Get-Hardware | Format-Table -View Interconnect | Out-String -Width 80
        $hw | Should -Match 'A100-SXM-80GB +600 GB/s +8 +200 Gb/s'
    }
}

Describe 'Find-ParallelLayout' {
    It 'finds layouts of 64 A100s for 175B, fastest first, at least as fast as the published one, each fitting and multiplying out' {
        $best = Find-ParallelLayout -Path $k175 -Hardware A100-SXM-80GB -DeviceCount 64 -GlobalBatchSize 64 -SequenceLength 2048 -FlashAttention:$false -First 20
        @($best).Count | Should -Be 20
        $published = Get-StepTime @published -SequenceParallel -Recompute Selective
        $best[0].StepSeconds | Should -BeLessOrEqual $published.StepSeconds
        for ($i = 1; $i -lt 20; $i++) { $best[$i].StepSeconds | Should -BeGreaterOrEqual $best[$i - 1].StepSeconds }
        foreach ($r in $best) {
            $r.TensorParallel * $r.PipelineParallel * $r.DataParallel * $r.ContextParallel | Should -Be 64
            $r.Fits | Should -BeTrue
            96 % $r.TensorParallel | Should -Be 0
        }
    }
    It 'keeps an axis a parameter fixes' {
        $r = Find-ParallelLayout -Path $k175 -Hardware A100-SXM-80GB -DeviceCount 64 -GlobalBatchSize 64 -TensorParallel 8 -Recompute Full -FlashAttention:$false -First 5
        $r.TensorParallel | Sort-Object -Unique | Should -Be 8
        $r.Recompute | Sort-Object -Unique | Should -Be 'Full'
    }
    It 'needs a device count, a global batch and hardware' {
        { Find-ParallelLayout -Path $k175 -Hardware A100-SXM-80GB -GlobalBatchSize 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingDeviceCount,PSFlops.Commands.FindParallelLayoutCommand'
        { Find-ParallelLayout -Path $k175 -Hardware A100-SXM-80GB -DeviceCount 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingGlobalBatchSize,PSFlops.Commands.FindParallelLayoutCommand'
        { Find-ParallelLayout -Path $k175 -DeviceCount 64 -GlobalBatchSize 64 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingHardware,PSFlops.Commands.FindParallelLayoutCommand'
    }
}
