using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// A child process whose stdout and stderr lines are collected as they arrive, and whose whole
/// process tree is killed on dispose.
/// </summary>
public sealed class ObservedProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ObservedProcess(Process process)
    {
        _process = process;
    }

    public ArrivalLog<string> StandardOutput { get; } = new();

    public ArrivalLog<string> StandardError { get; } = new();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="onOutputLine">Also called with each stdout line, in order, as it arrives.</param>
    public static ObservedProcess Start(ProcessStartInfo startInfo, string installHint, Action<string>? onOutputLine = null)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var observed = new ObservedProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            AddLine(observed.StandardOutput, e.Data);
            if (e.Data is not null)
            {
                onOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => AddLine(observed.StandardError, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new MissingPrerequisiteException($"'{startInfo.FileName}' cannot be started ({e.Message})", installHint);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return observed;
    }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string DescribeOutput()
    {
        var lines = new List<string> { $"--- stdout of pid {_process.Id}:" };
        lines.AddRange(StandardOutput.Snapshot());
        lines.Add("--- stderr:");
        lines.AddRange(StandardError.Snapshot());
        return string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void AddLine(ArrivalLog<string> log, string? line)
    {
        if (line is not null)
        {
            log.Add(line);
        }
    }
}
