using System;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// A running `spotlight server` on 127.0.0.1. Port 0 lets the OS pick a free port, which
/// Spotlight then prints ("Spotlight listening on N"), so there is no race for a port.
/// </summary>
public sealed partial class SpotlightServer : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly ObservedProcess _process;

    private SpotlightServer(ObservedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The URL an SDK posts envelopes to, and the server-sent-events feed.</summary>
    public string StreamUrl => $"http://127.0.0.1:{Port}/stream";

    public string DescribeOutput() => _process.DescribeOutput();

    public static async Task<SpotlightServer> StartAsync()
    {
        var process = SpotlightTool.Start(["server", "-p", "0"]);
        try
        {
            var announced = await process.StandardError.WaitUntilAsync(
                lines => process.HasExited || lines.Any(l => ListeningLine().IsMatch(l)), StartupTimeout);
            var line = process.StandardError.Snapshot().FirstOrDefault(l => ListeningLine().IsMatch(l));
            if (!announced || line is null)
            {
                throw new InvalidOperationException(
                    $"Spotlight did not announce its port within {StartupTimeout}.{Environment.NewLine}{process.DescribeOutput()}");
            }

            var server = new SpotlightServer(process, int.Parse(ListeningLine().Match(line).Groups[1].Value));
            await server.EnsureHealthyAsync();
            return server;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task EnsureHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var body = await http.GetStringAsync("health");
        if (body != "OK")
        {
            throw new InvalidOperationException($"Spotlight /health answered '{body}'.{Environment.NewLine}{DescribeOutput()}");
        }
    }

    [GeneratedRegex(@"Spotlight listening on (\d+)")]
    private static partial Regex ListeningLine();
}
