using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Global MSBuild properties for restoring and loading third-party projects. Their warnings-as-errors settings are
/// switched off: restoring from a partial package mirror resolves slightly newer versions (NU1603/NU1605/NU1109), and a
/// promoted warning is not a compile error of the code under evaluation.
/// </summary>
public static class BuildProperties
{
    public static readonly IReadOnlyDictionary<string, string> Global = new Dictionary<string, string>
    {
        ["TreatWarningsAsErrors"] = "false",
        ["WarningsAsErrors"] = "",
        ["CodeAnalysisTreatWarningsAsErrors"] = "false",
        ["MSBuildTreatWarningsAsErrors"] = "false",
        // Central package management's transitive pinning turns a newer resolved version into NU1109 errors.
        ["CentralPackageTransitivePinningEnabled"] = "false",
        // No signing keys, no git metadata needed to compile.
        ["ContinuousIntegrationBuild"] = "false",
    };

    public static IEnumerable<string> AsCommandLine()
    {
        foreach (var (name, value) in Global)
        {
            yield return $"-p:{name}={value}";
        }
    }

    /// <summary>
    /// Restore uses only the package sources this machine's NuGet configuration enables: a repository's own feeds
    /// (in NuGet.config or in a RestoreSources property of its build files) are private or unreachable.
    /// </summary>
    public static IEnumerable<string> RestoreCommandLine()
    {
        foreach (var argument in AsCommandLine())
        {
            yield return argument;
        }

        yield return "-p:RestoreAdditionalProjectSources=";
        if (MachineSources.Value.Length > 0)
        {
            // A ';' inside a property value must be escaped on the command line.
            yield return "-p:RestoreSources=" + string.Join("%3B", MachineSources.Value);
        }
    }

    private static readonly Lazy<string[]> MachineSources = new(() =>
    {
        var result = ProcessRunner.Run("dotnet", ["nuget", "list", "source", "--format", "short"], workingDirectory: Path.GetTempPath());
        // Lines look like "E https://api.nuget.org/v3/index.json" (E = enabled, D = disabled).
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToArray();
    });
}
