using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Opens real project files with MSBuildWorkspace after a restore, so a compilation has everything the real build
/// has: every source file, the NuGet references, the analyzer config (.editorconfig, global configs), additional
/// files and the source generators (run when the compilation is produced).
/// </summary>
public sealed class RealProjectLoader : IDisposable
{
    private readonly MSBuildWorkspace _workspace;
    private readonly List<string> _workspaceProblems = new();

    public RealProjectLoader()
    {
        _workspace = MSBuildWorkspace.Create(BuildProperties.Global.ToDictionary());
        _workspace.RegisterWorkspaceFailedHandler(e =>
        {
            lock (_workspaceProblems)
            {
                _workspaceProblems.Add(e.Diagnostic.Message);
            }
        });
    }

    /// <summary>
    /// Restores and opens each project (paths relative to the checkout). A project whose restore fails is returned
    /// in <paramref name="failures"/> with the reason, never loaded half-bound.
    /// </summary>
    public async Task<IReadOnlyList<LoadedProject>> LoadAsync(
        string checkout, IReadOnlyList<string> relativeProjectPaths, List<string> failures, TextWriter log, CancellationToken cancellationToken)
    {
        var loaded = new List<LoadedProject>();
        foreach (var relative in relativeProjectPaths)
        {
            var full = Path.GetFullPath(Path.Combine(checkout, relative));
            if (!File.Exists(full))
            {
                failures.Add($"{relative}: no such project file at this commit");
                continue;
            }

            var restore = DotNetRestore.Restore(full, checkout);
            if (!restore.Succeeded)
            {
                failures.Add(DotNetRestore.Describe(restore, relative));
                continue;
            }

            try
            {
                foreach (var analyzerProject in AnalyzerProjectReferences.Find(full))
                {
                    log.WriteLine($"  building in-repo analyzer {Path.GetRelativePath(checkout, analyzerProject)}");
                    AnalyzerProjectReferences.Build(analyzerProject, checkout);
                }
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{relative}: {e.Message}");
                continue;
            }

            lock (_workspaceProblems)
            {
                _workspaceProblems.Clear();
            }

            try
            {
                // A project already loaded as a reference of an earlier one is in the workspace: use it as it is.
                if (!_workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, full)))
                {
                    await _workspace.OpenProjectAsync(full, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
            {
                failures.Add($"{relative}: MSBuildWorkspace could not open it: {e.Message}");
                continue;
            }

            var project = Newest(_workspace.CurrentSolution.Projects.Where(p => SamePath(p.FilePath, full)));
            if (project is null)
            {
                failures.Add($"{relative}: MSBuildWorkspace produced no C# project");
                continue;
            }

            List<string> problems;
            lock (_workspaceProblems)
            {
                problems = _workspaceProblems.Distinct().ToList();
            }

            loaded.Add(new LoadedProject(relative, TargetFrameworks.FromProjectName(project.Name), project, TestProjects.IsTestProject(project), problems));
        }

        return loaded;
    }

    private static Project? Newest(IEnumerable<Project> candidates) =>
        candidates.Where(p => p.Language == LanguageNames.CSharp)
            .OrderByDescending(p => TargetFrameworks.Rank(TargetFrameworks.FromProjectName(p.Name)))
            .FirstOrDefault();

    private static bool SamePath(string? a, string b) =>
        a is not null && string.Equals(Path.GetFullPath(a), b, StringComparison.Ordinal);

    public void Dispose() => _workspace.Dispose();
}
