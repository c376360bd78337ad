# Measure-TransformerBlock: one block's FLOPs by component, from dimensions or from a model.

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Measure-TransformerBlock from dimensions (D 4096, H 32, FFN 4D, S 2048)' {
    BeforeAll {
        # Defaults: MHA, d_h = 4096/32 = 128, FFN hidden 4D = 16384 (MLP, GELU), LayerNorm, no biases, B 1.
        $script:T = 2048; $script:S = 2048; $script:D = 4096; $script:H = 32; $script:dh = 128; $script:F = 4 * 4096
        $script:projection = 3 * ([double]2 * $T * $D * $D)        # Q, K, V: 3 * 2*T*D*D
        $script:scores = [double]2 * 1 * $H * $S * $S * $dh        # Q K^T: 2*B*H*S*S*d_h
        $script:values = [double]2 * 1 * $H * $S * $S * $dh        # scores x V
        $script:output = [double]2 * $T * $D * $D                  # output projection
        $script:ffn = [double]4 * $T * $D * $F                     # up and down: 2 * 2*T*D*F
        $script:m = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -SequenceLength 2048 -Convention Matmul
    }

    It 'AttentionProjectionFlops = 3 * 2*T*D*D' { $m.AttentionProjectionFlops | Should -Be $projection }
    It 'AttentionScoreFlops = 2*B*H*S*S*d_h' { $m.AttentionScoreFlops | Should -Be $scores }
    It 'AttentionValueFlops = 2*B*H*S*S*d_h' { $m.AttentionValueFlops | Should -Be $values }
    It 'AttentionOutputFlops = 2*T*D*D' { $m.AttentionOutputFlops | Should -Be $output }
    It 'FeedForwardFlops = 4*T*D*F with F = 4D' { $m.FeedForwardFlops | Should -Be $ffn }

    It 'has no elementwise components under -Convention Matmul' {
        $m.NormFlops | Should -Be 0
        $m.ActivationFlops | Should -Be 0
        $m.AttentionSoftmaxFlops | Should -Be 0
        $m.OtherFlops | Should -Be 0
    }

    It 'Flops is the sum: 4 * 2TD^2 + 2 * 2HS^2 d_h + 4TDF, and MACs half of it' {
        $m.Flops | Should -Be ($projection + $scores + $values + $output + $ffn)      # 481,036,337,152
        $m.Macs | Should -Be (($projection + $scores + $values + $output + $ffn) / 2)
        $m.FlopsPerToken | Should -Be (($projection + $scores + $values + $output + $ffn) / 2048)
    }

    It 'Parameters = 4 D^2 (attention) + 2 D F (MLP) + 2 LayerNorms of 2D' {
        $m.Parameters | Should -Be (4 * $D * $D + 2 * $D * $F + 2 * 2 * $D)          # 201,342,976
    }

    It 'under -Convention Full adds norms (5 per element, twice), GELU (8 per hidden element), softmax and scaling (6 per score), residuals (1, twice)' {
        $full = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -SequenceLength 2048
        $full.NormFlops | Should -Be (2 * 5 * $T * $D)
        $full.ActivationFlops | Should -Be (8 * $T * $F)
        $full.AttentionSoftmaxFlops | Should -Be (6 * $H * $S * $S)
        $full.OtherFlops | Should -Be (2 * $T * $D)
        $full.Flops | Should -Be ($projection + $scores + $values + $output + $ffn +
            2 * 5 * $T * $D + 8 * $T * $F + 6 * $H * $S * $S + 2 * $T * $D)
    }

    It '-CausalMask scores S(S+1)/2 pairs per head' {
        $causal = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -SequenceLength 2048 -CausalMask -Convention Matmul
        $causal.AttentionScoreFlops | Should -Be ([double]2 * $H * (2048 * 2049 / 2) * $dh)
        $causal.AttentionValueFlops | Should -Be ([double]2 * $H * (2048 * 2049 / 2) * $dh)
        $causal.AttentionProjectionFlops | Should -Be $projection
    }

    It '-KvHeads 8 shrinks K and V to 8 heads of 128' {
        $gqa = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -KvHeads 8 -SequenceLength 2048 -Convention Matmul
        $gqa.AttentionProjectionFlops | Should -Be ([double]2 * $T * $D * $D + 2 * ([double]2 * $T * $D * 1024))
        $gqa.AttentionScoreFlops | Should -Be $scores
    }

    It '-Ffn SwiGlu -FfnDim 11008 has three matrices: 6*T*D*F, and SiLU + gate under Full' {
        $matmul = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -Ffn SwiGlu -FfnDim 11008 -Norm RMSNorm -SequenceLength 2048 -Convention Matmul
        $full = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -Ffn SwiGlu -FfnDim 11008 -Norm RMSNorm -SequenceLength 2048
        $matmul.FeedForwardFlops | Should -Be ([double]6 * $T * $D * 11008)
        $full.ActivationFlops | Should -Be ((8 + 1) * $T * 11008)
        $full.NormFlops | Should -Be (2 * 4 * $T * $D)                                   # RMSNorm: 4 per element
        $matmul.Parameters | Should -Be (4 * $D * $D + 3 * $D * 11008 + 2 * $D)          # 202,383,360
    }

    It '-Experts 8 -TopK 2: router 2*T*D*E plus two experts per token' {
        $moe = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -KvHeads 8 -Ffn SwiGlu -FfnDim 14336 -Experts 8 -TopK 2 -SequenceLength 2048 -Convention Matmul
        $moe.FeedForwardFlops | Should -Be (2 * $T * $D * 8 + 2 * ([double]6 * $T * $D * 14336))
        $moe.ActiveParameters | Should -BeLessThan $moe.Parameters
        ($moe.Parameters - $moe.ActiveParameters) | Should -Be ((8 - 2) * 3 * $D * 14336)  # six idle experts
    }

    It '-BatchSize 2 doubles every component' {
        $b2 = Measure-TransformerBlock -ModelDim 4096 -Heads 32 -SequenceLength 2048 -BatchSize 2 -Convention Matmul
        $b2.Flops | Should -Be (2 * ($projection + $scores + $values + $output + $ffn))
        $b2.FlopsPerToken | Should -Be $m.FlopsPerToken
    }

    It '-SequenceLength 1024, 2048 writes one object per length' {
        $sweep = @(Measure-TransformerBlock -ModelDim 4096 -Heads 32 -SequenceLength 1024, 2048 -Convention Matmul)
        $sweep.Count | Should -Be 2
        (($sweep.SequenceLength | Sort-Object) -join ',') | Should -Be '1024,2048'
        $short = $sweep | Where-Object SequenceLength -EQ 1024
        # At S 1024 the T-linear terms halve and the S^2 terms quarter.
        $short.Flops | Should -Be (($projection + $output + $ffn) / 2 + ($scores + $values) / 4)
    }

    It 'reads dimensions from piped objects by property name' {
        $rows = @(
            [pscustomobject]@{ ModelDim = 4096; Heads = 32; SequenceLength = 2048 }
            [pscustomobject]@{ ModelDim = 1024; Heads = 16; SequenceLength = 128 }
        ) | Measure-TransformerBlock -Convention Matmul -ErrorAction SilentlyContinue -ErrorVariable errs
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        @($rows).Count | Should -Be 2
        $rows[0].Flops | Should -Be ($projection + $scores + $values + $output + $ffn)
        # D 1024, 16 heads of 64, F 4096, T 128.
        $rows[1].Flops | Should -Be (4 * (2 * 128 * 1024 * 1024) + 2 * (2 * 16 * 128 * 128 * 64) + 4 * 128 * 1024 * 4096)
    }

    It 'Heads that do not divide ModelDim is InvalidDimension' {
        { Measure-TransformerBlock -ModelDim 100 -Heads 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.MeasureTransformerBlockCommand'
    }
}

Describe 'Measure-TransformerBlock -Model' {
    It 'llama-2-7b: Flops equals the attention + feed-forward rows of Get-LayerFlops (-Convention Matmul)' {
        $block = Measure-TransformerBlock -Model llama-2-7b -Convention Matmul
        $rows = @(Get-LayerFlops -Model llama-2-7b -Convention Matmul)
        $attention = $rows | Where-Object Type -EQ 'Attention'
        $ffn = $rows | Where-Object Type -EQ 'FeedForward'
        $block.Flops | Should -Be ($attention.Flops + $ffn.Flops)
        # And by hand at the file's S 4096: 4 projections 2*T*D*D, 2 * 2*H*S*S*d_h, SwiGLU 6*T*D*F (F 11008).
        $block.SequenceLength | Should -Be 4096
        $block.Flops | Should -Be (4 * ([double]2 * 4096 * 4096 * 4096) + 2 * ([double]2 * 32 * 4096 * 4096 * 128) + [double]6 * 4096 * 4096 * 11008)
    }

    It 'llama-2-7b under -Convention Full equals every per-layer row (norms and residuals too)' {
        $block = Measure-TransformerBlock -Model llama-2-7b -SequenceLength 512
        $rows = @(Get-LayerFlops -Model llama-2-7b -SequenceLength 512 | Where-Object Block -EQ 'layers')
        $rows.Count | Should -Be 6     # two RMSNorms, attention, SwiGLU FFN, two residual adds
        Assert-Relative $block.Flops (($rows | Measure-Object Flops -Sum).Sum) 1e-15
        Assert-Relative $block.Parameters (($rows | Measure-Object Parameters -Sum).Sum) 1e-15
        # By hand, S 512, D 4096, 32 heads of 128, F 11008: projections 4 x 2 x 512 x 4096^2, scores and values
        # 2 x 2 x 32 x 512^2 x 128, scale + softmax 6 x 32 x 512^2, SwiGLU 6 x 512 x 4096 x 11008, SiLU + gate
        # 9 x 512 x 11008, two RMSNorms 8 x 512 x 4096, two residuals 2 x 512 x 4096.
        $block.Flops | Should -Be 211649167360
        $block.Parameters | Should -Be (4 * 4096 * 4096 + 3 * 4096 * 11008 + 2 * 4096)   # 202,383,360
    }

    It 'the blocks times the layer count plus embeddings and head make the model''s forward FLOPs (llama-2-7b, Matmul)' {
        $block = Measure-TransformerBlock -Model llama-2-7b -SequenceLength 1024 -Convention Matmul
        $model = Get-ModelFlops -Model llama-2-7b -SequenceLength 1024 -Convention Matmul
        # Everything outside the 32 blocks under Matmul is the LM head: 2*T*D*V, V 32000.
        $model.ForwardFlops | Should -Be (32 * $block.Flops + [double]2 * 1024 * 4096 * 32000)
    }

    It 'an encoder-decoder''s block is the decoder''s, its cross-attention over -EncoderSequenceLength keys (t5-v1_1-base, Matmul)' {
        # By hand, decoder S 16, encoder T, D 768, 12 heads of 64, GeGLU F 2048 (all Matmul FLOPs, 2 x MACs):
        # self-attention: q, k, v, o 4 x 2*16*768^2 = 75,497,472; scores and values 2 x 2*12*16^2*64 = 786,432.
        # cross-attention: q, o 2 x 2*16*768^2 = 37,748,736; k, v from the encoder 2 x 2*T*768^2; scores and values
        # 2 x 2*12*16*T*64. FFN 3 x 2*16*768*2048 = 150,994,944.
        # T 1024: 76,283,904 + 37,748,736 + 2,415,919,104 + 50,331,648 + 150,994,944 = 2,731,278,336.
        $block = Measure-TransformerBlock -Model t5-v1_1-base -SequenceLength 16 -EncoderSequenceLength 1024 -Convention Matmul
        $block.Flops | Should -Be 2731278336
        $block.EncoderSequenceLength | Should -Be 1024
        # Self- and cross-attention 2 x 4 x 768^2, FFN 3 x 768 x 2048, three RMSNorms 3 x 768 (EncoderDecoderFamilyTests' decoder layer).
        $block.Parameters | Should -Be 9439488
        # Without -EncoderSequenceLength the model file's encoder_sequence_length, 512: k, v 1,207,959,552, scores and
        # values 25,165,824: 76,283,904 + 37,748,736 + 1,207,959,552 + 25,165,824 + 150,994,944 = 1,498,152,960.
        $default = Measure-TransformerBlock -Model t5-v1_1-base -SequenceLength 16 -Convention Matmul
        $default.Flops | Should -Be 1498152960
        $default.EncoderSequenceLength | Should -Be 512
        # A decoder-only model has no encoder: the parameter changes nothing and the property stays empty.
        $llama = Measure-TransformerBlock -Model llama-2-7b -SequenceLength 16 -EncoderSequenceLength 1024 -Convention Matmul
        $llama.Flops | Should -Be (Measure-TransformerBlock -Model llama-2-7b -SequenceLength 16 -Convention Matmul).Flops
        $llama.EncoderSequenceLength | Should -BeNullOrEmpty
    }

    It 'a state-space model''s block is its norm and mixer (mamba-130m: 3,771,648 parameters, StateSpaceFamilyTests)' {
        (Measure-TransformerBlock -Model mamba-130m -SequenceLength 16).Parameters | Should -Be 3771648
    }

    It 'a layer-graph model is NotATransformer' {
        { Measure-TransformerBlock -Model resnet-50 -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotATransformer,PSFlops.Commands.MeasureTransformerBlockCommand'
    }

    It 'an unknown model is UnknownModel' {
        { Measure-TransformerBlock -Model llama-9 -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownModel,PSFlops.Commands.MeasureTransformerBlockCommand'
    }
}
