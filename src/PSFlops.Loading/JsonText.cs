using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>JSON-only checks on a config.json before it is parsed (as YAML, of which JSON is a subset).</summary>
    internal static class JsonText
    {
        /// <summary>
        /// Refuses // and /* comments outside strings at their line and column. JSON has no comments; read as YAML they
        /// swallow keys (a "// ..." line becomes part of a value) and the file was reported as having no model_type.
        /// </summary>
        public static void RefuseComments(string text, string file)
        {
            int line = 1, column = 1;
            bool inString = false, escaped = false;
            for (int i = 0; i < text.Length; i++, column++)
            {
                char c = text[i];
                if (c == '\n') { line++; column = 0; continue; }
                if (inString)
                {
                    if (escaped) escaped = false;
                    else if (c == '\\') escaped = true;
                    else if (c == '"') inString = false;
                    continue;
                }
                if (c == '"') { inString = true; continue; }
                if (c == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*'))
                    throw new ModelDefinitionException("JsonComment",
                        $"config.json holds a {(text[i + 1] == '/' ? "// comment" : "/* comment */")}; JSON has no comments. Remove it (Hugging Face's files have none).",
                        new SourceLocation(file, line, column));
            }
        }
    }
}
