using System.Linq;
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
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = ModelLibrary.Names.Where(pattern.IsMatch).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var near = Loading.Suggest.Nearest(name, ModelLibrary.Names);
                        string hint = near.Count > 0 ? $" Did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?" : "";
                        WriteError(Errors.Record(new ItemNotFoundException($"No built-in model is named '{name}'.{hint}"),
                            Errors.UnknownModel, ErrorCategory.ObjectNotFound, name));
                    }
                    foreach (var match in matches)
                    {
                        try { WriteObject(ModelLibrary.Get(match)); }
                        catch (ModelDefinitionException e) { WriteError(Errors.From(e, match)); }
                    }
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
