using Sentry.Extensibility;
using Sentry.Protocol.Envelopes;

namespace OrderService.Demo;

/// <summary>
/// The demo has no Sentry to send to: this transport (the Sentry SDK's <c>SentryOptions.Transport</c> extension point)
/// writes each envelope the SDK would send — its errors and ActivityFlow's transactions alike — to a file.
/// </summary>
internal sealed class EnvelopeFileTransport(string directory) : ITransport
{
    private int sequence;

    public async Task SendEnvelopeAsync(Envelope envelope, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, $"{Interlocked.Increment(ref sequence):D6}.envelope");
        await using var file = File.Create(path + ".tmp");
        await envelope.SerializeAsync(file, null, cancellationToken);
        file.Close();
        File.Move(path + ".tmp", path);
    }
}
