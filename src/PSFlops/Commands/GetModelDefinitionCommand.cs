using System.Management.Automation;
using PSFlops.Engine.Models;
using PSFlops.Infrastructure;

namespace PSFlops.Commands
{
    /// <summary>Lists the built-in models, or loads model files (YAML or Hugging Face config.json), as definitions to pipe on.</summary>
    [Cmdlet(VerbsCommon.Get, "ModelDefinition", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ModelDefinition))]
    public sealed class GetModelDefinitionCommand : PSCmdlet
    {
        private const string NameSet = "Name";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == NameSet)
            {
                foreach (var name in Name)
                    foreach (var (definition, error) in ModelLibrary.Lookup(name))
                    {
                        if (error != null) WriteError(error);
                        // A fresh load, not the cached definition: a user who changes the object they hold (PowerShell can
                        // set init-only properties) must not change what later calls by name compute.
                        else WriteObject(ModelLibrary.Fresh(definition));
                    }
                return;
            }
            foreach (var file in Paths.Resolve(this, ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet))
            {
                try { WriteObject(Loading.ModelFileLoader.Load(file)); }
                catch (ModelDefinitionException e) { WriteError(Errors.From(e, file)); }
            }
        }
    }
}
