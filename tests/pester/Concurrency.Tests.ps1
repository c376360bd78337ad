# The cmdlets share caches (the model library, the hardware table) across runspaces.
BeforeAll { Import-Module $env:PSFLOPS_MODULE -Force }

Describe 'concurrency' {
    It 'gives the same results in 8 parallel runspaces over the whole model library as in one' {
        $module = $env:PSFLOPS_MODULE
        $names = (Get-ModelDefinition).Name
        $sequential = foreach ($name in $names) { Get-ModelFlops -Model $name | Select-Object Model, Parameters, ForwardFlops, HardwareFlops }
        $parallel = $names | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:module
            Get-ModelFlops -Model $_ -Recompute Selective | Select-Object Model, Parameters, ForwardFlops
            Get-ModelMemory -Model $_ -Hardware H100 | Out-Null
        }
        $parallel.Count | Should -Be $names.Count
        foreach ($row in $sequential) {
            $match = $parallel | Where-Object Model -eq $row.Model
            $match.Parameters | Should -Be $row.Parameters
            $match.ForwardFlops | Should -Be $row.ForwardFlops
        }
    }
}
