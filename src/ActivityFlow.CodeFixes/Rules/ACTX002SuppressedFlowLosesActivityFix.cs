using System.Collections.Immutable;
using System.Composition;
using ActivityFlow.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>ACTX002: capture Activity.Current before the hand-off and re-attach it inside the work.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX002SuppressedFlowLosesActivityFix)), Shared]
public sealed class ACTX002SuppressedFlowLosesActivityFix : CaptureAndRestoreActivityFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SuppressedFlowLosesActivity);
}
