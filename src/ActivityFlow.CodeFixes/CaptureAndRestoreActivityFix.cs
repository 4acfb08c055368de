using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>ACTX001–ACTX003, ACTX006: capture Activity.Current before the hand-off and re-attach it inside the work.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CaptureAndRestoreActivityFix)), Shared]
public sealed class CaptureAndRestoreActivityFix : SingleActionFix
{
    public const string Title = "Capture and restore Activity.Current";
    public const string EquivalenceKey = "ActivityFlow.CaptureAndRestoreActivity";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.UnsafeDispatchLosesActivity,
        DiagnosticIds.SuppressedFlowLosesActivity,
        DiagnosticIds.ForeignThreadCallbackLosesActivity,
        DiagnosticIds.QueuedWorkItemLosesActivity);

    private protected override string ActionTitle => Title;

    private protected override string ActionEquivalenceKey => EquivalenceKey;

    private protected override bool CanFix(SyntaxNode root, Diagnostic diagnostic) => ActivityReattachRewriter.CanRewrite(root, diagnostic);

    private protected override Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ActivityReattachRewriter.FixDocumentAsync(document, diagnostics, cancellationToken);
}
