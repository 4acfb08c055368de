using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Sentry.Extensibility;
using Sentry.Protocol.Envelopes;

namespace ActivityFlow.Internal
{
    /// <summary>An envelope item's payload the exporter already serialised: the SDK writes these bytes as they are.</summary>
    internal sealed class PayloadBytes : ISerializable
    {
        private readonly ArraySegment<byte> _bytes;

        public PayloadBytes(ArraySegment<byte> bytes)
        {
            _bytes = bytes;
        }

        public Task SerializeAsync(Stream stream, IDiagnosticLogger? logger, CancellationToken cancellationToken = default) =>
            stream.WriteAsync(_bytes.Array!, _bytes.Offset, _bytes.Count, cancellationToken);

        public void Serialize(Stream stream, IDiagnosticLogger? logger) => stream.Write(_bytes.Array!, _bytes.Offset, _bytes.Count);
    }
}
