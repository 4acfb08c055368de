using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>The code actions a fix registers for each diagnostic of a plain source (no markup): for "which fixes are offered" tests.</summary>
internal static class CodeActions
{
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> TitlesAsync<TAnalyzer, TFix>(string source, ReferenceSet? references = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var project = TestWorkspace.CreateProject(source, references ?? ReferenceSet.Net80);
        var diagnostics = await Analysis.RunAsync(project, [new TAnalyzer()], CancellationToken.None);
        var fix = new TFix();
        var result = new List<IReadOnlyList<string>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var actions = new List<CodeAction>();
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            result.Add(actions.Select(action => action.Title).ToList());
        }

        return result;
    }
}
