using System;
using System.Collections.Generic;
using System.Net.Http;

namespace ActivityFlow.Internal
{
    /// <summary>Test seams: clock, HTTP handler, envelope observer, timings. Production uses the defaults.</summary>
    internal sealed class ExporterSeams
    {
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        public HttpMessageHandler? HttpHandler { get; set; }

        /// <summary>Start the background timer that drives grace windows and timeouts (tests call Tick instead).</summary>
        public bool StartTimer { get; set; } = true;

        /// <summary>Delays between attempts of one envelope to the DSN (5xx, connection failures). Attempts = 1 + length.</summary>
        public TimeSpan[] RetryDelays { get; set; } = { TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1) };

        public TimeSpan ClientReportInterval { get; set; } = TimeSpan.FromSeconds(30);

        public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Work items the send queue holds before it discards (or spills to the cache directory).</summary>
        public int MaxQueuedItems { get; set; } = 1024;

        /// <summary>Sees every serialised envelope, before delivery (the sink seam).</summary>
        public Action<SerializedEnvelope>? EnvelopeObserver { get; set; }

        /// <summary>Resource attributes for <c>contexts.otel.resource</c>; the exporter sets it from its provider.</summary>
        public Func<IReadOnlyList<KeyValuePair<string, object>>>? Resource { get; set; }
    }
}
