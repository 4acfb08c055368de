using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>A real Roslyn workspace holding one test project, its documents and its .editorconfig.</summary>
internal static class TestWorkspace
{
    public const string ProjectDirectory = "/activityflow-test/";

    public static Project CreateProject(IReadOnlyList<string> sources, IReadOnlyDictionary<string, string> options, ReferenceSet references, bool executable = false)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            filePath: ProjectDirectory + "TestProject.csproj",
            compilationOptions: new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references.References));

        for (var i = 0; i < sources.Count; i++)
        {
            var name = "Test" + i + ".cs";
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, name), name, SourceText.From(sources[i], Encoding.UTF8), filePath: ProjectDirectory + name);
        }

        var editorConfig = new StringBuilder("root = true\n\n[*.cs]\n");
        foreach (var option in options)
        {
            editorConfig.Append(option.Key).Append(" = ").Append(option.Value).Append('\n');
        }

        solution = solution.AddAnalyzerConfigDocument(
            DocumentId.CreateNewId(projectId, ".editorconfig"),
            ".editorconfig",
            SourceText.From(editorConfig.ToString(), Encoding.UTF8),
            filePath: ProjectDirectory + ".editorconfig");

        return solution.GetProject(projectId)!;
    }

    public static IEnumerable<Document> OrderedDocuments(Project project) =>
        project.Documents.OrderBy(d => d.Name, System.StringComparer.Ordinal);
}
