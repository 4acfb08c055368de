using System.Collections.Immutable;
using System.Composition;
using ActivityFlow.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>ACTX003: capture Activity.Current before the hand-off and re-attach it inside the work.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX003ForeignThreadCallbackLosesActivityFix)), Shared]
public sealed class ACTX003ForeignThreadCallbackLosesActivityFix : CaptureAndRestoreActivityFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ForeignThreadCallbackLosesActivity);
}
