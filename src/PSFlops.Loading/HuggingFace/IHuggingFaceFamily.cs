using System.Collections.Generic;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// One Hugging Face model family: reads the config.json fields that change what transformers builds for its
    /// model types, refuses (at the value's line and column) a value it cannot model, and ignores only fields that
    /// cannot change a count (dropout, eps, rope scaling, token ids). One file per family, listed in
    /// <see cref="HuggingFaceFamilies"/>.
    /// </summary>
    internal interface IHuggingFaceFamily
    {
        IReadOnlyList<string> ModelTypes { get; }

        TransformerConfig Read(Fields config);
    }
}
