using BenchmarkDotNet.Running;

// dotnet run -c Release -- --filter '*'   (or a class name); results go to BenchmarkDotNet.Artifacts/.
BenchmarkSwitcher.FromAssembly(typeof(PSFlops.Benchmarks.EngineBenchmarks).Assembly).Run(args);
