# Get-ModelMemory through the cmdlet: the verdict, -Parameters, sweeps and errors.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-ModelMemory' {
    It 'says a 70B model in bf16 does not fit one 80 GB H100 for inference, and fits on two' {
        # Llama-2-70B: 68,976,648,192 parameters x 2 bytes = 137.95 GB > 80 GB x 0.9 usable.
        $one = Get-ModelMemory -Model llama-2-70b -Inference -SequenceLength 4096 -Hardware H100-SXM
        $one.Fits | Should -BeFalse
        $one.WeightBytes | Should -Be (2 * 68976648192)
        $one.KvCacheBytes | Should -Be (2 * 80 * 8 * 128 * 4096 * 2)       # K and V, 80 layers, 8 kv heads, head dim 128
        # Issue 13 item 9: the capacity is the runtime's, 81,559 MiB = 85,520,809,984 bytes (nvidia-smi; modal-labs/modal-client
        # PR #2797), not the printed 80e9, which understated it by 7 %.
        $one.DeviceMemoryBytes | Should -Be 85520809984
        Assert-Relative $one.Fraction ($one.TotalBytes / 85520809984) 1e-15
        $one.MinTensorParallel | Should -Be 2
        $two = Get-ModelMemory -Model llama-2-70b -Inference -SequenceLength 4096 -Hardware H100-SXM -TensorParallel 2
        $two.Fits | Should -BeTrue
        $two.TotalBytes | Should -Be (68976648192 + 2 * 80 * 8 * 128 * 4096 * 2 / 2)
    }

    It 'reproduces ZeRO stage 2 from a bare parameter count' {
        # 7.5B parameters, 64 devices: 2Ψ + (2 + 12)Ψ/64 = 16.64 GB (Rajbhandari et al. 2020, Figure 1: 16.6 GB).
        $r = Get-ModelMemory -Parameters 7.5e9 -ZeroStage 2 -DataParallel 64
        $r.TotalBytes | Should -Be (2 * 7.5e9 + 14 * 7.5e9 / 64)
        $r.ActivationBytes | Should -Be 0
    }

    It 'sweeps sequence lengths and grows activations linearly with flash attention' {
        $rows = Get-ModelMemory -Model llama-2-7b -SequenceLength 1024, 2048 -FlashAttention
        $rows.Count | Should -Be 2
        # Without the s^2 term every activation is proportional to s: twice the tokens, twice the bytes.
        $rows[1].ActivationBytes | Should -Be (2 * $rows[0].ActivationBytes)
        $rows[1].WeightBytes | Should -Be $rows[0].WeightBytes
    }

    It 'finds the smallest power-of-two ZeRO data-parallel size that fits a 70B fine-tune' {
        # 70,553,706,496 parameters x 16 bytes over TP 8 = 141.1 GB per device at DP 1; ZeRO-3 over DP d divides it.
        # Activations (docs/memory.md, SP + selective, 80 layers at s 8192): 8192 x 36,352 bytes a layer = 23.8 GB.
        # Usable: 80 GB less the 10 % reserve = 72 GB. DP 2: 70.6 + 23.8 = 94.4 GB, too much; DP 4: 35.3 + 23.8 = 59.1 GB.
        $r = Get-ModelMemory -Model llama-3.1-70b -SequenceLength 8192 -TensorParallel 8 -SequenceParallel -ZeroStage 3 -Recompute Selective -Hardware H100
        $r.Fits | Should -BeFalse
        $r.MinDataParallel | Should -Be 4
        $fit = Get-ModelMemory -Model llama-3.1-70b -SequenceLength 8192 -TensorParallel 8 -SequenceParallel -ZeroStage 3 -Recompute Selective -Hardware H100 -DataParallel $r.MinDataParallel
        $fit.Fits | Should -BeTrue
        $half = Get-ModelMemory -Model llama-3.1-70b -SequenceLength 8192 -TensorParallel 8 -SequenceParallel -ZeroStage 3 -Recompute Selective -Hardware H100 -DataParallel ($r.MinDataParallel / 2)
        $half.Fits | Should -BeFalse
    }

    It 'reports an unknown device with suggestions and keeps going' {
        # Two pipeline inputs, each naming the unknown device: one error for each.
        $rows = 'gpt2', 'llama-2-7b' | ForEach-Object { [pscustomobject]@{ Model = $_ } } |
            Get-ModelMemory -Hardware H1000 -ErrorAction SilentlyContinue -ErrorVariable err
        $rows | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -Be 'UnknownHardware,PSFlops.Commands.GetModelMemoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($err[0])" | Should -Match "H100"
    }

    It 'looks an unknown device up once per input, not once per row of a sweep' {
        $rows = Get-ModelMemory -Model gpt2 -SequenceLength 512, 1024, 2048 -BatchSize 1, 2 -Hardware H1000 -ErrorAction SilentlyContinue -ErrorVariable err
        $rows | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be 'H1000'
    }
}
