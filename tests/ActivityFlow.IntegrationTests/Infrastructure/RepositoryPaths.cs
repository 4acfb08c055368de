using System;
using System.IO;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>Locates files of this repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string SpotlightToolDirectory => Path.Combine(Root, "tests", "tools", "spotlight");

    private static string FindRoot()
    {
        // The repository root is the first ancestor holding Directory.Packages.props.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (a folder with Directory.Packages.props) above {AppContext.BaseDirectory}.");
    }
}
