using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>
/// Wraps analyzer actions so an unexpected exception is rethrown with the analyzer, file and line:
/// an AD0001 report then says where to look.
/// </summary>
internal static class GuardedActions
{
    public static Action<OperationAnalysisContext> Guard(string analyzer, Action<OperationAnalysisContext> action) =>
        context =>
        {
            try
            {
                action(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not AnalyzerActionException)
            {
                throw Wrap(analyzer, context.Operation.Syntax, ex);
            }
        };

    public static Exception Wrap(string analyzer, SyntaxNode node, Exception ex)
    {
        var span = node.GetLocation().GetLineSpan();
        var line = span.StartLinePosition.Line + 1;
        var column = span.StartLinePosition.Character + 1;
        return new AnalyzerActionException(
            $"{analyzer} failed on '{Shorten(node.ToString())}' at {span.Path}({line},{column}): {ex.GetType().Name}: {ex.Message}",
            ex);
    }

    /// <summary>Source text on one line, cut to <paramref name="max"/> characters: for messages.</summary>
    internal static string Shorten(string text, int max = 80)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' ');
        return text.Length <= max ? text : text.Substring(0, max - 3) + "...";
    }
}
