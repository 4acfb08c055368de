using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Source generators and analyzers that a repository builds itself (a ProjectReference with
/// OutputItemType="Analyzer") exist only after that project is built; MSBuildWorkspace does not build them. They are
/// built first, so the generated code is in the compilation instead of showing up as compile errors.
/// </summary>
public static class AnalyzerProjectReferences
{
    /// <summary>Analyzer projects referenced by the project or by any project it references (paths as written, no properties).</summary>
    public static IReadOnlyList<string> Find(string projectPath)
    {
        var analyzers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(projectPath));
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current) || !File.Exists(current))
            {
                continue;
            }

            foreach (var reference in ProjectReferences(current))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Include.Replace('\\', '/')));
                if (reference.IsAnalyzer)
                {
                    if (!analyzers.Contains(target) && File.Exists(target))
                    {
                        analyzers.Add(target);
                    }
                }
                else
                {
                    pending.Push(target);
                }
            }
        }

        return analyzers;
    }

    public static void Build(string analyzerProject, string checkout)
    {
        var arguments = new List<string> { "build", analyzerProject, "-c", "Debug", "-nologo", "-v:q" };
        arguments.AddRange(BuildProperties.RestoreCommandLine());
        var result = ProcessRunner.Run("dotnet", arguments, workingDirectory: checkout);
        if (result.ExitCode != 0)
        {
            var errors = (result.StandardOutput + result.StandardError).Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().Take(3);
            throw new InvalidOperationException($"building the in-repo analyzer {Path.GetFileName(analyzerProject)} failed: {string.Join(" | ", errors)}");
        }
    }

    private static IEnumerable<(string Include, bool IsAnalyzer)> ProjectReferences(string projectFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (System.Xml.XmlException)
        {
            yield break;
        }

        foreach (var element in document.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
        {
            var include = (string?)element.Attribute("Include");
            if (include is null || include.Contains("$(", StringComparison.Ordinal))
            {
                continue;
            }

            var outputItemType = (string?)element.Attribute("OutputItemType")
                                 ?? element.Elements().FirstOrDefault(e => e.Name.LocalName == "OutputItemType")?.Value;
            yield return (include, string.Equals(outputItemType, "Analyzer", StringComparison.OrdinalIgnoreCase));
        }
    }
}
