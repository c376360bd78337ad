using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine.Models;
using PSFlops.Engine.Planning;
using PSFlops.Infrastructure;
using PSFlops.Loading;

namespace PSFlops.Commands
{
    /// <summary>The accelerator table: dense peaks per data type, memory and bandwidth, each row with its datasheet.</summary>
    [Cmdlet(VerbsCommon.Get, "Hardware")]
    [OutputType(typeof(Hardware))]
    public sealed class GetHardwareCommand : PSCmdlet
    {
        /// <summary>Names or aliases; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HardwareNameCompleter))]
        [SupportsWildcards]
        [Alias("Hardware")]
        public string[] Name { get; set; } = { "*" };

        /// <summary>A YAML file of the same schema as the built-in table; its rows add to or replace built-in rows.</summary>
        [Parameter]
        public string[] Path { get; set; }

        private IReadOnlyList<Hardware> _table;

        protected override void BeginProcessing()
        {
            var extra = new List<Hardware>();
            if (Path != null)
                foreach (var file in Paths.Resolve(this, Path, literal: false))
                {
                    try { extra.AddRange(HardwareFileLoader.Load(file)); }
                    catch (ModelDefinitionException e) { ThrowTerminatingError(Errors.From(e, file)); }
                }
            _table = extra.Count == 0 ? HardwareTable.All : HardwareTable.With(extra);
        }

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                var matches = HardwareTable.Match(name, _table);
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(Errors.NotFound(Errors.UnknownHardware, HardwareTable.UnknownMessage(name, _table), name));
                // A copy: a user who changes a property of the row they hold (PowerShell can set init-only properties)
                // changes that copy only, never the table later calls read. Its collections are read-only.
                foreach (var h in matches) WriteObject(h with { });
            }
        }
    }
}
