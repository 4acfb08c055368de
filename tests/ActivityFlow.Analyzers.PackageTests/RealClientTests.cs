using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace ActivityFlow.Analyzers.PackageTests;

/// <summary>
/// Both ActivityFlow packages as users get them: packed to a local feed, restored by PackageReference into a copy of
/// samples/OrderService, reported by `dotnet build`, fixed by `dotnet format analyzers`, and the sample's scenario run
/// before and after the fixes through the ActivityFlow exporter.
/// </summary>
public sealed class RealClientTests : IDisposable
{
    /// <summary>Every rule with a fix: the sample has exactly one finding of each (its .editorconfig makes ACTX301 a warning).</summary>
    private static readonly string[] FixableRules = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "ActivityFlow.CodeFixes", "FixableRules.txt"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private readonly string _work = Path.Combine(Path.GetTempPath(), "activityflow-client-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task PackedPackages_ReportEveryFixableRule_DotnetFormatFixesThem_AndTheFixedScenarioKeepsEveryTraceWhole()
    {
        var root = RepositoryRoot();
        var feed = Path.Combine(_work, "artifacts", "packages");
        // The two packs are independent: run them side by side.
        var packs = await Task.WhenAll(new[] { "nuget/ActivityFlow.Analyzers.Package", "src/ActivityFlow" }
            .Select(project => Task.Run(() => DotNet.Run(root, "pack", project, "-c", "Release", "-o", feed))));
        foreach (var pack in packs)
        {
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }

        // The sample, copied so the test never edits the repository; its NuGet.config points at ../artifacts/packages.
        CopyDirectory(Path.Combine(root, "samples"), Path.Combine(_work, "samples"));
        var sample = Path.Combine(_work, "samples", "OrderService");

        var build = DotNet.Run(sample, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
        var reported = Regex.Matches(build.Output, @"warning (ACTX\d+)").Select(m => m.Groups[1].Value).Distinct().Order().ToArray();
        Assert.Equal(FixableRules, reported);
        foreach (var rule in FixableRules)
        {
            Assert.True(Findings(build.Output, rule) == 1, $"expected one {rule} finding in the sample build:\n{build}");
        }

        var asWritten = RunScenario(sample, "as-written");

        var format = new[] { "format", "analyzers", "OrderService.csproj", "--diagnostics" }.Concat(FixableRules).ToArray();
        var verify = DotNet.Run(sample, format.Append("--verify-no-changes").ToArray());
        Assert.True(verify.ExitCode == 2, "dotnet format --verify-no-changes should exit 2 while findings remain:\n" + verify);

        var fix = DotNet.Run(sample, format);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        var fixedSources = string.Concat(Directory.GetFiles(sample, "*.cs").Select(File.ReadAllText));
        // ACTX001-003 and ACTX006 capture the Activity and re-attach it with the runtime package's ActivityScope.
        Assert.Equal(4, Regex.Matches(fixedSources, @"var capturedActivity\w* = Activity\.Current;").Count);
        Assert.Equal(4, Regex.Matches(fixedSources, @"ActivityScope\.Enter\(capturedActivity\w*\)").Count);

        var rebuild = DotNet.Run(sample, "build", "--no-incremental");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("warning ACTX", rebuild.Output, StringComparison.Ordinal);

        // The exporter loses nothing either way; after the fixes no span of an order starts a trace of its own.
        var afterFixes = RunScenario(sample, "after-fixes");
        Assert.True(LostByActivityFlow(asWritten) == 0, asWritten);
        Assert.True(LostByActivityFlow(afterFixes) == 0, afterFixes);
        Assert.True(NewRoots(asWritten) > 0, asWritten);
        Assert.True(NewRoots(afterFixes) == 0, afterFixes);
    }

    private string RunScenario(string sample, string name)
    {
        var run = DotNet.Run(sample, Path.Combine("bin", "Debug", "net10.0", "OrderService.dll"), "demo", Path.Combine(_work, name));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output;
    }

    private static int LostByActivityFlow(string output) => Figure(output, @"ActivityFlow lost (\d+)");

    private static int NewRoots(string output) => Figure(output, @"new roots: (\d+) span");

    private static int Figure(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"'{pattern}' not found in the scenario output:\n{output}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
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
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".packages" or ".demo");
}
