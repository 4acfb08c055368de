using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ActivityFlow.Analyzers.PackageTests;

/// <summary>
/// The analyzer package as users get it: packed to a local feed, restored by PackageReference into a copy of
/// samples/OrderService, reported by `dotnet build`, fixed by `dotnet format analyzers`.
/// </summary>
public sealed class RealClientTests : IDisposable
{
    private static readonly string[] Rules = { "ACTX001", "ACTX002", "ACTX003" };
    private readonly string _work = Path.Combine(Path.GetTempPath(), "activityflow-client-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public void PackedAnalyzers_ReportInBuild_AndDotnetFormatFixesEveryFinding()
    {
        var root = RepositoryRoot();
        var feed = Path.Combine(_work, "artifacts", "packages");
        var pack = DotNet.Run(root, "pack", "nuget/ActivityFlow.Analyzers.Package", "-c", "Release", "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.ToString());

        // The sample, copied so the test never edits the repository; its NuGet.config points at ../artifacts/packages.
        CopyDirectory(Path.Combine(root, "samples"), Path.Combine(_work, "samples"));
        var sample = Path.Combine(_work, "samples", "OrderService");

        var build = DotNet.Run(sample, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
        foreach (var rule in Rules)
        {
            Assert.True(Findings(build.Output, rule) == 1, $"expected one {rule} finding in the sample build:\n{build}");
        }

        var verify = DotNet.Run(sample, "format", "analyzers", "OrderService.csproj", "--diagnostics", "ACTX001", "ACTX002", "ACTX003", "--verify-no-changes");
        Assert.True(verify.ExitCode == 2, "dotnet format --verify-no-changes should exit 2 while findings remain:\n" + verify);

        var format = DotNet.Run(sample, "format", "analyzers", "OrderService.csproj", "--diagnostics", "ACTX001", "ACTX002", "ACTX003");
        Assert.True(format.ExitCode == 0, format.ToString());
        var fixedSources = string.Concat(Directory.GetFiles(sample, "*.cs").Select(File.ReadAllText));
        Assert.Equal(3, Regex.Matches(fixedSources, @"var capturedActivity\w* = Activity\.Current;").Count);

        var rebuild = DotNet.Run(sample, "build", "--no-incremental");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("warning ACTX", rebuild.Output, StringComparison.Ordinal);
    }

    /// <summary>Distinct file(line,col) locations reported for a rule (the build prints each warning twice).</summary>
    private static int Findings(string output, string rule) =>
        Regex.Matches(output, @"(\S+\.cs)\((\d+),(\d+)\): warning " + rule)
            .Select(m => m.Groups[1].Value + m.Groups[2].Value + "," + m.Groups[3].Value)
            .Distinct()
            .Count();

    private static string RepositoryRoot() =>
        typeof(RealClientTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            if (!IsBuildOutput(directory))
            {
                Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!IsBuildOutput(file))
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
            }
        }
    }

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".packages");
}
