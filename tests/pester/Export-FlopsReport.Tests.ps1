# Export-FlopsReport: every chart kind drawn from the real cmdlets' objects, checked in the SVG (axes, one mark
# per object, labels); the HTML report (self-contained, escaped, one section and table per kind); bad input;
# and the page opened in headless Chromium. Expected counts come from the input objects, never from the report.
BeforeDiscovery {
    $script:chromium = @('chromium', 'chromium-browser', 'google-chrome') | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction Ignore } |
        Select-Object -First 1
}

BeforeAll {
    Import-Module $env:PSFLOPS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # The SVG as XML, and the marks in it. OxyPlot fills bars and legend swatches with the series colour
    # (never white: white is the background), draws circle markers as <ellipse> and diamonds as <polygon>.
    function script:Read-Svg([string] $Path) { [xml](Get-Content -LiteralPath $Path -Raw) }
    function script:Get-Text($Svg) { @($Svg.GetElementsByTagName('text') | ForEach-Object InnerText) }
    function script:Get-FilledRect($Svg) {
        @($Svg.GetElementsByTagName('rect') | Where-Object { $_.style -match 'fill:rgb\((\d+),(\d+),(\d+)\)' -and $Matches[0] -ne 'fill:rgb(255,255,255)' })
    }
    function script:Get-Ellipse($Svg) { @($Svg.GetElementsByTagName('ellipse')) }

    # Step-time objects as interface.md names their properties (Get-StepTime / Find-ParallelLayout). Where the
    # cmdlet is not in this build, PSCustomObjects carry the same names: the chart reads properties, not types.
    function script:Get-Layouts {
        if (Get-Command Find-ParallelLayout -ErrorAction Ignore) {
            # The fastest layout of each (TP, PP), so that the test can tell the bars apart by their labels.
            return @(Find-ParallelLayout -Model llama-3.1-8b -Hardware H100 -DeviceCount 16 -GlobalBatchSize 64 -SequenceLength 4096 |
                    Group-Object TensorParallel, PipelineParallel | ForEach-Object { $_.Group | Sort-Object StepSeconds | Select-Object -First 1 } |
                    Sort-Object StepSeconds | Select-Object -First 4)
        }
        foreach ($l in @(
                @{ TP = 2; PP = 2; Compute = 9.0; Bubble = 0.9; TpComm = 0.5; DpComm = 0.6; Step = 10.6 }
                @{ TP = 8; PP = 1; Compute = 9.1; Bubble = 0.0; TpComm = 1.2; DpComm = 0.2; Step = 10.4 }
                @{ TP = 1; PP = 4; Compute = 8.9; Bubble = 1.8; TpComm = 0.0; DpComm = 0.9; Step = 11.5 })) {
            [pscustomobject]@{
                PSTypeName = 'PSFlops.Output.StepTime'; Model = 'llama-3.1-8b'; Hardware = 'H100-SXM'; DeviceCount = 16
                TensorParallel = $l.TP; PipelineParallel = $l.PP; DataParallel = 16 / ($l.TP * $l.PP); MicroBatchSize = 1
                StepSeconds = $l.Step; ComputeSeconds = $l.Compute; PipelineBubbleSeconds = $l.Bubble
                TensorParallelCommSeconds = $l.TpComm; DataParallelCommSeconds = $l.DpComm; ExpertParallelCommSeconds = 0; ContextParallelCommSeconds = 0
            }
        }
    }
}

Describe 'Export-FlopsReport charts (SVG)' {
    It 'per-layer: one bar per layer row that costs FLOPs, labelled, sorted by TotalFlops, coloured by type' {
        $rows = @(Get-LayerFlops -Model gpt2)
        $file = Join-Path $TestDrive 'layers.svg'
        $rows | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Forward FLOPs (Flops x Count)'     # the value axis
        $costly = @($rows | Where-Object TotalFlops -gt 0)
        # One bar per row with FLOPs, plus one legend swatch per layer type among them.
        (Get-FilledRect $svg).Count | Should -Be ($costly.Count + @($costly.Type | Sort-Object -Unique).Count)
        foreach ($row in $rows) {
            $label = if ($row.Block -and $row.Block -ne $row.Name) { "$($row.Block)/$($row.Name)" } else { $row.Name }
            if ($row.Count -gt 1) { $label += " x$($row.Count)" }
            $text | Should -Contain $label
        }
        # Most expensive first: category labels run down the chart in descending TotalFlops.
        $top = ($rows | Sort-Object TotalFlops -Descending | Select-Object -First 1)
        $first = @($svg.GetElementsByTagName('text') | Where-Object { $_.InnerText -like "*$($top.Name)*" })[0]
        $others = @($svg.GetElementsByTagName('text') | Where-Object { $_.InnerText -like '*/*' })
        $y = { param($t) [double]($t.transform -replace '.*,([-0-9.]+)\).*', '$1') }
        foreach ($o in $others) { (& $y $first) | Should -BeLessOrEqual (& $y $o) }
    }

    It 'sweep: one point per Get-ModelFlops object; a sequence length spanning 64x gets a log axis' {
        $objects = @(Get-ModelFlops -Model gpt2 -SequenceLength 128, 1024, 8192)
        $file = Join-Path $TestDrive 'sweep.svg'
        $objects | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Sequence length (tokens)'
        $text | Should -Contain 'Forward FLOPs per batch'
        $text | Should -Contain 'gpt2'                                # the legend
        $points = Get-Ellipse $svg
        $points.Count | Should -Be ($objects.Count + 1)               # a marker per object, one in the legend
        # 128, 1024, 8192 are equal ratios (8x): on a logarithmic axis their points are equally spaced.
        $x = @($points | Select-Object -First 3 | ForEach-Object { [double]$_.cx } | Sort-Object)
        [math]::Abs(($x[1] - $x[0]) - ($x[2] - $x[1])) | Should -BeLessThan 1
    }

    It 'roofline: one point per inference estimate at four batch sizes, labelled, under the device roof' {
        $estimates = @(Get-InferenceEstimate -Model llama-3.1-8b -Hardware H100 -BatchSize 1, 8, 64, 512)
        $file = Join-Path $TestDrive 'roofline.svg'
        $estimates | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Arithmetic intensity (FLOPs per byte moved)'
        $text | Should -Contain 'Achieved FLOP/s'
        $text | Should -Contain 'H100-SXM BF16'
        foreach ($b in 1, 8, 64, 512) { $text | Should -Contain "B=$b" }
        $points = Get-Ellipse $svg
        $points.Count | Should -Be 4
        # A larger batch reuses each weight byte for more tokens: intensity, so x, grows with the batch.
        $byBatch = @($points | ForEach-Object { [double]$_.cx })
        for ($i = 1; $i -lt 4; $i++) { $byBatch[$i] | Should -BeGreaterThan $byBatch[$i - 1] }
    }

    It 'memory: one stacked bar per object, a segment per non-zero component, against the device line' {
        $objects = @(
            Get-ModelMemory -Model llama-3.1-8b -SequenceLength 4096 -ZeroStage 1 -DataParallel 8 -Hardware H100
            Get-ModelMemory -Model llama-3.1-8b -Inference -SequenceLength 4096 -Hardware H100
        )
        $file = Join-Path $TestDrive 'memory.svg'
        $objects | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Bytes per device'
        # The device line is labelled with the device's memory in decimal GB (the object's DeviceMemoryBytes / 10^9).
        $device = @($text -match '^H100-SXM [0-9.]+ GB$')
        $device.Count | Should -Be 1
        Assert-Relative ([double]($device[0] -replace '^H100-SXM ([0-9.]+) GB$', '$1')) ($objects[0].DeviceMemoryBytes / 1e9) 0.005
        $text | Should -Contain 'Training ZeRO-1 DP8'
        $text | Should -Contain 'Inference ZeRO-0 DP1'
        $components = 'WeightBytes', 'GradientBytes', 'OptimizerBytes', 'ActivationBytes', 'KvCacheBytes'
        $segments = @(foreach ($o in $objects) { foreach ($c in $components) { if ($o.$c -gt 0) { $c } } })
        (Get-FilledRect $svg).Count | Should -Be ($segments.Count + @($segments | Sort-Object -Unique).Count)
    }

    It 'block breakdown: one bar per Measure-TransformerBlock object, stacked by component' {
        $objects = @(Measure-TransformerBlock -Model llama-3.1-8b -SequenceLength 1024, 8192)
        $file = Join-Path $TestDrive 'blocks.svg'
        $objects | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'S=1024'
        $text | Should -Contain 'S=8192'
        $text | Should -Contain 'Feed-forward'
        $components = 'AttentionProjectionFlops', 'AttentionScoreFlops', 'AttentionSoftmaxFlops', 'AttentionValueFlops', 'AttentionOutputFlops',
            'FeedForwardFlops', 'NormFlops', 'ActivationFlops', 'OtherFlops'
        $segments = @(foreach ($o in $objects) { foreach ($c in $components) { if ($o.$c -gt 0) { $c } } })
        (Get-FilledRect $svg).Count | Should -Be ($segments.Count + @($segments | Sort-Object -Unique).Count)
    }

    It 'layouts: ranked fastest first, stacked by step-time component, the step time marked once per layout' {
        $layouts = @(Get-Layouts)
        $file = Join-Path $TestDrive 'layouts.svg'
        $layouts | Export-FlopsReport -Path $file
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Seconds per optimizer step'
        $text | Should -Contain 'Pipeline bubble'
        $components = 'ComputeSeconds', 'PipelineBubbleSeconds', 'TensorParallelCommSeconds', 'PipelineCommSeconds', 'DataParallelCommSeconds',
            'ExpertParallelCommSeconds', 'ContextParallelCommSeconds', 'OptimizerSeconds'
        $segments = @(foreach ($o in $layouts) { foreach ($c in $components) { if ($o.$c -gt 0) { $c } } })
        $diamonds = @($svg.GetElementsByTagName('polygon') | Where-Object { $_.style -match 'fill:black' })
        $diamonds.Count | Should -Be ($layouts.Count + 1)             # one per layout, one in the legend
        (Get-FilledRect $svg).Count | Should -Be ($segments.Count + @($segments | Sort-Object -Unique).Count)
        # Fastest at the top: the labels' heights follow StepSeconds.
        $labels = foreach ($o in $layouts | Sort-Object StepSeconds) {
            $t = @($svg.GetElementsByTagName('text') | Where-Object { $_.InnerText -like "TP$($o.TensorParallel) PP$($o.PipelineParallel) *" })
            $t.Count | Should -Be 1
            [double]($t[0].transform -replace '.*,([-0-9.]+)\).*', '$1')
        }
        for ($i = 1; $i -lt $labels.Count; $i++) { $labels[$i] | Should -BeGreaterThan $labels[$i - 1] }
    }

    It 'utilisation and training: a bar per object' {
        $file = Join-Path $TestDrive 'mfu.svg'
        Get-ModelMfu -Model llama-3.1-8b -TokensPerSecond 9.5e3 -Hardware H100-SXM | Export-FlopsReport -Path $file
        $text = Get-Text (Read-Svg $file)
        $text | Should -Contain 'TFLOP/s per device'
        ($text -like 'MFU *').Count | Should -Be 1
        $file = Join-Path $TestDrive 'training.svg'
        $runs = @(foreach ($m in 'gpt2', 'llama-3.1-8b') { Get-TrainingEstimate -Model $m -Hardware H100 -DeviceCount 64 })
        $runs | Export-FlopsReport -Path $file -Title 'Two runs'
        $svg = Read-Svg $file
        $text = Get-Text $svg
        $text | Should -Contain 'Two runs'
        # The labels name what differs between the runs: the model and its Chinchilla token budget.
        @($text -like 'gpt2 *').Count | Should -Be 1
        @($text -like 'llama-3.1-8b *').Count | Should -Be 1
        (Get-FilledRect $svg).Count | Should -Be ($runs.Count + 1)
    }
}

Describe 'Export-FlopsReport HTML' {
    BeforeAll {
        $script:layers = @(Get-LayerFlops -Model llama-3.1-8b)
        $script:sweep = @(Get-ModelFlops -Model llama-3.1-8b -SequenceLength 1024, 4096, 16384, 65536)
        $script:inference = @(Get-InferenceEstimate -Model llama-3.1-8b -Hardware H100 -BatchSize 1, 8, 64, 512)
        $script:memory = @(Get-ModelMemory -Model llama-3.1-8b -SequenceLength 8192 -ZeroStage 1 -DataParallel 8 -Hardware H100)
        $script:report = Join-Path $TestDrive 'report.html'
        & { $layers; $sweep; 'not a PSFlops object'; $inference; $memory } |
            Export-FlopsReport -Path $report -Title 'Llama <3.1> & "friends"' -ErrorVariable script:reportErrors -ErrorAction SilentlyContinue
        $script:html = Get-Content -LiteralPath $report -Raw
    }

    It 'writes the report despite one bad object, which is an error with an id' {
        $reportErrors.Count | Should -Be 1
        $reportErrors[0].FullyQualifiedErrorId | Should -Be 'UnsupportedReportObject,PSFlops.Commands.ExportFlopsReportCommand'
        $reportErrors[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $reportErrors[0].TargetObject | Should -Be 'not a PSFlops object'
    }

    It 'has one section, chart and table per kind, and a table row per object' {
        $sections = [regex]::Matches($html, '<section id="([a-z]+)"') | ForEach-Object { $_.Groups[1].Value }
        $sections | Should -Be @('layers', 'sweep', 'roofline', 'memory')   # in the order their first object came
        ([regex]::Matches($html, '<svg ')).Count | Should -Be 4
        ([regex]::Matches($html, '<figcaption>')).Count | Should -Be 4
        foreach ($case in @(@{ Id = 'layers'; Objects = $layers }, @{ Id = 'sweep'; Objects = $sweep }, @{ Id = 'roofline'; Objects = $inference }, @{ Id = 'memory'; Objects = $memory })) {
            $section = [regex]::Match($html, "<section id=""$($case.Id)"">.*?</section>", 'Singleline').Value
            ([regex]::Matches($section, '<tbody>.*</tbody>', 'Singleline').Value -split '<tr>').Count - 1 | Should -Be $case.Objects.Count
        }
    }

    It 'loads nothing from the network and runs no script' {
        $html | Should -Not -Match '(src|href)\s*=\s*["'']?\s*(https?:)?//'
        $html | Should -Not -Match '<script'
        $html | Should -Match "Content-Security-Policy"
    }

    It 'escapes text and keeps SVG ids unique across charts' {
        $html | Should -Match '<h1>Llama &lt;3\.1&gt; &amp; &quot;friends&quot;</h1>'
        $ids = [regex]::Matches($html, ' id="([^"]+)"') | ForEach-Object { $_.Groups[1].Value }
        @($ids | Sort-Object -Unique).Count | Should -Be @($ids).Count
        [xml]([regex]::Match($html, '<svg .*?</svg>', 'Singleline').Value) | Should -Not -BeNullOrEmpty   # well-formed
    }

    It 'prints readable units in the tables and keeps the raw number in the cell''s title' {
        $row = $layers | Sort-Object TotalFlops -Descending | Select-Object -First 1
        $raw = $row.TotalFlops.ToString('R', [cultureinfo]::InvariantCulture)
        $html | Should -Match ([regex]::Escape("<td title=""$raw"">") + '[0-9.]+ [KMGTPE]?FLOPs</td>')
    }
}

Describe 'Export-FlopsReport bad input' {
    It '<Label> is <Id>' -ForEach @(
        @{ Label = 'a folder that does not exist'; Path = 'no/such/folder/r.html'; Id = 'ReportFolderNotFound' }
        @{ Label = 'an extension that is neither html nor svg'; Path = 'r.txt'; Id = 'UnsupportedReportFormat' }
        @{ Label = 'a path on another provider'; Path = 'Env:/r.html'; Id = 'NotAFileSystemPath' }
    ) {
        Push-Location $TestDrive
        try { { Get-ModelFlops -Model gpt2 | Export-FlopsReport -Path $Path -ErrorAction Stop } | Should -Throw -ErrorId "$Id,PSFlops.Commands.ExportFlopsReportCommand" }
        finally { Pop-Location }
    }

    It 'a path that is a folder is ReportPathIsFolder' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'x.html') -Force
        { Get-ModelFlops -Model gpt2 | Export-FlopsReport -LiteralPath $folder.FullName -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportPathIsFolder,PSFlops.Commands.ExportFlopsReportCommand'
    }

    It 'a file that cannot be written is ReportNotWritable' -Skip:(-not (Test-Path /proc/self)) {
        # /proc takes no new files, even from root.
        Get-ModelFlops -Model gpt2 | Export-FlopsReport -Path /proc/psflops-report.html -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ReportNotWritable,PSFlops.Commands.ExportFlopsReportCommand'
        $err[0].CategoryInfo.Category | Should -Be 'WriteError'
    }

    It 'nothing piped writes no file and says NothingToReport' {
        $file = Join-Path $TestDrive 'empty.html'
        Export-FlopsReport -Path $file -ErrorVariable err -ErrorAction SilentlyContinue
        @() | Export-FlopsReport -Path $file -ErrorVariable +err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'NothingToReport,PSFlops.Commands.ExportFlopsReportCommand' }
        Test-Path $file | Should -BeFalse
    }

    It 'an .svg of objects for two charts is SvgNeedsOneChart' {
        $file = Join-Path $TestDrive 'two.svg'
        & { Get-ModelFlops -Model gpt2; Get-LayerFlops -Model gpt2 } | Export-FlopsReport -Path $file -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SvgNeedsOneChart,PSFlops.Commands.ExportFlopsReportCommand'
        Test-Path $file | Should -BeFalse
    }

    It 'an object whose plotted number is not a number, or negative, is InvalidReportObject; the good ones are still drawn' {
        $layouts = @(Get-Layouts)
        # Copies as PSCustomObjects (a typed step-time record would refuse the bad values itself).
        $bad = $layouts[0] | Select-Object *; $bad.StepSeconds = 'soon'
        $negative = $layouts[0] | Select-Object *; $negative.ComputeSeconds = -1
        $file = Join-Path $TestDrive 'layouts.html'
        & { $layouts; $bad; $negative; $null } | Export-FlopsReport -Path $file -ErrorVariable err -ErrorAction SilentlyContinue
        @($err.FullyQualifiedErrorId) | Should -Be @('InvalidReportObject,PSFlops.Commands.ExportFlopsReportCommand',
            'InvalidReportObject,PSFlops.Commands.ExportFlopsReportCommand', 'UnsupportedReportObject,PSFlops.Commands.ExportFlopsReportCommand')
        "$($err[0])" | Should -Match "StepSeconds \('soon'\) is not a number"
        $html = Get-Content $file -Raw
        ([regex]::Matches(([regex]::Match($html, '<tbody>.*</tbody>', 'Singleline').Value), '<tr>')).Count | Should -Be $layouts.Count
    }

    It 'a list given to -InputObject is drawn element by element' {
        $rows = @(Get-ModelFlops -Model gpt2 -SequenceLength 128, 1024)
        $file = Join-Path $TestDrive 'list.svg'
        Export-FlopsReport -InputObject $rows -Path $file -PassThru | Should -BeOfType System.IO.FileInfo
        (Get-Ellipse (Read-Svg $file)).Count | Should -Be ($rows.Count + 1)
    }

    It 'CSV rows chart like the objects they were exported from, read in the invariant culture' {
        $csv = Join-Path $TestDrive 'layers.csv'
        $rows = @(Get-LayerFlops -Model gpt2)
        $rows | Select-Object Name, Type, Count, @{ n = 'TotalFlops'; e = { $_.TotalFlops.ToString('R', [cultureinfo]::InvariantCulture) } } |
            Export-Csv $csv -NoTypeInformation
        $file = Join-Path $TestDrive 'csv.svg'
        Import-Csv $csv | Export-FlopsReport -Path $file -ErrorAction Stop
        $svg = Read-Svg $file
        $costly = @($rows | Where-Object TotalFlops -gt 0)
        (Get-FilledRect $svg).Count | Should -Be ($costly.Count + @($costly.Type | Sort-Object -Unique).Count)
    }
}

# The page is the same in every culture (the report is written in the invariant one; the tests above check its
# text under all three), so the browser opens it once, in the suite's run under the default culture.
Describe 'Export-FlopsReport in a browser' -Skip:([cultureinfo]::CurrentCulture.Name -in 'de-DE', 'tr-TR') {
    It 'headless Chromium renders the report without a script error and not empty (screenshot in out/test-results)' -Skip:(-not $chromium) {
        $results = Join-Path $PSScriptRoot '../../out/test-results'
        $null = New-Item -ItemType Directory $results -Force
        $report = Join-Path $TestDrive 'browser.html'
        & {
            Get-LayerFlops -Model llama-3.1-8b
            Get-ModelFlops -Model llama-3.1-8b -SequenceLength 1024, 4096, 16384, 65536
            Get-InferenceEstimate -Model llama-3.1-8b -Hardware H100 -BatchSize 1, 8, 64, 512
            Get-ModelMemory -Model llama-3.1-8b -SequenceLength 8192 -ZeroStage 1 -DataParallel 8 -Hardware H100
        } | Export-FlopsReport -Path $report -Title 'PSFlops report in Chromium'
        $browser = $chromium.Source
        $flags = '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--enable-logging=stderr', '--v=0'
        function Open-Page([string] $Page, [string[]] $Extra) {
            $log = Join-Path $TestDrive 'chromium.log'
            $dom = & $browser @flags @Extra "file://$Page" 2> $log
            [pscustomobject]@{ Dom = ($dom -join "`n"); Log = (Get-Content $log -Raw) }
        }
        # The check can fail: a page whose script throws is caught by the same test of the log.
        $broken = Join-Path $TestDrive 'broken.html'
        Set-Content $broken '<html><body><p>x</p><script>throw new Error("boom")</script></body></html>'
        (Open-Page $broken '--dump-dom').Log | Should -Match 'CONSOLE.*Uncaught Error: boom'

        $page = Open-Page $report '--dump-dom'
        $page.Log | Should -Not -Match 'CONSOLE.*(Uncaught|Error)'
        $page.Log | Should -Not -Match 'Refused to load'              # the content security policy blocked nothing
        ([regex]::Matches($page.Dom, '<svg ')).Count | Should -Be 4
        $page.Dom | Should -Match '<h1>PSFlops report in Chromium</h1>'

        $shot = Join-Path $results 'export-flopsreport.png'
        Remove-Item $shot -ErrorAction Ignore
        $null = Open-Page $report '--window-size=1000,3400', "--screenshot=$shot"
        Test-Path $shot | Should -BeTrue
        # A blank page of this size compresses to a few KB; four charts and their tables take far more.
        (Get-Item $shot).Length | Should -BeGreaterThan 100KB
    }

    if (-not $chromium) {
        It 'needs Chromium' {
            Set-ItResult -Skipped -Because 'no chromium on this machine (.ci/run installs the Debian package when it can); the report was not opened in a browser'
        }
    }
}
