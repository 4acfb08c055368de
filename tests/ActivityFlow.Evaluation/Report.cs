namespace ActivityFlow.Evaluation;

/// <summary>One analyzer diagnostic, placed in the repository (path relative to the checkout, 1-based lines).</summary>
internal sealed record Report(
    string Repository, string Commit, string Path, int StartLine, int EndLine, string Rule, string Message, string Project, bool InTestProject)
{
    public string Key => Repository + "@" + Commit;
}
