using System;
using System.Diagnostics;
using System.IO;
using ActivityFlow.IntegrationTests.Infrastructure;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>Starts the Spotlight CLI installed by npm in tests/tools/spotlight.</summary>
internal static class SpotlightTool
{
    private const string InstallHint =
        "Node.js 20 or later with npm (part of this project's machine image), then `cd tests/tools/spotlight && npm ci`";

    public static string ToolDirectory => RepositoryPaths.SpotlightToolDirectory;

    /// <summary>The package's `bin.spotlight` entry (package.json of @spotlightjs/spotlight 4.11.8).</summary>
    public static string CliEntryPoint =>
        Path.Combine(ToolDirectory, "node_modules", "@spotlightjs", "spotlight", "dist", "run.js");

    /// <summary>Our preload that keeps the sidecar on 127.0.0.1 (it has no host option).</summary>
    public static string LoopbackPreload => Path.Combine(ToolDirectory, "loopback-only.mjs");

    public static ObservedProcess Start(string[] cliArguments, Action<string>? onOutputLine = null)
    {
        if (!File.Exists(CliEntryPoint))
        {
            throw new MissingPrerequisiteException($"Spotlight CLI at {CliEntryPoint}", InstallHint);
        }

        var startInfo = new ProcessStartInfo("node") { WorkingDirectory = ToolDirectory };
        startInfo.ArgumentList.Add("--import");
        startInfo.ArgumentList.Add(new Uri(LoopbackPreload).AbsoluteUri);
        startInfo.ArgumentList.Add(CliEntryPoint);
        foreach (var argument in cliArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // With SENTRY_SPOTLIGHT set, Spotlight's own Sentry SDK would report Spotlight's
        // internal spans into the very sidecar under test.
        startInfo.Environment.Remove("SENTRY_SPOTLIGHT");
        startInfo.Environment["NO_COLOR"] = "1";
        return ObservedProcess.Start(startInfo, InstallHint, onOutputLine);
    }
}
