using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Puts the sources of one repository at one commit into a cache folder, outside this repository. Reads a local
/// bare mirror when one exists (files missing from a partial mirror, such as large binaries, are skipped), else
/// clones from GitHub.
/// </summary>
public static class SourceCheckout
{
    private const string CompleteMarker = ".activityflow-checkout-complete";

    /// <summary>Returns the checkout folder (cached: an earlier complete checkout of the same commit is reused).</summary>
    public static string Ensure(string repository, string commit, string cacheRoot, IReadOnlyList<string> mirrorRoots, TextWriter log)
    {
        var folder = Path.Combine(cacheRoot, "src", repository.Replace('/', '+'), commit[..Math.Min(12, commit.Length)]);
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            return folder;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var gitDirectory = FindMirror(repository, mirrorRoots) ?? CloneBare(repository, cacheRoot, log);
        var (written, missing) = ExtractTree(gitDirectory, commit, folder);
        log.WriteLine($"  checked out {repository}@{commit[..12]}: {written} files{(missing > 0 ? $", {missing} absent from the mirror (large files)" : "")}");
        File.WriteAllText(Path.Combine(folder, CompleteMarker), commit);
        return folder;
    }

    /// <summary>A bare git directory for the repository under one of the mirror roots (layout owner+name/repo).</summary>
    public static string? FindMirror(string repository, IReadOnlyList<string> mirrorRoots)
    {
        foreach (var root in mirrorRoots)
        {
            var candidate = Path.Combine(root, repository.Replace('/', '+'), "repo");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string CloneBare(string repository, string cacheRoot, TextWriter log)
    {
        var target = Path.Combine(cacheRoot, "git", repository.Replace('/', '+') + ".git");
        if (Directory.Exists(target))
        {
            ProcessRunner.Run("git", ["--git-dir", target, "fetch", "--quiet", "origin", "+refs/heads/*:refs/heads/*"]);
            return target;
        }

        log.WriteLine($"  cloning https://github.com/{repository} ...");
        var clone = ProcessRunner.Run("git", ["clone", "--quiet", "--bare", $"https://github.com/{repository}.git", target]);
        if (clone.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{repository}: no local mirror and cloning failed ({clone.StandardError.Trim()}). " +
                $"Bring a mirror first (e.g. the search tool's fetch of github:{repository}) and pass its root with --mirror.");
        }

        return target;
    }

    /// <summary>Writes every blob of the commit's tree; a blob the git directory lacks is counted, not fatal.</summary>
    private static (int Written, int Missing) ExtractTree(string gitDirectory, string commit, string folder)
    {
        var tree = ProcessRunner.Run("git", ["--git-dir", gitDirectory, "ls-tree", "-r", "-z", commit]);
        if (tree.ExitCode != 0)
        {
            throw new InvalidOperationException($"commit {commit} is not in {gitDirectory}: {tree.StandardError.Trim()}");
        }

        var blobs = new List<(string Sha, string Path)>();
        foreach (var record in tree.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <sha>\t<path>"; symbolic links (120000) and submodules are skipped.
            var tab = record.IndexOf('\t');
            if (tab < 0)
            {
                continue; // the line end the output reader appends
            }

            var meta = record[..tab].Split(' ');
            if (meta[1] == "blob" && meta[0] != "120000")
            {
                blobs.Add((meta[2], record[(tab + 1)..]));
            }
        }

        return WriteBlobs(gitDirectory, blobs, folder);
    }

    private static (int Written, int Missing) WriteBlobs(string gitDirectory, List<(string Sha, string Path)> blobs, string folder)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--git-dir", gitDirectory, "cat-file", "--batch" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var input = process.StandardInput;
        var output = process.StandardOutput.BaseStream;
        int written = 0, missing = 0;
        foreach (var (sha, path) in blobs)
        {
            input.Write(sha + "\n");
            input.Flush();
            var header = ReadLine(output).Split(' ');
            if (header.Length < 3 || header[1] == "missing")
            {
                missing++;
                continue;
            }

            var content = ReadExactly(output, int.Parse(header[2]));
            output.ReadByte(); // the newline after each object
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            written++;
        }

        input.Close();
        process.WaitForExit();
        return (written, missing);
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) != -1 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer, 0, count);
        return buffer;
    }
}
