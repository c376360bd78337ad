# Get-Hardware, Get-ModelMfu, Get-TrainingEstimate and Get-InferenceEstimate through the cmdlets.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-Hardware' {
    It 'finds a row by alias and by wildcard, with dense datasheet figures' {
        # NVIDIA H100 SXM datasheet: 1,979 TFLOPS BF16 with sparsity -> 989.5 dense; 80 GB; 3.35 TB/s.
        $h = Get-Hardware -Name H100
        $h.Name | Should -Be 'H100-SXM'
        $h.Bf16TFlops | Should -Be 989.5
        $h.MemoryBandwidthGBps | Should -Be 3350
        (Get-Hardware -Name 'A100*').Name | Should -Contain 'A100-SXM-80GB'
    }
    It 'suggests close names for an unknown one' {
        { Get-Hardware -Name H10 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownHardware,PSFlops.Commands.GetHardwareCommand'
        Get-Hardware -Name H10 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -Match "'H100'"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
    It 'adds and overrides rows from a user file, and reports its bad lines' {
        $file = Join-Path $TestDrive 'hw.yaml'
        Set-Content $file "hardware:`n  - name: MyChip`n    vendor: Acme`n    memory_gb: 10`n    memory_bandwidth_gbps: 100`n    bf16_tflops: 50`n    source: test`n"
        (Get-Hardware -Name MyChip -Path $file).Bf16TFlops | Should -Be 50
        Set-Content $file "hardware:`n  - name: MyChip`n    bf16_tflopz: 50`n"
        { Get-Hardware -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'YamlUnknownKey,PSFlops.Commands.GetHardwareCommand'
    }
}

Describe 'Get-ModelMfu' {
    It 'reproduces PaLM 540B: 46.2 % MFU' {
        # Chowdhery et al. 2022, App. B: 238.3K tokens/s, 6144 TPU v4 (275 TFLOP/s), 6N + 12LHQT per token
        # = 6 x 540.35e9 + 12 x 118 x 48 x 256 x 2048 = 3.27774e12.
        $perToken = 6 * 540.35e9 + 12 * 118 * 48 * 256 * 2048
        $r = Get-ModelMfu -FlopsPerToken $perToken -TokensPerSecond 238.3e3 -Hardware TPUv4 -DeviceCount 6144
        [math]::Round($r.Mfu, 3) | Should -Be 0.462
        $r.PeakTFlopsPerSecondPerDevice | Should -Be 275
    }
    It 'gives one row per CSV run, by property name, with a bad row not stopping the others' {
        $csv = Join-Path $TestDrive 'runs.csv'
        @(
            [pscustomobject]@{ Model = 'gpt2'; TokensPerSecond = '100000'; Hardware = 'A100-SXM-80GB'; DeviceCount = '1'; Method = 'SixN' }
            [pscustomobject]@{ Model = 'gpt2'; TokensPerSecond = '100000'; Hardware = 'NoSuchChip'; DeviceCount = '1'; Method = 'SixN' }
            [pscustomobject]@{ Model = 'gpt2'; TokensPerSecond = '200000'; Hardware = 'A100-SXM-80GB'; DeviceCount = '2'; Method = 'SixN' }
        ) | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv | Get-ModelMfu -ErrorAction SilentlyContinue -ErrorVariable err
        $rows.Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'UnknownHardware,PSFlops.Commands.GetModelMfuCommand'
        # 6N with N = 124,439,808 (gpt2): 1e5 tokens/s x 6N / 312e12 on one A100; 2e5 tokens/s over two.
        Assert-Relative $rows[0].Mfu (1e5 * 6 * 124439808 / 312e12) 1e-12
        Assert-Relative $rows[1].Mfu (2e5 * 6 * 124439808 / 2 / 312e12) 1e-12
    }

    It 'takes Get-ModelFlops objects from the pipeline' {
        $flops = Get-ModelFlops -Model gpt2 -Convention Matmul
        $r = $flops | Get-ModelMfu -TokensPerSecond 1e5 -Hardware A100-SXM-80GB
        $r.FlopsPerToken | Should -Be $flops.TrainingFlopsPerToken
    }
}

Describe 'Get-TrainingEstimate' {
    It 'uses the Chinchilla budget of 20 tokens per parameter when no tokens are given' {
        $r = Get-TrainingEstimate -Model gpt2 -Hardware A100-SXM-80GB -DeviceCount 8 -Method SixN
        $r.TokenBudget | Should -Be 'Chinchilla'
        $r.TrainingTokens | Should -Be (20 * 124439808)                      # gpt2: 124,439,808 parameters
        # 6N x 20N FLOPs over 312e12 x 0.4 (default MFU) FLOP/s per device; wall clock divides by 8 devices.
        Assert-Relative $r.DeviceHours (6 * 124439808 * 20 * 124439808 / (312e12 * 0.4) / 3600) 1e-6
        Assert-Relative $r.WallClockDays ($r.DeviceHours / 8 / 24) 1e-9
    }

    It 'refuses a device count below 1 instead of dividing by it' {
        { Get-TrainingEstimate -Model gpt2 -DeviceCount 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PSFlops.Commands.GetTrainingEstimateCommand'
        { Get-InferenceEstimate -Model gpt2 -DeviceCount -2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PSFlops.Commands.GetInferenceEstimateCommand'
    }

    It 'prices INT4 weights at the INT8 peak, as Get-InferenceEstimate does' {
        # H100 SXM dense INT8: 1,979 TOP/s (module/data/hardware.yaml). 6N x 20N at 40 % of it, one device.
        $r = Get-TrainingEstimate -Model gpt2 -Hardware H100-SXM -DataType INT4 -Method SixN
        Assert-Relative $r.DeviceHours (6 * 124439808 * 20 * 124439808 / (1979e12 * 0.4) / 3600) 1e-6
    }
}

Describe 'Get-InferenceEstimate' {
    It 'calls batch-1 decode of a 70B model memory-bound and a large batch at short context compute-bound' {
        $r = Get-InferenceEstimate -Model llama-2-70b -Hardware H100-SXM -BatchSize 1, 1024 -ContextLength 128
        $r[0].Bound | Should -Be 'Memory'
        $r[1].Bound | Should -Be 'Compute'
        # KV cache at batch 1, 128 positions, bf16: 2 x 80 x 8 x 128 x 128 x 2 bytes.
        $r[0].KvCacheBytes | Should -Be (2 * 80 * 8 * 128 * 128 * 2)
    }
}

Describe 'objects flow between the planning cmdlets by property name' {
    It 'Get-Hardware objects bind -Hardware' {
        $r = Get-Hardware -Name H100-SXM | Get-ModelMfu -FlopsPerToken 6e9 -TokensPerSecond 1e5
        $r.Hardware | Should -Be 'H100-SXM'
        Assert-Relative $r.Mfu (6e9 * 1e5 / 989.5e12) 1e-12      # H100 SXM: 989.5 dense BF16 TFLOP/s
    }

    It 'a Get-ModelFlops object gives Get-TrainingEstimate its model and sequence length, not its step tokens as a budget' {
        $r = Get-ModelFlops -Model gpt2 -SequenceLength 512 | Get-TrainingEstimate -Hardware H100
        $r.SequenceLength | Should -Be 512
        $r.TokenBudget | Should -Be 'Chinchilla'
        $r.TrainingTokens | Should -Be (20 * 124439808)
    }
}
