using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSFlops.Engine;
using PSFlops.Engine.Models;
using PSFlops.Loading;

namespace PSFlops.Infrastructure
{
    /// <summary>A model to compute, and what to name as the error target if it fails.</summary>
    public sealed record ResolvedModel(string Name, ModelDefinition Definition, object Target);

    /// <summary>
    /// Parameters shared by the cmdlets that take a model: a built-in -Model name, -Path (wildcards)
    /// or -LiteralPath resolved through the PowerShell provider, or definitions from the pipeline;
    /// plus the workload (-SequenceLength, -BatchSize, swept when given arrays).
    /// </summary>
    public abstract class ModelSourceCommandBase : PSCmdlet
    {
        protected const string ModelSet = "Model";
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        protected const string DefinitionSet = "Definition";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Model { get; set; }

        /// <summary>
        /// Not marked Mandatory, though the set is only chosen when -Path is given: a set whose mandatory parameter
        /// cannot come from the pipeline makes PowerShell settle on the default set before a piped object is
        /// bound (seen with Get-LayerFlops's pipeline-wide -Layer), so piped definitions and files would be refused.
        /// </summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// <summary>
        /// A definition from Get-ModelDefinition. It binds by property name (PSFlops.Types.ps1xml gives every
        /// definition a Definition property that returns itself): a by-value pipeline parameter would make
        /// PowerShell choose this set for any piped object and refuse rows of dimensions or files.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = DefinitionSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Definition")]
        public ModelDefinition InputObject { get; set; }

        /// <summary>Tokens per sequence; an array sweeps. Defaults to the model file's sequence_length (1 for a single layer).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(BlankMeansDefault = true)]
        public long[] SequenceLength { get; set; }

        /// <summary>Sequences (or samples) per batch; an array sweeps. Defaults to the model's batch_size, else 1.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(BlankMeansDefault = true)]
        public long[] BatchSize { get; set; }

        /// <summary>
        /// Pixels per side of each image a multimodal model's vision tower reads (square images). Default: the config's
        /// image_size (448 for Qwen2.5-VL, whose config names none). Models without a vision tower ignore it.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(BlankMeansDefault = true)]
        public long? ImageSize { get; set; }

        /// <summary>Images per sequence for a multimodal model's vision tower. Default: 1. Models without a tower ignore it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(BlankMeansDefault = true)]
        public long? ImageCount { get; set; }

        /// <summary>
        /// Encoder positions of an encoder-decoder model (T5, BART, Whisper); -SequenceLength is the decoder's. Default: the
        /// model's own (Whisper's 1500), else the decoder's sequence length at prefill and the context at a decode step.
        /// A workload input like -ImageSize: it reaches every planner through the definition. Decoder-only models ignore it.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Dimension(BlankMeansDefault = true)]
        public long? EncoderSequenceLength { get; set; }

        private ProgressReporter _progress;

        /// <summary>Stop() as a token for the engine and loaders (file loads here; cmdlets pass it to their cost calls).</summary>
        private protected StopSignal StopRequest { get; } = new StopSignal();

        protected override void StopProcessing() => StopRequest.Stop();

        /// <summary>Progress across the whole call (all pipeline input), completed in EndProcessing.</summary>
        private protected ProgressReporter Progress => _progress ??= new ProgressReporter(this, MyInvocation.MyCommand.Name);

        protected override void EndProcessing() => _progress?.Complete();

        protected IEnumerable<long> SequenceLengths(ModelDefinition model = null) =>
            SequenceLength is { Length: > 0 } ? SequenceLength : new[] { model?.DefaultSequenceLength ?? 1 };

        protected IEnumerable<long> BatchSizes(ModelDefinition model = null) =>
            BatchSize is { Length: > 0 } ? BatchSize : new[] { model?.DefaultBatchSize ?? 1 };

        /// <summary>
        /// Every model this call names, for this call's workload (-EncoderSequenceLength, -ImageSize, -ImageCount). A name
        /// or file that fails is written as an error and skipped.
        /// </summary>
        protected IEnumerable<ResolvedModel> ResolveModels()
        {
            foreach (var model in NamedModels())
                yield return model with { Definition = model.Definition.WithEncoderLength(EncoderSequenceLength).WithImages(ImageSize, ImageCount) };
        }

        private IEnumerable<ResolvedModel> NamedModels()
        {
            switch (ParameterSetName)
            {
                case ModelSet:
                    foreach (var name in Model)
                        foreach (var model in FromLibrary(name)) yield return model;
                    break;
                case PathSet:
                    // Only reachable without -Path when nothing else settles the set (Get-LayerFlops -Expand alone).
                    if (Path == null)
                        ThrowTerminatingError(Errors.Record(new ArgumentException("No model was given."), "MissingModel",
                            ErrorCategory.InvalidArgument, null,
                            "No model was given: use -Model, -Path or -LiteralPath, or pipe definitions or files."));
                    foreach (var file in Paths.Resolve(this, Path, literal: false))
                        if (TryLoad(file) is ResolvedModel m) yield return m;
                    break;
                case LiteralPathSet:
                    foreach (var file in Paths.Resolve(this, LiteralPath, literal: true))
                        if (TryLoad(file) is ResolvedModel m) yield return m;
                    break;
                case DefinitionSet:
                    if (InputObject != null) yield return new ResolvedModel(InputObject.Name, InputObject, InputObject);
                    break;
            }
        }

        private IEnumerable<ResolvedModel> FromLibrary(string name)
        {
            foreach (var (definition, error) in ModelLibrary.Lookup(name))
            {
                if (error != null) WriteError(error);
                else yield return new ResolvedModel(definition.Name, definition, definition.Name);
            }
        }

        private ResolvedModel TryLoad(string file)
        {
            try
            {
                var definition = StopRequest.Run(cancel => ModelFileLoader.Load(file, cancel));
                return new ResolvedModel(definition.Name, definition, file);
            }
            catch (ModelDefinitionException e)
            {
                WriteError(Errors.From(e, file));
                return null;
            }
        }
    }

    /// <summary>A model cmdlet that counts FLOPs: adds the counting options.</summary>
    public abstract class ModelCommandBase : ModelSourceCommandBase
    {
        [Parameter]
        public Convention Convention { get; set; } = Convention.Full;

        /// <summary>Count only the query-key pairs a causal mask keeps, for causal (decoder) attention.</summary>
        [Parameter]
        public SwitchParameter CausalMask { get; set; }

        private CountingOptions _options;

        /// <summary>From command-line parameters only (neither binds from the pipeline), so built once per call.</summary>
        protected CountingOptions Options => _options ??= new CountingOptions(Convention, CausalMask.IsPresent);
    }
}
