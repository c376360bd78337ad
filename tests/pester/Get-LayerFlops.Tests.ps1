# Get-LayerFlops: single layers from dimensions (-Type), pipeline input, CSV, errors, and every layer of a model.
# Every expected figure is written out by hand from docs conventions (shared/design/conventions.md):
# a matmul m x k by k x n is 2mkn FLOPs and mkn MACs; elementwise work counts under -Convention Full only.

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-LayerFlops -Type Linear' {
    It 'counts 2*T*Din*Dout FLOPs, T*Din*Dout MACs and Din*Dout weights without a bias' {
        $r = Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 4096 -SequenceLength 2048
        # Linear 4096 -> 4096 over T = 1 x 2048 tokens.
        $r.Flops | Should -Be ([double]2 * 2048 * 4096 * 4096)          # 68,719,476,736
        $r.Macs | Should -Be ([double]2048 * 4096 * 4096)               # 34,359,738,368
        $r.Parameters | Should -Be (4096 * 4096)                        # 16,777,216
        $r.Type | Should -Be 'Linear'
        $r.Count | Should -Be 1
        $r.TotalFlops | Should -Be ([double]2 * 2048 * 4096 * 4096)
        $r.Share | Should -Be 1
        $r.BatchSize | Should -Be 1
        $r.SequenceLength | Should -Be 2048
    }

    It 'adds one FLOP per output element and Dout parameters with -Bias, and multiplies rows by -BatchSize' {
        $r = Get-LayerFlops -Type Linear -InputDim 4096 -OutputDim 1024 -BatchSize 2 -SequenceLength 2048 -Bias
        # T = 2 x 2048 = 4096 rows; matmul 2*T*4096*1024, bias add T*1024.
        $r.Flops | Should -Be ([double]2 * 4096 * 4096 * 1024 + 4096 * 1024)   # 34,363,932,672
        $r.Macs | Should -Be ([double]4096 * 4096 * 1024)
        $r.Parameters | Should -Be (4096 * 1024 + 1024)
    }

    It 'counts no bias add under -Convention Matmul, and the bias add under Full' {
        # Issue 13 item 7: -Convention Matmul counts no bias adds (the old expectation counted them, which the issue calls wrong).
        $r = Get-LayerFlops -Type Linear -InputDim 512 -OutputDim 256 -SequenceLength 10 -Bias -Convention Matmul
        $r.Flops | Should -Be (2 * 10 * 512 * 256)                          # 2,621,440 = 2 x MACs
        $r.Convention | Should -Be 'Matmul'
        $full = Get-LayerFlops -Type Linear -InputDim 512 -OutputDim 256 -SequenceLength 10 -Bias
        $full.Flops | Should -Be (2 * 10 * 512 * 256 + 10 * 256)            # + 10*256 bias adds: 2,624,000
    }

    It 'gives the same FLOPs under Full and Matmul (a linear layer has no elementwise work)' {
        $full = Get-LayerFlops -Type Linear -InputDim 300 -OutputDim 700 -SequenceLength 9
        $matmul = Get-LayerFlops -Type Linear -InputDim 300 -OutputDim 700 -SequenceLength 9 -Convention Matmul
        $full.Flops | Should -Be (2 * 9 * 300 * 700)
        $matmul.Flops | Should -Be (2 * 9 * 300 * 700)
    }
}

Describe 'Get-LayerFlops -Type Conv1d, Conv2d, Conv3d' {
    It 'Conv2d 3->64, 7x7, stride 2, padding 3 on 224x224 (the ResNet stem)' {
        $r = Get-LayerFlops -Type Conv2d -InputChannels 3 -OutputChannels 64 -KernelSize 7 -InputSize 224 -Stride 2 -Padding 3
        # out = floor((224 + 2*3 - 1*(7-1) - 1) / 2) + 1 = floor(223/2) + 1 = 112
        # MACs = B * 112*112 * C_out * (C_in/groups) * 7*7 = 112*112*64*3*49 = 118,013,952
        $r.Macs | Should -Be (112 * 112 * 64 * 3 * 49)
        $r.Flops | Should -Be (2 * 112 * 112 * 64 * 3 * 49)
        $r.Parameters | Should -Be (64 * 3 * 49)                          # 9,408
        $r.OutputShape | Should -Match '64x112x112$'
        $r.Type | Should -Be 'Conv2d'
    }

    It 'Conv2d depthwise (groups = channels = 32), 3x3, padding 1 on 56x56' {
        $r = Get-LayerFlops -Type Conv2d -InputChannels 32 -OutputChannels 32 -Groups 32 -KernelSize 3 -Padding 1 -InputSize 56
        # out = (56 + 2 - 2 - 1)/1 + 1 = 56; each output sums C_in/groups = 1 channel x 9 taps.
        $r.Macs | Should -Be (56 * 56 * 32 * 1 * 9)                       # 903,168
        $r.Flops | Should -Be (2 * 56 * 56 * 32 * 1 * 9)
        $r.Parameters | Should -Be (32 * 1 * 9)                           # 288
    }

    It 'Conv2d with dilation 2 shrinks the output by dilation*(kernel-1)' {
        $r = Get-LayerFlops -Type Conv2d -InputChannels 16 -OutputChannels 16 -KernelSize 3 -Dilation 2 -InputSize 32
        # out = floor((32 + 0 - 2*(3-1) - 1) / 1) + 1 = 27 + 1 = 28
        $r.Macs | Should -Be (28 * 28 * 16 * 16 * 9)                      # 1,806,336
        $r.OutputShape | Should -Match 'x28x28$'
        $r.Parameters | Should -Be (16 * 16 * 9)
    }

    It 'Conv2d with stride 3 larger than the 2x2 kernel skips input pixels' {
        $r = Get-LayerFlops -Type Conv2d -InputChannels 4 -OutputChannels 8 -KernelSize 2 -Stride 3 -InputSize 10
        # out = floor((10 - (2-1) - 1) / 3) + 1 = floor(8/3) + 1 = 3
        $r.Macs | Should -Be (3 * 3 * 8 * 4 * 4)                          # 1,152
        $r.Flops | Should -Be (2 * 3 * 3 * 8 * 4 * 4)
        $r.OutputShape | Should -Match '8x3x3$'
    }

    It 'Conv2d with a bias, a batch of 4 and a non-square kernel, input and padding' {
        $r = Get-LayerFlops -Type Conv2d -InputChannels 8 -OutputChannels 24 -KernelSize 3, 5 -Padding 1, 2 -InputSize 32, 64 -BatchSize 4 -Bias
        # out = ((32 + 2 - 2 - 1) + 1, (64 + 4 - 4 - 1) + 1) = (32, 64)
        # MACs = 4 * 32*64 * 24 * 8 * 15; bias: one add per output element 4*32*64*24.
        $r.Macs | Should -Be (4 * 32 * 64 * 24 * 8 * 15)                  # 23,592,960
        $r.Flops | Should -Be (2 * 4 * 32 * 64 * 24 * 8 * 15 + 4 * 32 * 64 * 24)
        $r.Parameters | Should -Be (24 * 8 * 15 + 24)
    }

    It 'Conv1d 8->16, kernel 5, padding 2 on 100 positions' {
        $r = Get-LayerFlops -Type Conv1d -InputChannels 8 -OutputChannels 16 -KernelSize 5 -Padding 2 -InputSize 100
        # out = (100 + 4 - 4 - 1) + 1 = 100
        $r.Macs | Should -Be (100 * 16 * 8 * 5)                           # 64,000
        $r.Type | Should -Be 'Conv1d'
    }

    It 'Conv3d 3->8, 3x3x3, padding 1 on an 8x8x8 volume' {
        $r = Get-LayerFlops -Type Conv3d -InputChannels 3 -OutputChannels 8 -KernelSize 3 -Padding 1 -InputSize 8
        # out = 8x8x8; MACs = 512 * 8 * 3 * 27
        $r.Macs | Should -Be (512 * 8 * 3 * 27)                           # 331,776
        $r.Parameters | Should -Be (8 * 3 * 27)
        $r.Type | Should -Be 'Conv3d'
    }
}

Describe 'Get-LayerFlops -Type Attention' {
    It 'multi-head attention, D 4096, 32 heads, S 2048, -Convention Matmul' {
        $r = Get-LayerFlops -Type Attention -ModelDim 4096 -Heads 32 -SequenceLength 2048 -Convention Matmul
        # d_h = 4096/32 = 128, T = 2048.
        $q = [double]2 * 2048 * 4096 * 4096                 # Q projection 2*T*D*(H*d_h)
        $kv = 2 * ([double]2 * 2048 * 4096 * 4096)          # K and V projections, 2*T*D*(H_kv*d_h) each
        $scores = [double]2 * 1 * 32 * 2048 * 2048 * 128    # Q K^T: 2*B*H*S*S*d_h
        $values = [double]2 * 1 * 32 * 2048 * 2048 * 128    # scores x V
        $out = [double]2 * 2048 * 4096 * 4096               # output projection
        $r.Flops | Should -Be ($q + $kv + $scores + $values + $out)       # 343,597,383,680
        $r.Macs | Should -Be (($q + $kv + $scores + $values + $out) / 2)
        $r.Parameters | Should -Be (4 * 4096 * 4096)                      # Wq, Wk, Wv, Wo
    }

    It 'adds 6 FLOPs per score (1/sqrt(d_h) scaling + 5 for softmax) under -Convention Full' {
        $full = Get-LayerFlops -Type Attention -ModelDim 4096 -Heads 32 -SequenceLength 2048
        $matmul = Get-LayerFlops -Type Attention -ModelDim 4096 -Heads 32 -SequenceLength 2048 -Convention Matmul
        # B*H*S*S = 32*2048*2048 scores, 1 + 5 FLOPs each.
        ($full.Flops - $matmul.Flops) | Should -Be (6 * 32 * 2048 * 2048)   # 805,306,368
        $full.Macs | Should -Be $matmul.Macs
    }

    It 'grouped-query attention (-KvHeads 8) shrinks the K and V projections' {
        $r = Get-LayerFlops -Type Attention -ModelDim 4096 -Heads 32 -KvHeads 8 -SequenceLength 2048 -Convention Matmul
        # H_kv*d_h = 8*128 = 1024.
        $q = [double]2 * 2048 * 4096 * 4096
        $kv = 2 * ([double]2 * 2048 * 4096 * 1024)
        $scoresAndValues = 2 * ([double]2 * 32 * 2048 * 2048 * 128)   # every query head still scores all keys
        $out = [double]2 * 2048 * 4096 * 4096
        $r.Flops | Should -Be ($q + $kv + $scoresAndValues + $out)
        $r.Parameters | Should -Be (4096 * 4096 + 2 * 4096 * 1024 + 4096 * 4096)   # 41,943,040
    }

    It 'multi-query attention (-KvHeads 1) has one K and one V head' {
        $r = Get-LayerFlops -Type Attention -ModelDim 2048 -Heads 16 -KvHeads 1 -SequenceLength 512 -Convention Matmul
        # d_h = 128; K, V: 2*T*D*128 each.
        $q = [double]2 * 512 * 2048 * 2048
        $kv = 2 * ([double]2 * 512 * 2048 * 128)
        $scoresAndValues = 2 * ([double]2 * 16 * 512 * 512 * 128)
        $out = [double]2 * 512 * 2048 * 2048
        $r.Flops | Should -Be ($q + $kv + $scoresAndValues + $out)
        $r.Parameters | Should -Be (2048 * 2048 + 2 * 2048 * 128 + 2048 * 2048)
    }

    It '-HeadDim with Heads*HeadDim (16*64 = 1024) different from ModelDim (768)' {
        $r = Get-LayerFlops -Type Attention -ModelDim 768 -Heads 16 -HeadDim 64 -SequenceLength 512 -Convention Matmul
        $q = [double]2 * 512 * 768 * 1024          # D -> H*d_h
        $kv = 2 * ([double]2 * 512 * 768 * 1024)
        $scoresAndValues = 2 * ([double]2 * 16 * 512 * 512 * 64)
        $out = [double]2 * 512 * 1024 * 768        # H*d_h -> D
        $r.Flops | Should -Be ($q + $kv + $scoresAndValues + $out)
        $r.Parameters | Should -Be (4 * 768 * 1024)
    }

    It '-HeadDim lets Heads not divide ModelDim (D 1000, 3 heads of 64)' {
        $r = Get-LayerFlops -Type Attention -ModelDim 1000 -Heads 3 -HeadDim 64 -SequenceLength 10 -Convention Matmul
        # H*d_h = 192.
        $expected = 2 * 10 * 1000 * 192 * 4 + 2 * 2 * 3 * 10 * 10 * 64
        $r.Flops | Should -Be $expected
    }

    It 'a -Window larger than the sequence changes nothing (S_kv'' = min(S_kv, w) = S)' {
        $windowed = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -Window 4096 -Convention Matmul
        $plain = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -Convention Matmul
        # projections 4 * 2*T*D*D, scores and values 2 * 2*H*S*min(S, 4096)*d_h with d_h = 64.
        $expected = 4 * ([double]2 * 1024 * 1024 * 1024) + 2 * ([double]2 * 16 * 1024 * 1024 * 64)
        $windowed.Flops | Should -Be $expected
        $plain.Flops | Should -Be $expected
    }

    It 'a -Window of 256 keys per query over S 1024 scores S*256 pairs per head' {
        $r = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -Window 256 -Convention Matmul
        $expected = 4 * ([double]2 * 1024 * 1024 * 1024) + 2 * ([double]2 * 16 * 1024 * 256 * 64)
        $r.Flops | Should -Be $expected
    }

    It '-CausalMask counts S(S+1)/2 query-key pairs per head instead of S*S' {
        $r = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -BatchSize 2 -CausalMask -Convention Matmul
        $pairs = 1024 * 1025 / 2                                      # 524,800 per head
        $projections = 4 * ([double]2 * 2 * 1024 * 1024 * 1024)       # T = 2*1024
        $scoresAndValues = 2 * ([double]2 * 2 * 16 * $pairs * 64)     # 2*B*H*pairs*d_h, twice
        $r.Flops | Should -Be ($projections + $scoresAndValues)
    }

    It '-CausalMask also shrinks the softmax work under -Convention Full' {
        $full = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -CausalMask
        $matmul = Get-LayerFlops -Type Attention -ModelDim 1024 -Heads 16 -SequenceLength 1024 -CausalMask -Convention Matmul
        ($full.Flops - $matmul.Flops) | Should -Be (6 * 16 * (1024 * 1025 / 2))
    }

    It 'cross-attention: -KvLength 1000 keys for 16 queries' {
        $r = Get-LayerFlops -Type Attention -ModelDim 512 -Heads 8 -SequenceLength 16 -KvLength 1000 -Convention Matmul
        $q = 2 * 16 * 512 * 512                    # queries: T = 16 rows
        $kv = 2 * (2 * 1000 * 512 * 512)           # keys and values: B*S_kv = 1000 rows
        $scoresAndValues = 2 * (2 * 8 * 16 * 1000 * 64)
        $out = 2 * 16 * 512 * 512
        $r.Flops | Should -Be ($q + $kv + $scoresAndValues + $out)
    }

    It '-Bias adds a bias to all four projections' {
        $r = Get-LayerFlops -Type Attention -ModelDim 768 -Heads 12 -SequenceLength 128 -Bias -Convention Matmul
        $matmuls = 4 * (2 * 128 * 768 * 768) + 2 * (2 * 12 * 128 * 128 * 64)
        # Issue 13 item 7: -Convention Matmul counts no bias adds (the old expectation counted them, which the issue calls wrong).
        $r.Flops | Should -Be $matmuls
        $r.Flops | Should -Be (2 * $r.Macs)
        $r.Parameters | Should -Be (4 * 768 * 768 + 4 * 768)
    }
}

Describe 'Get-LayerFlops -Type FeedForward and MoE' {
    It 'plain FFN D 1024 -> F 4096 -> D over T = 2 x 128: 4*T*D*F, plus GELU 8 per hidden element under Full' {
        $matmul = Get-LayerFlops -Type FeedForward -ModelDim 1024 -HiddenDim 4096 -SequenceLength 128 -BatchSize 2 -Convention Matmul
        $full = Get-LayerFlops -Type FeedForward -ModelDim 1024 -HiddenDim 4096 -SequenceLength 128 -BatchSize 2
        $matmul.Flops | Should -Be ([double]4 * 256 * 1024 * 4096)         # 4,294,967,296
        $full.Flops | Should -Be ([double]4 * 256 * 1024 * 4096 + 8 * 256 * 4096)
        $matmul.Parameters | Should -Be (2 * 1024 * 4096)
        $matmul.Macs | Should -Be ([double]2 * 256 * 1024 * 4096)
    }

    It 'plain FFN with -Activation ReLU costs 1 FLOP per hidden element under Full' {
        $r = Get-LayerFlops -Type FeedForward -ModelDim 64 -HiddenDim 256 -SequenceLength 10 -Activation ReLU
        $r.Flops | Should -Be (4 * 10 * 64 * 256 + 1 * 10 * 256)
    }

    It 'plain FFN with -Bias adds F + D biases and T*(F + D) adds' {
        $r = Get-LayerFlops -Type FeedForward -ModelDim 64 -HiddenDim 256 -SequenceLength 10 -Bias -Convention Matmul
        # Issue 13 item 7: -Convention Matmul counts no bias adds (the old expectation counted them, which the issue calls wrong).
        $r.Flops | Should -Be (4 * 10 * 64 * 256)
        $r.Parameters | Should -Be (2 * 64 * 256 + 256 + 64)
        # Under Full: + T*(F + D) bias adds + GELU 8 per hidden element (conventions.md).
        $full = Get-LayerFlops -Type FeedForward -ModelDim 64 -HiddenDim 256 -SequenceLength 10 -Bias
        $full.Flops | Should -Be (4 * 10 * 64 * 256 + 10 * 256 + 10 * 64 + 8 * 10 * 256)
    }

    It '-Gated (SwiGLU with -Activation SiLU) counts gate, up and down: 6*T*D*F, 3*D*F weights' {
        $matmul = Get-LayerFlops -Type FeedForward -ModelDim 4096 -HiddenDim 11008 -SequenceLength 64 -Gated -Activation SiLU -Convention Matmul
        $full = Get-LayerFlops -Type FeedForward -ModelDim 4096 -HiddenDim 11008 -SequenceLength 64 -Gated -Activation SiLU
        $matmul.Flops | Should -Be ([double]6 * 64 * 4096 * 11008)
        $matmul.Parameters | Should -Be (3 * 4096 * 11008)                 # 135,266,304
        # Full: SiLU 8 + gate multiply 1 per hidden element.
        ($full.Flops - $matmul.Flops) | Should -Be ((8 + 1) * 64 * 11008)
    }

    It 'MoE, 8 SwiGLU experts, top-2, D 4096, F 14336: router 2*T*D*E + 2 experts of 6*T*D*F (Matmul)' {
        $r = Get-LayerFlops -Type MoE -ModelDim 4096 -HiddenDim 14336 -Experts 8 -TopK 2 -Gated -Activation SiLU -SequenceLength 16 -Convention Matmul
        $router = 2 * 16 * 4096 * 8
        $experts = 2 * ([double]6 * 16 * 4096 * 14336)
        $r.Flops | Should -Be ($router + $experts)
        $r.Parameters | Should -Be (4096 * 8 + 8 * (3 * 4096 * 14336))         # 1,409,318,912
        $r.ActiveParameters | Should -Be (4096 * 8 + 2 * (3 * 4096 * 14336))   # 352,354,304
    }

    It 'MoE -SharedExperts 1 runs one more expert for every token' {
        $r = Get-LayerFlops -Type MoE -ModelDim 256 -HiddenDim 512 -Experts 4 -TopK 1 -SharedExperts 1 -Gated -Activation SiLU -SequenceLength 8 -Convention Matmul
        $router = 2 * 8 * 256 * 4
        $experts = (1 + 1) * (6 * 8 * 256 * 512)     # top-1 routed + 1 shared
        $r.Flops | Should -Be ($router + $experts)
        $r.Parameters | Should -Be (256 * 4 + (4 + 1) * (3 * 256 * 512))
        $r.ActiveParameters | Should -Be (256 * 4 + (1 + 1) * (3 * 256 * 512))
    }

    It 'MoE under Full adds the router softmax, the experts'' activations and the combine (formulas.md: 5TE + TDk + TD(k+n_shared-1))' {
        $matmul = Get-LayerFlops -Type MoE -ModelDim 256 -HiddenDim 512 -Experts 4 -TopK 2 -Gated -Activation SiLU -SequenceLength 8 -Convention Matmul
        $full = Get-LayerFlops -Type MoE -ModelDim 256 -HiddenDim 512 -Experts 4 -TopK 2 -Gated -Activation SiLU -SequenceLength 8
        $softmax = 5 * 8 * 4                     # router softmax: 5 per logit, T = 8, E = 4
        $activations = 2 * (8 + 1) * 8 * 512     # k = 2 experts: SiLU (8) + gate multiply (1) on T x F
        $combine = 8 * 256 * 2 + 8 * 256 * (2 - 1)   # weight multiply per routed output, add per extra expert output
        ($full.Flops - $matmul.Flops) | Should -Be ($softmax + $activations + $combine)   # 80,032
    }
}

Describe 'Get-LayerFlops norms, activations, embeddings and heads' {
    It 'LayerNorm: 5 FLOPs per element under Full, 0 under Matmul, gamma and beta' {
        $full = Get-LayerFlops -Type LayerNorm -ModelDim 4096 -SequenceLength 2048
        $matmul = Get-LayerFlops -Type LayerNorm -ModelDim 4096 -SequenceLength 2048 -Convention Matmul
        $full.Flops | Should -Be (5 * 2048 * 4096)                        # 41,943,040
        $matmul.Flops | Should -Be 0
        $full.Macs | Should -Be 0
        $full.Parameters | Should -Be (2 * 4096)
    }

    It 'RMSNorm: 4 FLOPs per element, gamma only; -Elements is the same as -ModelDim' {
        $byDim = Get-LayerFlops -Type RMSNorm -ModelDim 4096 -SequenceLength 2048
        $byElements = Get-LayerFlops -Type RMSNorm -Elements 4096 -SequenceLength 2048
        $byDim.Flops | Should -Be (4 * 2048 * 4096)
        $byElements.Flops | Should -Be (4 * 2048 * 4096)
        $byDim.Parameters | Should -Be 4096
    }

    It 'Activation GELU 8 and ReLU 1 per element; Softmax 5 per element (Full only)' {
        (Get-LayerFlops -Type Activation -Activation GELU -Elements 1000 -SequenceLength 10).Flops | Should -Be (8 * 10 * 1000)
        (Get-LayerFlops -Type Activation -Activation ReLU -Elements 1000 -SequenceLength 10).Flops | Should -Be (1 * 10 * 1000)
        (Get-LayerFlops -Type Softmax -Elements 1000 -SequenceLength 10).Flops | Should -Be (5 * 10 * 1000)
        (Get-LayerFlops -Type Activation -Activation GELU -Elements 1000 -SequenceLength 10 -Convention Matmul).Flops | Should -Be 0
    }

    It 'BatchNorm at inference: 2 per element, 2 parameters per channel' {
        # -InputSize takes one value per spatial dimension; the layer type does not fix the rank here.
        $r = Get-LayerFlops -Type BatchNorm -InputChannels 64 -InputSize 112, 112 -BatchSize 2
        $r.Flops | Should -Be (2 * 2 * 64 * 112 * 112)
        $r.Parameters | Should -Be (2 * 64)
    }

    It 'Pool: max over 3x3 is 8 compares per output, average adds a divide' {
        $max = Get-LayerFlops -Type Pool -InputChannels 64 -InputSize 112, 112 -KernelSize 3 -Stride 2 -Padding 1
        $avg = Get-LayerFlops -Type Pool -Pool Average -InputChannels 64 -InputSize 112, 112 -KernelSize 3 -Stride 2 -Padding 1
        # 2-d (two input sizes; kernel, stride and padding repeat): out = floor((112 + 2 - 3) / 2) + 1 = 56 per side
        $max.Flops | Should -Be (64 * 56 * 56 * (9 - 1))                   # 1,605,632
        $avg.Flops | Should -Be (64 * 56 * 56 * 9)
        $max.Parameters | Should -Be 0
    }

    It 'Embedding: a lookup, 0 FLOPs in both conventions, V*D parameters' {
        $full = Get-LayerFlops -Type Embedding -VocabSize 32000 -ModelDim 4096 -SequenceLength 2048
        $matmul = Get-LayerFlops -Type Embedding -VocabSize 32000 -ModelDim 4096 -SequenceLength 2048 -Convention Matmul
        $full.Flops | Should -Be 0
        $matmul.Flops | Should -Be 0
        $full.Parameters | Should -Be (32000 * 4096)                      # 131,072,000
    }

    It 'LMHead: 2*T*D*V; -Tied keeps the FLOPs and drops the parameters' {
        $r = Get-LayerFlops -Type LMHead -ModelDim 4096 -VocabSize 32000 -SequenceLength 2048
        $tied = Get-LayerFlops -Type LMHead -ModelDim 4096 -VocabSize 32000 -SequenceLength 2048 -Tied
        $r.Flops | Should -Be ([double]2 * 2048 * 4096 * 32000)            # 536,870,912,000
        $r.Macs | Should -Be ([double]2048 * 4096 * 32000)
        $r.Parameters | Should -Be (4096 * 32000)
        $tied.Flops | Should -Be ([double]2 * 2048 * 4096 * 32000)
        $tied.Parameters | Should -Be 0
    }
}

Describe 'Get-LayerFlops: MACs x 2 equals the matmul FLOPs' {
    # Under -Convention Matmul and without biases, every FLOP is part of a multiply-accumulate.
    It '<Label>' -ForEach @(
        @{ Label = 'Linear'; Splat = @{ Type = 'Linear'; InputDim = 1000; OutputDim = 333; SequenceLength = 7 } }
        @{ Label = 'Conv2d'; Splat = @{ Type = 'Conv2d'; InputChannels = 16; OutputChannels = 32; KernelSize = 3; InputSize = 28; Padding = 1; Stride = 2 } }
        @{ Label = 'Attention (GQA)'; Splat = @{ Type = 'Attention'; ModelDim = 512; Heads = 8; KvHeads = 2; SequenceLength = 100 } }
        @{ Label = 'FeedForward gated'; Splat = @{ Type = 'FeedForward'; ModelDim = 512; HiddenDim = 1376; Gated = $true; SequenceLength = 10 } }
        @{ Label = 'MoE'; Splat = @{ Type = 'MoE'; ModelDim = 128; HiddenDim = 256; Experts = 4; TopK = 2; SequenceLength = 10 } }
        @{ Label = 'LMHead'; Splat = @{ Type = 'LMHead'; ModelDim = 512; VocabSize = 5000; SequenceLength = 3 } }
    ) {
        $r = Get-LayerFlops @Splat -Convention Matmul
        $r.Macs | Should -BeGreaterThan 0
        $r.Flops | Should -Be (2 * $r.Macs)
    }
}

Describe 'Get-LayerFlops pipeline input by property name' {
    It 'writes one row per piped object with that object''s dimensions' {
        $layers = @(
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4096; OutputDim = 4096; SequenceLength = 2048 }
            [pscustomobject]@{ Type = 'Linear'; InputDim = 768; OutputDim = 3072; SequenceLength = 512; BatchSize = 4 }
            [pscustomobject]@{ Type = 'Linear'; InputDim = 10; OutputDim = 20; Bias = $true }
        )
        $rows = @($layers | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        $rows.Count | Should -Be 3
        $rows[0].Flops | Should -Be ([double]2 * 2048 * 4096 * 4096)
        $rows[1].Flops | Should -Be ([double]2 * (4 * 512) * 768 * 3072)
        $rows[2].Flops | Should -Be (2 * 1 * 10 * 20 + 20)
        $rows[2].Parameters | Should -Be (10 * 20 + 20)
    }

    It 'does not carry a piped -Bias or -SequenceLength over to the next object' {
        $rows = @(
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8; Bias = $true; SequenceLength = 10 }
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8 }
        ) | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        @($rows).Count | Should -Be 2
        $rows[0].Flops | Should -Be (2 * 10 * 4 * 8 + 10 * 8)
        $rows[1].Flops | Should -Be (2 * 1 * 4 * 8)
    }

    It 'mixes layer types in one pipeline (Linear, Attention, LayerNorm)' {
        $rows = @(
            [pscustomobject]@{ Type = 'Linear'; InputDim = 64; OutputDim = 32; SequenceLength = 5 }
            [pscustomobject]@{ Type = 'Attention'; ModelDim = 64; Heads = 4; SequenceLength = 5 }
            [pscustomobject]@{ Type = 'LayerNorm'; ModelDim = 64; SequenceLength = 5 }
        ) | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        @($rows).Count | Should -Be 3
        $rows[0].Flops | Should -Be (2 * 5 * 64 * 32)
        $rows[1].Flops | Should -Be (4 * (2 * 5 * 64 * 64) + 2 * (2 * 4 * 5 * 5 * 16) + 6 * 4 * 5 * 5)
        $rows[2].Flops | Should -Be (5 * 5 * 64)
    }

    It 'reads dimensions from the piped objects when -Type is given on the command line' {
        $rows = @(
            [pscustomobject]@{ InputDim = 4; OutputDim = 8 }
            [pscustomobject]@{ InputDim = 16; OutputDim = 2; SequenceLength = 3 }
        ) | Get-LayerFlops -Type Linear
        @($rows).Count | Should -Be 2
        $rows[0].Flops | Should -Be (2 * 4 * 8)
        $rows[1].Flops | Should -Be (2 * 3 * 16 * 2)
    }

    It 'reads Import-Csv rows (every value a string)' {
        $csv = Write-TestFile (Join-Path $TestDrive 'layers.csv') @'
Type,InputDim,OutputDim,SequenceLength,BatchSize
Linear,4096,4096,2048,1
Linear,768,3072,512,4
Linear,10,20,1,1
'@
        $rows = @(Import-Csv $csv | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "no object should fail to bind: $($errs -join '; ')"
        $rows.Count | Should -Be 3
        $rows[0].Flops | Should -Be ([double]2 * 2048 * 4096 * 4096)
        $rows[1].Flops | Should -Be ([double]2 * (4 * 512) * 768 * 3072)
        $rows[2].Flops | Should -Be (2 * 10 * 20)
    }

    It 'writes an error for a bad row (OutputDim 0) and still writes the rows before and after it' {
        $csv = Write-TestFile (Join-Path $TestDrive 'bad-row.csv') @'
Type,InputDim,OutputDim,SequenceLength
Linear,4,8,2
Linear,4,0,2
Linear,3,5,1
'@
        $rows = @(Import-Csv $csv | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        $rows.Count | Should -Be 2
        $rows[0].Flops | Should -Be (2 * 2 * 4 * 8)
        $rows[1].Flops | Should -Be (2 * 1 * 3 * 5)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errs[0])" | Should -Match 'OutputDim'
    }

    It 'writes an InvalidDimension error for a fractional CSV value and still writes the other rows' {
        $csv = Write-TestFile (Join-Path $TestDrive 'fraction-row.csv') @'
Type,InputDim,OutputDim
Linear,4,8
Linear,4,2.5
Linear,3,5
'@
        $rows = @(Import-Csv $csv | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        $rows.Count | Should -Be 2
        $rows[0].Flops | Should -Be (2 * 4 * 8)
        $rows[1].Flops | Should -Be (2 * 3 * 5)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errs[0])" | Should -Match "OutputDim must be a whole number; got '2.5'"
        $errs[0].TargetObject.OutputDim | Should -Be '2.5'   # the failing row itself
    }

    It 'reads a CSV that mixes layer types: columns another type uses and blank cells are ignored' {
        # By hand: Linear 2 x 3 x 4 x 8 = 192; Conv2d 3->8, 3x3 over 8x8, padding 1: 2 x 8 x 8 x (8 x 3 x 3 x 3) = 27,648;
        # LayerNorm over 64 features, 3 tokens: 5 x 3 x 64 = 960.
        $csv = Write-TestFile (Join-Path $TestDrive 'mixed.csv') @'
Type,InputDim,OutputDim,InputChannels,OutputChannels,KernelSize,InputSize,Padding,ModelDim,SequenceLength,Flops
Linear,4,8,,,,,,,3,ignored
Conv2d,,,3,8,3,8x8,"1,1",,,
LayerNorm,,,,,,,,64,3,
'@
        $rows = @(Import-Csv $csv | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "$($errs -join '; ')"
        $rows.Type | Should -Be @('Linear', 'Conv2d', 'LayerNorm')
        $rows[0].Flops | Should -Be 192
        $rows[1].Flops | Should -Be 27648
        $rows[1].OutputShape | Should -Be '1x8x8x8'
        $rows[2].Flops | Should -Be 960
    }

    It 'reads hashtables when -Type is on the command line (PowerShell binds Type by property name, not by key)' {
        $rows = @(@{ InputDim = 4; OutputDim = 8; Bias = $true }, [ordered]@{ inputdim = 2; outputdim = 3 } |
            Get-LayerFlops -Type Linear -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($errs).Count | Should -Be 0 -Because "$($errs -join '; ')"
        $rows[0].Flops | Should -Be (2 * 4 * 8 + 8)
        $rows[1].Parameters | Should -Be 6
    }

    It 'takes -Layer from the command line too' {
        (Get-LayerFlops -Type Linear -Layer @{ InputDim = 4; OutputDim = 8 }).Flops | Should -Be (2 * 4 * 8)
    }

    It 'lets a dimension or switch given on the command line override the piped one' {
        $row = [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8; Bias = 'true' }
        ($row | Get-LayerFlops).Flops | Should -Be (2 * 4 * 8 + 8)
        ($row | Get-LayerFlops -OutputDim 16).Flops | Should -Be (2 * 4 * 16 + 16)
        ($row | Get-LayerFlops -Bias:$false).Flops | Should -Be (2 * 4 * 8)
    }

    It 'writes InvalidLayerProperty for a switch or enum value it cannot read, and carries on' {
        $rows = @(
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8; Bias = 'maybe' }
            [pscustomobject]@{ Type = 'FeedForward'; ModelDim = 4; HiddenDim = 8; Activation = 'Swish' }
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8 }
        ) | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs
        @($rows).Count | Should -Be 1
        $errs.Count | Should -Be 2
        $errs.FullyQualifiedErrorId | Should -Be (@('InvalidLayerProperty,PSFlops.Commands.GetLayerFlopsCommand') * 2)
        "$($errs[0])" | Should -Match 'Bias must be true or false'
        "$($errs[1])" | Should -Match "'Swish' is not a Activation; use one of: ReLU, GELU, SiLU, Tanh"
    }

    It 'still routes piped definitions, files and Model properties to their own parameter sets' {
        (Get-ModelDefinition -Name gpt2 | Get-LayerFlops | Select-Object -First 1).Model | Should -Be 'gpt2'
        (Get-Item (Join-Path (Split-Path $env:PSFLOPS_MODULE) 'models/gpt2.yaml') | Get-LayerFlops | Select-Object -First 1).Model | Should -Be 'gpt2'
        ([pscustomobject]@{ Model = 'gpt2' } | Get-LayerFlops | Select-Object -First 1).Model | Should -Be 'gpt2'
    }

    It 'turns any failure to read a piped object into a non-terminating error and carries on' {
        # A SortedList with an integer key cannot be asked for a string key; a ToString that throws breaks the message.
        $sorted = [Collections.SortedList]::new(); $sorted[1] = 1
        $throwing = [pscustomobject]@{ Type = 'Linear'; OutputDim = 1 }
        $throwing | Add-Member -MemberType ScriptProperty -Name InputDim -Value { throw 'getter failed' }
        $rows = @($sorted, $throwing, [pscustomobject]@{ Type = 'Linear'; InputDim = 2; OutputDim = 3 } |
            Get-LayerFlops -Type Linear -ErrorAction SilentlyContinue -ErrorVariable errs)
        $rows.Count | Should -Be 1
        $rows[0].Flops | Should -Be (2 * 2 * 3)
        $errs.FullyQualifiedErrorId | Should -Be (@('InvalidLayerProperty,PSFlops.Commands.GetLayerFlopsCommand') * 2)
        "$($errs[1])" | Should -Match 'The InputDim property could not be read: getter failed'
    }

    It 'writes LayerPropertiesMissing for a piped object that describes no layer (a number, $null)' {
        $rows = @(1, $null | Get-LayerFlops -Type Linear -InputDim 3 -OutputDim 4 -ErrorAction SilentlyContinue -ErrorVariable errs)
        $rows.Count | Should -Be 0
        $errs.FullyQualifiedErrorId | Should -Be (@('LayerPropertiesMissing,PSFlops.Commands.GetLayerFlopsCommand') * 2)
        "$($errs[0])" | Should -Match 'The piped Int32 has none of the properties a Linear layer uses \(InputDim, OutputDim, Bias, SequenceLength, BatchSize\)'
        # An object that only sweeps the sequence length is a layer: the rest is on the command line. 2 x 5 x 3 x 4 = 120.
        ([pscustomobject]@{ SequenceLength = 5 } | Get-LayerFlops -Type Linear -InputDim 3 -OutputDim 4).Flops | Should -Be 120
        # So is one whose every property the command line overrides: 2 x 1 x 3 x 4 = 24.
        ([pscustomobject]@{ InputDim = 7 } | Get-LayerFlops -Type Linear -InputDim 3 -OutputDim 4).Flops | Should -Be 24
    }

    It 'reads switches and enums the way PowerShell converts them: numbers, names in any case, defined values' {
        $rows = @(
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8; Bias = 1.0 }
            [pscustomobject]@{ Type = 'Linear'; InputDim = 4; OutputDim = 8; Bias = 0 }
            [pscustomobject]@{ Type = 'Activation'; Elements = 4; Activation = 0 }      # 0 is ReLU: 1 FLOP per element
            [pscustomobject]@{ Type = 'Activation'; Elements = 4; Activation = 'gelu' } # 8 per element
        ) | Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs
        @($errs).Count | Should -Be 0 -Because "$($errs -join '; ')"
        $rows.Parameters[0..1] | Should -Be @(40, 32)
        $rows.Flops[2..3] | Should -Be @(4, 32)
    }

    It 'matches hashtable keys in any case (ConvertFrom-Json -AsHashtable is case-sensitive) and reads note properties' {
        ('{"inputdim":4,"outputdim":8}' | ConvertFrom-Json -AsHashtable | Get-LayerFlops -Type Linear).Flops | Should -Be 64
        $noted = @{} | Add-Member -PassThru -MemberType NoteProperty -Name InputDim -Value 4
        ($noted | Get-LayerFlops -Type Linear -OutputDim 2).Flops | Should -Be 16
    }

    It 'accepts a one-element list for a single dimension and refuses a list cell with a missing number' {
        ([pscustomobject]@{ Type = 'Linear'; InputDim = @(4); OutputDim = 8 } | Get-LayerFlops).Flops | Should -Be 64
        [pscustomobject]@{ Type = 'Conv1d'; InputChannels = 1; OutputChannels = 1; KernelSize = '3x'; InputSize = 8 } |
            Get-LayerFlops -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        "$($errs[0])" | Should -Be "KernelSize must be whole numbers such as 3, `"3,3`" or `"224x224`"; got '3x'."
    }

    It 'refuses -Layer on the command line together with piped objects' {
        { Get-ModelDefinition -Name gpt2 | Get-LayerFlops -Type Linear -Layer @{ InputDim = 3; OutputDim = 5 } } |
            Should -Throw -ErrorId 'LayerWithPipeline,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'says what is missing when only model switches are given' {
        { Get-LayerFlops -Expand } | Should -Throw -ErrorId 'MissingModel,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'refuses -Layer together with a model' {
        { Get-LayerFlops -Model gpt2 -Layer @{ InputDim = 4 } } | Should -Throw -ErrorId 'LayerWithModel,PSFlops.Commands.GetLayerFlopsCommand'
    }
}

Describe 'Get-LayerFlops output round-trips through CSV' {
    It 'Export-Csv / Import-Csv keeps every number of a model''s rows exactly (invariant culture)' {
        $rows = @(Get-LayerFlops -Model llama-3.1-8b -SequenceLength 4096)
        $path = Join-Path $TestDrive 'llama.csv'
        # Export-Csv formats fractions with the current culture (PowerShell's behaviour: "0,05" under de-DE),
        # so a machine-readable export pins the invariant culture; the suite also runs under de-DE and tr-TR.
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
            $rows | Export-Csv -LiteralPath $path -NoTypeInformation
        } finally { [cultureinfo]::CurrentCulture = $saved }
        $back = @(Import-Csv -LiteralPath $path)
        $back.Count | Should -Be $rows.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $back[$i].Name | Should -Be $rows[$i].Name
            foreach ($p in 'Flops', 'Macs', 'TotalFlops', 'Parameters', 'Share', 'Count') {
                ConvertFrom-InvariantNumber $back[$i].$p | Should -Be $rows[$i].$p -Because "$($rows[$i].Name).$p"
            }
        }
    }

    It 'ConvertTo-Csv writes numbers above 2^53 and fractions so that they parse back exactly' {
        $row = Get-LayerFlops -Type LMHead -ModelDim 12288 -VocabSize 50257 -SequenceLength 2048 -BatchSize 4096
        # 2 * 4096*2048 * 12288 * 50257 = 1.04e16 > 2^53 = 9.007e15
        $row.Flops | Should -BeGreaterThan ([math]::Pow(2, 53))
        $back = $row | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        ConvertFrom-InvariantNumber $back.Flops | Should -Be $row.Flops
        ConvertFrom-InvariantNumber $back.Macs | Should -Be $row.Macs
    }
}

Describe 'Get-LayerFlops errors' {
    It 'a zero dimension is InvalidDimension, InvalidArgument, naming the parameter' {
        { Get-LayerFlops -Type Linear -InputDim 0 -OutputDim 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $null = Get-LayerFlops -Type Linear -InputDim 0 -OutputDim 4 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'Linear'
        "$($errs[0])" | Should -Match 'InputDim'
    }

    It 'a negative dimension is InvalidDimension' {
        { Get-LayerFlops -Type FeedForward -ModelDim 64 -HiddenDim -5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'a dimension above 2^53 is InvalidDimension' {
        { Get-LayerFlops -Type Linear -InputDim ([long]1 -shl 54) -OutputDim 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'a missing dimension is MissingDimension, InvalidArgument, naming it' {
        { Get-LayerFlops -Type Linear -InputDim 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $null = Get-LayerFlops -Type Attention -ModelDim 64 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'MissingDimension,PSFlops.Commands.GetLayerFlopsCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errs[0])" | Should -Be 'An Attention layer needs -Heads; it was not given.'
        $errs[0].Exception.ParamName | Should -Be 'Heads'
    }

    It 'a fractional dimension (2.5, or the text ''2.5'') is refused by the binder, not rounded' {
        { Get-LayerFlops -Type Linear -InputDim 2.5 -OutputDim 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetLayerFlopsCommand'
        { Get-LayerFlops -Type Linear -InputDim 4 -OutputDim '2.5' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'KvHeads that do not divide Heads are InvalidDimension naming KvHeads' {
        $null = Get-LayerFlops -Type Attention -ModelDim 4096 -Heads 32 -KvHeads 5 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        "$($errs[0])" | Should -Match 'KvHeads'
    }

    It 'Heads that do not divide ModelDim without -HeadDim are InvalidDimension' {
        { Get-LayerFlops -Type Attention -ModelDim 100 -Heads 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'Groups that do not divide the channels, and a kernel larger than the padded input, are InvalidDimension' {
        { Get-LayerFlops -Type Conv2d -InputChannels 6 -OutputChannels 8 -Groups 4 -KernelSize 3 -InputSize 8 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
        { Get-LayerFlops -Type Conv2d -InputChannels 3 -OutputChannels 8 -KernelSize 7 -InputSize 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDimension,PSFlops.Commands.GetLayerFlopsCommand'
    }

    It 'an unknown -Model is UnknownModel, ObjectNotFound, with the name as target' {
        { Get-LayerFlops -Model no-such-model -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownModel,PSFlops.Commands.GetLayerFlopsCommand'
        $null = Get-LayerFlops -Model no-such-model -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'no-such-model'
    }
}

Describe 'Get-LayerFlops -Model llama-3.1-8b' {
    BeforeAll {
        # Llama 3.1 8B (HF config.json): 32 layers, D 4096, 32 heads, 8 KV heads, d_h 128, SwiGLU F 14336, V 128256.
        $script:rows = @(Get-LayerFlops -Model llama-3.1-8b)
    }

    It 'writes each repeated block layer once with Count 32, the others with Count 1' {
        $block = @($rows | Where-Object Block -EQ 'layers')
        $block.Count | Should -BeGreaterOrEqual 2
        $block | ForEach-Object { $_.Count | Should -Be 32 -Because $_.Name }
        @($rows | Where-Object Block -NE 'layers') | ForEach-Object { $_.Count | Should -Be 1 -Because $_.Name }
        @($rows | Where-Object Type -EQ 'Attention').Count | Should -Be 1
        @($rows | Where-Object Type -EQ 'FeedForward').Count | Should -Be 1
    }

    It 'uses the file''s sequence_length (8192) and counts the attention row by hand' {
        $attention = $rows | Where-Object Type -EQ 'Attention'
        $attention.SequenceLength | Should -Be 8192
        $S = 8192
        $q = [double]2 * $S * 4096 * 4096
        $kv = 2 * ([double]2 * $S * 4096 * 1024)                   # 8 KV heads x 128
        $scoresAndValues = 2 * ([double]2 * 32 * $S * $S * 128)
        $softmax = 6 * [double]32 * $S * $S                        # Full: scaling + softmax per score
        $out = [double]2 * $S * 4096 * 4096
        $attention.Flops | Should -Be ($q + $kv + $scoresAndValues + $softmax + $out)
        $attention.TotalFlops | Should -Be (32 * ($q + $kv + $scoresAndValues + $softmax + $out))
    }

    It 'counts the SwiGLU feed-forward row by hand' {
        $ffn = $rows | Where-Object Type -EQ 'FeedForward'
        # 6*T*D*F matmuls + (SiLU 8 + gate 1) per hidden element, T = 8192.
        $ffn.Flops | Should -Be ([double]6 * 8192 * 4096 * 14336 + 9 * 8192 * 14336)
        $ffn.Parameters | Should -Be (3 * 4096 * 14336)
    }

    It 'sums TotalFlops to Get-ModelFlops ForwardFlops' {
        $model = Get-ModelFlops -Model llama-3.1-8b
        $sum = ($rows | Measure-Object TotalFlops -Sum).Sum
        Assert-Relative $sum $model.ForwardFlops 1e-12
    }

    It 'has shares that sum to 1, each TotalFlops over the model total' {
        $sum = ($rows | Measure-Object TotalFlops -Sum).Sum
        Assert-Relative (($rows | Measure-Object Share -Sum).Sum) 1 1e-12
        foreach ($r in $rows) { Assert-Relative $r.Share ($r.TotalFlops / $sum) 1e-12 -Because $r.Name }
    }

    It '-Expand writes every occurrence: 32 attention rows of Count 1 with the same total' {
        $expanded = @(Get-LayerFlops -Model llama-3.1-8b -Expand)
        $attention = @($expanded | Where-Object Type -EQ 'Attention')
        $attention.Count | Should -Be 32
        $attention | ForEach-Object { $_.Count | Should -Be 1 }
        @($attention.Name | Sort-Object -Unique).Count | Should -Be 32
        $blockRows = @($rows | Where-Object Block -EQ 'layers').Count
        $expanded.Count | Should -Be ($rows.Count - $blockRows + 32 * $blockRows)
        Assert-Relative (($expanded | Measure-Object TotalFlops -Sum).Sum) (($rows | Measure-Object TotalFlops -Sum).Sum) 1e-12
    }

    It '-SequenceLength 1024,2048 -BatchSize 1,2 sweeps: one set of rows per combination' {
        $sweep = @(Get-LayerFlops -Model llama-3.1-8b -SequenceLength 1024, 2048 -BatchSize 1, 2)
        $sweep.Count | Should -Be (4 * $rows.Count)
        $combos = @($sweep | ForEach-Object { "$($_.BatchSize)x$($_.SequenceLength)" } | Sort-Object -Unique)
        ($combos -join ',') | Should -Be '1x1024,1x2048,2x1024,2x2048'
        $lmHead = $sweep | Where-Object { $_.Name -eq 'lm_head' -and $_.BatchSize -eq 2 -and $_.SequenceLength -eq 1024 }
        $lmHead.Flops | Should -Be ([double]2 * (2 * 1024) * 4096 * 128256)
    }
}

Describe 'Get-LayerFlops -Model resnet-18 (a layer-graph model)' {
    It 'sums TotalFlops to Get-ModelFlops ForwardFlops and starts with the 7x7 stem' {
        $rows = @(Get-LayerFlops -Model resnet-18)
        $model = Get-ModelFlops -Model resnet-18
        Assert-Relative (($rows | Measure-Object TotalFlops -Sum).Sum) $model.ForwardFlops 1e-12
        $stem = $rows | Where-Object Type -EQ 'Conv2d' | Select-Object -First 1
        # conv1: 3->64, 7x7, stride 2, padding 3 on 224 -> 112 (see the Conv2d test above).
        $stem.Macs | Should -Be (112 * 112 * 64 * 3 * 49)
    }
}
