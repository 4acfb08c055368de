using System;
using System.Text.RegularExpressions;

namespace ActivityFlow.RealProjects;

/// <summary>
/// MSBuildWorkspace names each target framework's project "Name(tfm)"; a multi-target project is evaluated on its
/// newest framework (modern .NET over .NET Core over .NET Standard over .NET Framework, then by version).
/// </summary>
public static partial class TargetFrameworks
{
    public static string? FromProjectName(string projectName)
    {
        var match = NameSuffix().Match(projectName);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static (int Family, Version Version) Rank(string? tfm)
    {
        if (tfm is null)
        {
            return (0, new Version(0, 0));
        }

        var platformless = tfm.Split('-')[0];
        var m = Versioned().Match(platformless);
        if (!m.Success)
        {
            return (0, new Version(0, 0));
        }

        var name = m.Groups["name"].Value;
        var digits = m.Groups["version"].Value;
        var version = digits.Contains('.') ? Version.Parse(digits) : ParseCompact(digits);
        var family = name switch
        {
            "net" when version.Major >= 5 => 4,
            "netcoreapp" => 3,
            "netstandard" => 2,
            _ => 1, // net4x
        };
        // A platform-specific framework (net10.0-windows) ranks just below the plain one.
        return (family, tfm.Contains('-') ? new Version(version.Major, version.Minor, 0, 0) : new Version(version.Major, version.Minor, 1, 0));
    }

    private static Version ParseCompact(string digits) => digits.Length switch
    {
        1 => new Version(int.Parse(digits), 0),
        _ => new Version(int.Parse(digits[..1]), int.Parse(digits[1..])),
    };

    [GeneratedRegex(@"\(([^()]+)\)$")]
    private static partial Regex NameSuffix();

    [GeneratedRegex(@"^(?<name>netcoreapp|netstandard|net)(?<version>[0-9.]+)$")]
    private static partial Regex Versioned();
}
