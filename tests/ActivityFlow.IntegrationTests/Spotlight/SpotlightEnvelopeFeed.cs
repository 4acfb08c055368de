using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// Subscribes to Spotlight's `/stream` server-sent-events feed, which re-broadcasts every envelope
/// it received with items intact (including Span v2, which its `tail` command does not print).
/// A new subscriber is first replayed Spotlight's buffer, so nothing sent earlier is missed.
/// </summary>
public sealed class SpotlightEnvelopeFeed : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SpotlightEnvelopeFeed(string streamUrl)
    {
        _reader = Task.Run(() => ReadAsync(streamUrl));
    }

    public ArrivalLog<SpotlightEnvelope> Envelopes { get; } = new();

    /// <summary>Set when the feed broke (not when it was stopped on purpose).</summary>
    public Exception? Failure { get; private set; }

    public static async Task<SpotlightEnvelopeFeed> ConnectAsync(string streamUrl)
    {
        var feed = new SpotlightEnvelopeFeed(streamUrl);
        await feed._connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return feed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping the feed on purpose.
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(string streamUrl)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, streamUrl);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            _connected.TrySetResult();
            await ReadEventsAsync(reader);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Failure = e;
            _connected.TrySetException(e);
        }
    }

    private async Task ReadEventsAsync(StreamReader reader)
    {
        string eventType = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.Length == 0)
            {
                // A blank line ends one server-sent event.
                if (data.Length > 0 && eventType.StartsWith("application/x-sentry-envelope", StringComparison.Ordinal))
                {
                    Envelopes.Add(SpotlightEnvelope.Parse(eventType, data.ToString()));
                }

                eventType = "message";
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventType = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                // Per the SSE format, several data lines of one event are joined by newlines.
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line["data:".Length..].TrimStart());
            }
        }
    }
}
