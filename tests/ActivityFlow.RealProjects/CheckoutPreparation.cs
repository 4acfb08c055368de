using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Generic steps that let a scratch checkout build with what this machine has, the same for every repository:
/// the checkout becomes a git repository (Source Link and git versioning need one), the repository's own NuGet.config files go (their private feeds are unreachable; the machine's NuGet
/// configuration applies), and a global.json SDK pin is relaxed to the installed SDK.
/// </summary>
public static class CheckoutPreparation
{
    public static void Prepare(string checkout, string repository, string installedSdkVersion, TextWriter log)
    {
        MakeGitRepository(checkout, repository);

        foreach (var config in Directory.EnumerateFiles(checkout, "*", SearchOption.AllDirectories)
                     .Where(f => string.Equals(Path.GetFileName(f), "nuget.config", StringComparison.OrdinalIgnoreCase)))
        {
            File.Delete(config);
        }

        var globalJson = Path.Combine(checkout, "global.json");
        if (File.Exists(globalJson))
        {
            var root = JsonNode.Parse(File.ReadAllText(globalJson), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })
                       as JsonObject ?? new JsonObject();
            var pinned = root["sdk"]?["version"]?.GetValue<string>();
            root["sdk"] = new JsonObject
            {
                ["version"] = installedSdkVersion,
                ["rollForward"] = "latestMajor",
                ["allowPrerelease"] = true,
            };
            File.WriteAllText(globalJson, root.ToJsonString());
            if (pinned is not null && pinned != installedSdkVersion)
            {
                log.WriteLine($"  global.json pinned SDK {pinned}; using the installed {installedSdkVersion}");
            }
        }
    }

    /// <summary>
    /// Source Link and git-based versioning (Nerdbank.GitVersioning, MinVer) need a git repository with a remote:
    /// the checkout becomes one of a single commit.
    /// </summary>
    private static void MakeGitRepository(string checkout, string repository)
    {
        if (Directory.Exists(Path.Combine(checkout, ".git")))
        {
            return;
        }

        string[][] steps =
        [
            ["init", "--quiet"],
            ["remote", "add", "origin", $"https://github.com/{repository}.git"],
            ["add", "--all"],
            ["-c", "user.name=evaluation", "-c", "user.email=evaluation@localhost", "commit", "--quiet", "--no-verify", "-m", "checkout"],
        ];
        foreach (var step in steps)
        {
            var result = ProcessRunner.Run("git", step, workingDirectory: checkout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"git {step[0]} in {checkout} failed: {result.StandardError.Trim()}");
            }
        }
    }

    /// <summary>The SDK version `dotnet --version` reports outside any global.json.</summary>
    public static string InstalledSdkVersion()
    {
        var result = ProcessRunner.Run("dotnet", ["--version"], workingDirectory: Path.GetTempPath());
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new InvalidOperationException("dotnet --version failed: " + result.StandardError);
    }
}
