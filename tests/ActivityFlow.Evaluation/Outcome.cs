namespace ActivityFlow.Evaluation;

/// <summary>A labelled site after the run, or a report nobody labelled.</summary>
internal enum Verdict
{
    TruePositive,
    FalsePositive,
    FalseNegative,
    TrueNegative,
    Unreviewed,
    NotScored,
}

/// <param name="Rule">The rule the outcome counts for: the label's rule, or for a "none" label the rule that reported.</param>
/// <param name="InTestProject">Null when the file is in no scored project.</param>
internal sealed record Outcome(Verdict Verdict, string Rule, Label? Label, Report? Report, bool? InTestProject, string Note);
