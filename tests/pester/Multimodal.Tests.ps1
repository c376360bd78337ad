# Issue 16 item 4 through the cmdlets: a multimodal config.json is one model whose Parameters count every tower, and
# the image workload (-ImageSize, -ImageCount) reaches Get-ModelFlops and Get-ModelMemory through the shared model base.
# Expected counts are derived tensor by tensor in tests/unit/MultimodalFamilyTests.cs and match the published totals.

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    $configs = Join-Path $PSScriptRoot '..' 'unit' 'configs'
    $gemma = Join-Path $configs 'gemma-3-4b-it.json'
    $qwen = Join-Path $configs 'qwen2.5-vl-7b-instruct.json'
}

Describe 'Multimodal config.json files through Get-ModelFlops and Get-ModelMemory' {
    It 'gemma-3-4b-it is one object of 4,300,079,472 parameters (SigLIP, projector and language model)' {
        $all = @(Get-ModelFlops -LiteralPath $gemma -SequenceLength 512)
        $all.Count | Should -Be 1
        $all[0].Parameters | Should -Be 4300079472
        $all[0].ImageSize | Should -Be 896     # the config's image_size
        $all[0].ImageCount | Should -Be 1
    }

    It 'Qwen2.5-VL-7B-Instruct counts 8,292,166,656 parameters in Get-ModelFlops and Get-ModelMemory' {
        (Get-ModelFlops -LiteralPath $qwen).Parameters | Should -Be 8292166656
        $memory = Get-ModelMemory -LiteralPath $qwen -Inference -SequenceLength 1024 -ImageSize 896 -ImageCount 2
        $memory.Parameters | Should -Be 8292166656
        $memory.ImageSize | Should -Be 896
        $memory.ImageCount | Should -Be 2
        # BF16 weights: 2 bytes per parameter.
        $memory.WeightBytes | Should -Be (2 * 8292166656)
    }

    It '-ImageCount runs the tower over more images; the parameters stay' {
        $one = Get-ModelFlops -LiteralPath $qwen -SequenceLength 1024 -ImageSize 448
        $two = Get-ModelFlops -LiteralPath $qwen -SequenceLength 1024 -ImageSize 448 -ImageCount 2
        $two.ImageCount | Should -Be 2
        $two.ForwardFlops | Should -BeGreaterThan $one.ForwardFlops
        $two.Parameters | Should -Be $one.Parameters
        # 448 px: 1,024 patches into the tower, a 2 x 2 merge gives the projector's output 256 tokens per image.
        $rows = Get-LayerFlops -LiteralPath $qwen -SequenceLength 1024 -ImageSize 448 -ImageCount 2
        ($rows | Where-Object Name -eq 'merger.mlp.2').InputShape | Should -Be '512x5120'
    }

    It 'piped rows carry the image workload to the next cmdlet' {
        $flops = Get-ModelFlops -LiteralPath $qwen -SequenceLength 1024 -ImageSize 672 -ImageCount 3
        $memory = $flops | Get-ModelMemory -LiteralPath $qwen -Inference
        $memory.ImageSize | Should -Be 672
        $memory.ImageCount | Should -Be 3     # not the default 1: bound from the piped row
        # A planner's record carries them on as well (Get-InferenceEstimate into Get-ModelMemory).
        $serving = Get-InferenceEstimate -LiteralPath $qwen -SequenceLength 2048 -ImageSize 896 -ImageCount 2 -Hardware H100-SXM
        $next = $serving | Get-ModelMemory -LiteralPath $qwen -Inference
        $next.ImageSize | Should -Be 896
        $next.ImageCount | Should -Be 2
    }

    It 'Qwen2.5-VL, whose config names no image size, reads 448 px by default (the help says so)' {
        (Get-ModelFlops -LiteralPath $qwen -SequenceLength 1024).ImageSize | Should -Be 448
        # 448 / 14 = 32 patches a side: the merger's input is (32 x 32) / 4 = 256 tokens of 4 x 1280 = 5120.
        ((Get-LayerFlops -LiteralPath $qwen -SequenceLength 1024) | Where-Object Name -eq 'merger.mlp.2').InputShape | Should -Be '256x5120'
    }

    It 'a text-only model ignores the image workload and echoes none' {
        $r = Get-ModelFlops -Model llama-3.1-8b -SequenceLength 128 -ImageSize 448
        $r.ImageSize | Should -BeNullOrEmpty
        $r.ImageCount | Should -BeNullOrEmpty
    }

    It 'an image size the patches or the merge cannot cut is an InvalidDimension error' {
        Get-ModelFlops -LiteralPath $qwen -ImageSize 434 -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetModelFlopsCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($e[0])" | Should -Match 'multiple of 2'
    }

    It 'a non-positive or fractional image size is refused at binding' -TestCases @(
        @{ Value = '0' }, @{ Value = '-448' }, @{ Value = '448.5' }
    ) {
        { Get-ModelFlops -LiteralPath $gemma -ImageSize $Value -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetModelFlopsCommand'
    }
}
