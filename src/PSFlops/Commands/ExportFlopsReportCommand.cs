using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using PSFlops.Infrastructure;

namespace PSFlops.Commands
{
    /// <summary>
    /// Draws the PSFlops objects piped in: an HTML report with a chart and a table for each kind of object, or
    /// one chart as SVG. Objects are matched to charts by the properties they carry, so step times from another
    /// cmdlet, CSV rows and PSCustomObjects chart as well as this module's records.
    /// </summary>
    [Cmdlet(VerbsData.Export, "FlopsReport", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportFlopsReportCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        public string Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        public string LiteralPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "PSFlops report";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private string _file;
        private bool _svg;
        // Held as object so that the cmdlet's type never names a PSFlops.Reporting type: importing the module
        // must not load the charting stack (it loads, with OxyPlot, at the first report).
        private object _builder;

        protected override void BeginProcessing()
        {
            _file = ResolveFile(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet);
            string extension = System.IO.Path.GetExtension(_file).ToLowerInvariant();
            _svg = extension == ".svg";
            if (!_svg && extension != ".html" && extension != ".htm")
                ThrowTerminatingError(Errors.Record(new PSArgumentException($"'{_file}' ends in '{extension}'; a report is written as .html (every chart) or .svg (one chart)."),
                    "UnsupportedReportFormat", ErrorCategory.InvalidArgument, _file));
        }

        protected override void ProcessRecord()
        {
            // With no pipeline and no -InputObject, PowerShell still calls ProcessRecord once: nothing came, which EndProcessing reports.
            if (InputObject == null && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject))) return;
            if (InputObject == null)
            {
                WriteError(Errors.Record(new PSArgumentException("A null object has nothing to draw."), "UnsupportedReportObject", ErrorCategory.InvalidArgument, null));
                return;
            }
            // -InputObject $rows passes a list as one object; draw its elements as the pipeline would.
            if (InputObject.BaseObject is IEnumerable list && !(InputObject.BaseObject is string) && !(InputObject.BaseObject is IDictionary))
                foreach (var element in list) Add(element == null ? null : PSObject.AsPSObject(element));
            else Add(InputObject);
        }

        protected override void EndProcessing() => Finish();

        private void Add(PSObject item)
        {
            if (item == null)
            {
                WriteError(Errors.Record(new PSArgumentException("A null object has nothing to draw."), "UnsupportedReportObject", ErrorCategory.InvalidArgument, null));
                return;
            }
            string reason = Report.Add(ref _builder, item, out string id);
            if (reason != null)
                WriteError(Errors.Record(new PSArgumentException(reason), id,
                    id == "UnsupportedReportObject" ? ErrorCategory.InvalidType : ErrorCategory.InvalidData, item));
        }

        private void Finish()
        {
            var kinds = Report.Charts(_builder);
            if (kinds.Count == 0)
            {
                WriteError(Errors.Record(new PSArgumentException("No object that Export-FlopsReport can draw came in, so no report was written. Pipe the objects of Get-LayerFlops, Get-ModelFlops, Measure-TransformerBlock, Get-ModelMemory, Get-InferenceEstimate, Get-ModelMfu, Get-TrainingEstimate or step-time objects."),
                    "NothingToReport", ErrorCategory.InvalidData, _file));
                return;
            }
            if (_svg && kinds.Count > 1)
            {
                WriteError(Errors.Record(new PSArgumentException($"The objects make {kinds.Count} charts ({string.Join(", ", kinds)}), and an .svg file holds one: pipe one kind of object, or write .html for all of them."),
                    "SvgNeedsOneChart", ErrorCategory.InvalidArgument, _file));
                return;
            }
            string content = _svg ? Report.Svg(_builder, MyInvocation.BoundParameters.ContainsKey(nameof(Title)) ? Title : null) : Report.Html(_builder, Title);
            try
            {
                File.WriteAllText(_file, content, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException)
            {
                WriteError(Errors.Record(e, "ReportNotWritable", ErrorCategory.WriteError, _file, $"Cannot write '{_file}': {e.Message}"));
                return;
            }
            if (PassThru) WriteObject(new FileInfo(_file));
        }

        /// <summary>The file to write, through the provider: relative to the PowerShell location, file system only, in a folder that exists.</summary>
        private string ResolveFile(string path, bool literal)
        {
            string file;
            ProviderInfo provider;
            try
            {
                if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
                {
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                    if (matches.Count != 1)
                        ThrowTerminatingError(Errors.Record(new PSArgumentException($"'{path}' matches {matches.Count} files; name one file, or use -LiteralPath."),
                            "AmbiguousReportPath", ErrorCategory.InvalidArgument, path));
                    file = matches[0];
                }
                else file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (ItemNotFoundException e)
            {
                ThrowTerminatingError(Errors.Record(e, "ReportFolderNotFound", ErrorCategory.ObjectNotFound, path, $"Cannot find '{path}'."));
                return null;
            }
            catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is PSArgumentException || e is NotSupportedException)
            {
                ThrowTerminatingError(Errors.Record(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
                return null;
            }
            if (provider.Name != "FileSystem")
                ThrowTerminatingError(Errors.Record(new PSArgumentException($"'{path}' is on the {provider.Name} provider; a report is written to the file system."),
                    "NotAFileSystemPath", ErrorCategory.InvalidArgument, path));
            string folder = System.IO.Path.GetDirectoryName(file);
            if (Directory.Exists(file))
                ThrowTerminatingError(Errors.Record(new PSArgumentException($"'{file}' is a folder; name the report file in it, such as '{System.IO.Path.Combine(file, "report.html")}'."),
                    "ReportPathIsFolder", ErrorCategory.InvalidArgument, path));
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                ThrowTerminatingError(Errors.Record(new DirectoryNotFoundException($"The folder '{folder}' does not exist; create it first."),
                    "ReportFolderNotFound", ErrorCategory.ObjectNotFound, path));
            return file;
        }

        /// <summary>
        /// Every use of PSFlops.Reporting sits behind these methods, compiled only when a report is made, so that the
        /// runtime resolves the charting assemblies then and not when PowerShell inspects the cmdlet at import.
        /// </summary>
        private static class Report
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static string Add(ref object builder, PSObject item, out string errorId)
            {
                var report = (Reporting.ReportBuilder)(builder ??= new Reporting.ReportBuilder());
                return report.Add(new Reporting.ReportItem(item.TypeNames.Count > 0 ? item.TypeNames[0] : "", Properties(item)), out errorId);
            }

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static IReadOnlyList<string> Charts(object builder) =>
                builder == null ? Array.Empty<string>() : ((Reporting.ReportBuilder)builder).ChartIds;

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static string Html(object builder, string title) => ((Reporting.ReportBuilder)builder).ToHtml(title);

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static string Svg(object builder, string title) => ((Reporting.ReportBuilder)builder).ToSvg(title);

            /// <summary>The object's readable properties (a hashtable's keys); a getter that throws is left out, not fatal.</summary>
            private static IEnumerable<KeyValuePair<string, object>> Properties(PSObject item)
            {
                if (item.BaseObject is IDictionary dictionary)
                {
                    foreach (DictionaryEntry entry in dictionary)
                        yield return new KeyValuePair<string, object>(entry.Key?.ToString(), Unwrap(entry.Value));
                    yield break;
                }
                foreach (var property in item.Properties)
                {
                    if (!property.IsGettable) continue;
                    object value;
                    try { value = property.Value; }
                    catch (Exception e) when (e is GetValueException || e is ExtendedTypeSystemException || e is InvalidOperationException) { continue; }
                    yield return new KeyValuePair<string, object>(property.Name, Unwrap(value));
                }
            }

            private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;
        }
    }
}
