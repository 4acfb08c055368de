using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// A one-document project for the checks the test framework cannot make: analysing hundreds of truncated files
/// (robustness) and listing every code action offered (titles).
/// </summary>
internal static class TestWorkspace
{
    public static Project CreateProject(string source, ReferenceSet references)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references.References));
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(source, Encoding.UTF8), filePath: "/0/Test0.cs");
        return solution.GetProject(projectId)!;
    }
}
