using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ActivityFlow.RealProjects;

/// <summary>`dotnet restore` of one project, with the packages a failed restore could not find named.</summary>
public static partial class DotNetRestore
{
    public sealed record Outcome(bool Succeeded, IReadOnlyList<string> MissingPackages, IReadOnlyList<string> Errors);

    public static Outcome Restore(string projectPath, string checkout)
    {
        var arguments = new List<string> { "restore", projectPath, "-nologo", "-v:q" };
        arguments.AddRange(BuildProperties.RestoreCommandLine());
        var result = ProcessRunner.Run("dotnet", arguments, workingDirectory: checkout);
        var text = result.StandardOutput + result.StandardError;
        var errors = text.Split('\n')
            .Where(line => line.Contains(": error ", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .Distinct()
            .ToList();
        // NU1101: no such package; NU1102: no version in range; NU1103: only pre-releases.
        var missing = MissingPackage().Matches(text)
            .Select(m => m.Groups["package"].Value + (m.Groups["range"].Success ? " " + m.Groups["range"].Value : ""))
            .Distinct()
            .ToList();
        return new Outcome(result.ExitCode == 0, missing, errors);
    }

    [GeneratedRegex(@"error NU110[123]: Unable to find package '?(?<package>[\w.\-]*[\w\-])'?(?: with version \((?<range>[^)]*)\))?")]
    private static partial Regex MissingPackage();

    public static string Describe(Outcome outcome, string projectPath)
    {
        if (outcome.MissingPackages.Count > 0)
        {
            return $"{projectPath}: restore failed, packages not found: {string.Join(", ", outcome.MissingPackages.OrderBy(p => p, StringComparer.OrdinalIgnoreCase))}";
        }

        return $"{projectPath}: restore failed: {string.Join(" | ", outcome.Errors.Take(3))}";
    }
}
