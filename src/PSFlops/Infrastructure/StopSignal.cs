using System;
using System.Management.Automation;
using System.Threading;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Carries PowerShell's Stop() (Ctrl+C, PowerShell.Stop) into the engine and loaders as a plain
    /// <see cref="CancellationToken"/>: a cmdlet calls <see cref="Stop"/> from StopProcessing and passes
    /// <see cref="Token"/> to long loops, which then end at their next node instead of running to completion.
    /// </summary>
    internal sealed class StopSignal
    {
        private readonly CancellationTokenSource _source = new CancellationTokenSource();

        public CancellationToken Token => _source.Token;

        // Never disposed: a source without timers holds no unmanaged resource, and a cmdlet may be stopped at any time.
        public void Stop() => _source.Cancel();

        /// <summary>Runs <paramref name="work"/>; a cancellation because of Stop() becomes PowerShell's own pipeline stop.</summary>
        public T Run<T>(Func<CancellationToken, T> work)
        {
            try { return work(Token); }
            catch (OperationCanceledException) when (_source.IsCancellationRequested) { throw new PipelineStoppedException(); }
        }
    }
}
