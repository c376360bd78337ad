# Get-ModelDefinition: the built-in model list, wildcards, files, and definitions on the pipeline.

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-ModelDefinition built-in models' {
    BeforeAll {
        $script:builtIn = @(
            'bert-base', 'bert-large', 'deepseek-v3', 'gemma-2-27b', 'gpt-3-175b', 'gpt-oss-120b', 'gpt2', 'gpt2-large', 'gpt2-medium', 'gpt2-xl',
            'llama-2-13b', 'llama-2-70b', 'llama-2-7b', 'llama-3.1-405b', 'llama-3.1-70b', 'llama-3.1-8b',
            'mistral-7b', 'mixtral-8x7b', 'qwen3-235b-a22b', 'resnet-18', 'resnet-50', 'vit-b-16', 'vit-l-16',
            # graph-form CNNs and Swin (issue 16)
            'convnext-t', 'densenet-121', 'efficientnet-b0', 'regnety-400mf', 'squeezenet-1.0', 'swin-t',
            # state-space and encoder-decoder transformer-form models (issue 16)
            'mamba-130m', 't5-v1_1-base'
        )
    }

    It 'lists the 31 built-in models by name' {
        $all = @(Get-ModelDefinition)
        $all.Count | Should -Be 31
        (($all.Name | Sort-Object) -join ',') | Should -BeExactly (($builtIn | Sort-Object) -join ',')
    }

    It 'gives every built-in model a form and a source' {
        foreach ($d in Get-ModelDefinition) {
            $d.Form | Should -BeIn @('transformer', 'graph') -Because $d.Name
            $d.Source | Should -Not -BeNullOrEmpty -Because $d.Name
        }
        (Get-ModelDefinition -Name resnet-50).Form | Should -Be 'graph'
        (Get-ModelDefinition -Name llama-3.1-8b).Form | Should -Be 'transformer'
    }

    It '-Name llama* matches the six Llama models' {
        $names = @(Get-ModelDefinition -Name 'llama*').Name | Sort-Object
        ($names -join ',') | Should -BeExactly 'llama-2-13b,llama-2-70b,llama-2-7b,llama-3.1-405b,llama-3.1-70b,llama-3.1-8b'
    }

    It '-Name is case-insensitive and positional; names come from the pipeline too' {
        (Get-ModelDefinition 'GPT2').Name | Should -BeExactly 'gpt2'
        (@('gpt2', 'bert-base') | Get-ModelDefinition).Name -join ',' | Should -BeExactly 'gpt2,bert-base'
    }

    It 'a wildcard that matches nothing writes nothing and no error' {
        $rows = @(Get-ModelDefinition -Name 'zzz*' -ErrorVariable errs)
        $rows.Count | Should -Be 0
        $errs.Count | Should -Be 0
    }

    It 'an unknown name is UnknownModel, ObjectNotFound, targeting the name, with a suggestion' {
        { Get-ModelDefinition -Name mistral-8b -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownModel,PSFlops.Commands.GetModelDefinitionCommand'
        $null = Get-ModelDefinition -Name mistral-8b -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'mistral-8b'
        "$($errs[0])" | Should -Match "'mistral-7b'"
    }
}

Describe 'Get-ModelDefinition on the pipeline' {
    It 'piped into Get-ModelFlops gives one row per definition, as -Model does' {
        $rows = @(Get-ModelDefinition -Name 'llama*' | Get-ModelFlops)
        $rows.Count | Should -Be 6
        ($rows.Model | Sort-Object) -join ',' | Should -Be 'llama-2-13b,llama-2-70b,llama-2-7b,llama-3.1-405b,llama-3.1-70b,llama-3.1-8b'
        # Llama 3.1 8B, HF model card / safetensors: 8,030,261,248 parameters.
        ($rows | Where-Object Model -EQ 'llama-3.1-8b').Parameters | Should -Be 8030261248
        # Llama 2 7B, HF meta-llama/Llama-2-7b-hf: 6,738,415,616 parameters.
        ($rows | Where-Object Model -EQ 'llama-2-7b').Parameters | Should -Be 6738415616
    }

    It 'piped into Get-ModelFlops takes -SequenceLength and -Convention from the command line' {
        $r = Get-ModelDefinition -Name gpt2 | Get-ModelFlops -SequenceLength 128 -Convention Matmul
        # GPT-2 small at S 128: per layer 24 d^2 T (QKV, output, MLP) + 2 * 2*H*S*S*d_h, no bias adds under Matmul
        # (issue 13 item 7; the old figure added 9 d T), plus the tied LM head 2 T d V. d 768, 12 layers, 12 heads of 64, V 50257.
        $perLayer = 24 * 768 * 768 * 128 + 2 * (2 * 12 * 128 * 128 * 64)
        $r.ForwardFlops | Should -Be (12 * $perLayer + [double]2 * 128 * 768 * 50257)
    }

    It 'piped into Get-LayerFlops and Measure-TransformerBlock' {
        $rows = @(Get-ModelDefinition -Name llama-2-7b | Get-LayerFlops -SequenceLength 1024)
        $attention = @($rows | Where-Object Type -EQ 'Attention')
        $attention.Length | Should -Be 1                # one distinct row...
        $attention[0].Count | Should -Be 32             # ...that occurs in all 32 layers
        $attention[0].SequenceLength | Should -Be 1024  # -SequenceLength reached the piped definition
        $block = Get-ModelDefinition -Name llama-2-7b | Measure-TransformerBlock -SequenceLength 1024 -Convention Matmul
        # Llama 2 7B block at S 1024: 4 projections 2*T*D*D, scores and values 2*H*S*S*d_h each, SwiGLU 6*T*D*F.
        $block.Flops | Should -Be (4 * ([double]2 * 1024 * 4096 * 4096) + 2 * ([double]2 * 32 * 1024 * 1024 * 128) + [double]6 * 1024 * 4096 * 11008)
    }
}

Describe 'Get-ModelDefinition files' {
    BeforeAll {
        $script:yaml = @'
name: file-model
source: hand-written
transformer:
  layers: 3
  model_dim: 128
  heads: 8
  kv_heads: 2
  ffn_dim: 512
  ffn: swiglu
  norm: rmsnorm
  vocab_size: 500
  sequence_length: 64
'@
        $script:folder = Join-Path $TestDrive 'defs'
        $script:path = Write-TestFile (Join-Path $folder 'file-model.yaml') $yaml
    }

    It '-Path loads a YAML file relative to the PowerShell location' {
        Push-Location -LiteralPath $folder
        try { $d = Get-ModelDefinition -Path ./file-model.yaml } finally { Pop-Location }
        $d.Name | Should -Be 'file-model'
        $d.Form | Should -Be 'transformer'
        $d.DefaultSequenceLength | Should -Be 64
    }

    It '-LiteralPath loads the same definition, and it pipes into Get-ModelFlops with the file''s figures' {
        $d = Get-ModelDefinition -LiteralPath $path
        $viaDefinition = $d | Get-ModelFlops
        $viaPath = Get-ModelFlops -LiteralPath $path
        $viaDefinition.ForwardFlops | Should -Be $viaPath.ForwardFlops
        # d_h 16, KV 2 x 16 = 32 wide; SwiGLU 3 D F; RMSNorm D; untied embedding and head.
        $perLayer = (128 * 128 + 2 * 128 * 32 + 128 * 128) + 3 * 128 * 512 + 2 * 128
        $viaDefinition.Parameters | Should -Be (500 * 128 + 3 * $perLayer + 128 + 128 * 500)
    }

    It 'takes files from Get-ChildItem on the pipeline' {
        $defs = @(Get-ChildItem -LiteralPath $folder -Filter *.yaml | Get-ModelDefinition -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        $defs.Count | Should -Be 1
        $defs[0].Name | Should -Be 'file-model'
    }

    It 'a missing file is FileNotFound, ObjectNotFound' {
        { Get-ModelDefinition -Path (Join-Path $TestDrive 'missing.yaml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'FileNotFound,PSFlops.Commands.GetModelDefinitionCommand'
        $null = Get-ModelDefinition -LiteralPath (Join-Path $TestDrive 'missing.yaml') -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,PSFlops.Commands.GetModelDefinitionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a bad file is an error targeting the file, and a good one beside it still loads' {
        $mixed = Join-Path $TestDrive 'defs-mixed'
        $null = Write-TestFile (Join-Path $mixed 'a.yaml') $yaml
        $bad = Write-TestFile (Join-Path $mixed 'b.yaml') "name: b`ntransformer:`n  layers: 2`n  colour: blue`n"
        $defs = @(Get-ModelDefinition -Path (Join-Path $mixed '*.yaml') -ErrorAction SilentlyContinue -ErrorVariable errs)
        $defs.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'YamlUnknownKey,PSFlops.Commands.GetModelDefinitionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ParserError'
        $errs[0].TargetObject | Should -Be $bad
        "$($errs[0])" | Should -Match "'colour'"
    }
}
