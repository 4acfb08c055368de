using System.Collections.Generic;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Global MSBuild properties for restoring and loading third-party projects. Their warnings-as-errors settings are
/// switched off: restoring from a partial package mirror resolves slightly newer versions (NU1603/NU1605), and a
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
}
