# Issue 13 item 9: device memory as the device reports it, beside the vendor's printed figure, and the reserve a verdict keeps.
BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-Hardware carries the printed and the runtime capacity' {
    # Runtime totals in MiB as the tools print them (sources in module/data/hardware.yaml, typed here by hand):
    # H200 nvidia-smi 143771MiB (sgl-project/sglang #3196), B200 183359MiB (NVIDIA/TensorRT-LLM #10278),
    # MI300X rocm-smi 206,141,652,992 B = 196592 MiB (ROCm/legacy-rocm-build #4750), Gaudi2 hl-smi 98304MiB.
    It '<Name>: MemoryGB <Printed> as printed, MemoryBytes <MiB> MiB x 2^20 as reported' -ForEach @(
        @{ Name = 'H200'; Printed = 141; MiB = 143771 }
        @{ Name = 'B200'; Printed = 180; MiB = 183359 }
        @{ Name = 'MI300X'; Printed = 192; MiB = 196592 }
        @{ Name = 'Gaudi2'; Printed = 96; MiB = 98304 }
    ) {
        $h = Get-Hardware $Name
        $h.MemoryGB | Should -Be $Printed
        $h.MemoryBytes | Should -Be ($MiB * 1MB)
    }
    It 'a CSV export and a list view show both figures' {
        $row = Get-Hardware H200 | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.MemoryGB | Should -Be '141'
        $row.MemoryBytes | Should -Be '150754820096'       # 143771 x 1,048,576
        $list = Get-Hardware H200 | Format-List MemoryGB, MemoryBytes | Out-String
        $list | Should -Match 'MemoryGB\s*:\s*141'
        $list | Should -Match 'MemoryBytes\s*:\s*150754820096'
    }
    It 'a row without a runtime figure falls back to the printed GB x 10^9 (MI325X: 256 GB)' {
        $h = Get-Hardware MI325X
        $h.MemoryBytes | Should -Be 256e9
    }
}

Describe 'a fit verdict uses the runtime capacity and keeps the stated 10 % reserve' {
    It 'on an H200, 130e9 bytes of weights fit: usable 143771 MiB x 0.9 = 135,679,338,086.4 B' {
        # 65e9 parameters x 2 bytes (bf16) = 130e9, no shape so no KV cache. Against the printed 141e9 x 0.9 = 126.9e9
        # it would not fit: the verdict flips on the runtime figure.
        $r = Get-ModelMemory -Parameters 65e9 -Inference -Hardware H200
        $r.TotalBytes | Should -Be 130e9
        $r.DeviceMemoryBytes | Should -Be (143771 * 1MB)
        $r.ReserveFraction | Should -Be 0.1
        $r.UsableBytes | Should -Be ((143771 * 1MB) * 0.9)
        $r.Fits | Should -BeTrue
    }
    It 'the same footprint on a user row that has only the printed 141 GB does not fit' {
        $file = Write-TestFile (Join-Path $TestDrive 'printed.yaml') @'
hardware:
  - name: H200-printed
    vendor: NVIDIA
    memory_gb: 141
    memory_bandwidth_gbps: 4800
    bf16_tflops: 989.5
    source: "test row: the H200's printed capacity only"
'@
        $r = Get-Hardware -Path $file -Name H200-printed | Get-ModelMemory -Parameters 65e9 -Inference
        $r.DeviceMemoryBytes | Should -Be 141e9
        $r.UsableBytes | Should -Be (141e9 * 0.9)
        $r.Fits | Should -BeFalse
    }
    It '-ReserveFraction 0 compares with the whole runtime total' {
        $r = Get-ModelMemory -Parameters 65e9 -Inference -Hardware H200 -ReserveFraction 0
        $r.UsableBytes | Should -Be (143771 * 1MB)
    }
    It 'the reserve the about topic and docs/memory.md state is the one the verdict keeps' {
        $about = Get-Content (Join-Path (Get-Module PSFlops).ModuleBase 'en-US/about_PSFlops_Planning.help.txt') -Raw
        $about -match 'The reserve is (\d+) % by default' | Should -BeTrue
        $stated = [double]$Matches[1] / 100
        $doc = Get-Content (Join-Path $PSScriptRoot '../../docs/memory.md') -Raw
        $doc -match 'ReserveFraction (0\.\d+) unless given' | Should -BeTrue
        [double]::Parse($Matches[1], [cultureinfo]::InvariantCulture) | Should -Be $stated
        (Get-ModelMemory -Parameters 65e9 -Inference -Hardware H200).ReserveFraction | Should -Be $stated
        (Get-InferenceEstimate llama-3.1-8b -Hardware H200).ReserveFraction | Should -Be $stated
    }
}
