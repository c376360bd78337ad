using System;
using System.Globalization;
using System.Management.Automation;

namespace PSFlops.Infrastructure
{
    /// <summary>
    /// Write-Progress for work that can outlast a second (large sweeps, folders of models): nothing is shown
    /// for the first second, then at most four updates a second, and a Completed record at the end if
    /// anything was shown. Cheap enough to call once per written result.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private const long QuietMilliseconds = 1000;
        private const long IntervalMilliseconds = 250;

        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;
        // Environment.TickCount costs a few ns against ~25 ns for a Stopwatch read, and Tick runs once per result;
        // millisecond resolution is plenty here. Differences stay correct across its 24.9-day wrap.
        private readonly int _start = Environment.TickCount;
        private long _nextUpdate = QuietMilliseconds;

        private long ElapsedMilliseconds => unchecked((uint)(Environment.TickCount - _start));
        private long _results;
        private bool _shown;

        public ProgressReporter(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(1, activity, "Starting");
        }

        /// <summary>One more result; <paramref name="done"/> of <paramref name="total"/> within the current item when known.</summary>
        public void Tick(string item, long done = 0, long total = 0)
        {
            _results++;
            long elapsed = ElapsedMilliseconds;
            if (elapsed < _nextUpdate) return;
            _nextUpdate = elapsed + IntervalMilliseconds;
            _record.StatusDescription = string.Format(CultureInfo.CurrentCulture, "{0:N0} results written", _results);
            _record.CurrentOperation = item;
            _record.PercentComplete = total > 0 ? (int)(100 * done / total) : -1;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        public void Complete()
        {
            if (!_shown) return;
            _record.RecordType = ProgressRecordType.Completed;
            _record.PercentComplete = 100;
            _cmdlet.WriteProgress(_record);
            _shown = false;
        }
    }
}
