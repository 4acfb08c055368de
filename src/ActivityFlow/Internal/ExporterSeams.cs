using System;
using System.Collections.Generic;

namespace ActivityFlow.Internal
{
    /// <summary>Test seams: the clock, the timer, an envelope observer, the resource. Production uses the defaults.</summary>
    internal sealed class ExporterSeams
    {
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Start the background timer that drives grace windows and timeouts (tests call Tick instead).</summary>
        public bool StartTimer { get; set; } = true;

        /// <summary>Sees every serialised envelope before it is queued.</summary>
        public Action<SerializedEnvelope>? EnvelopeObserver { get; set; }

        /// <summary>Resource attributes for <c>contexts.otel.resource</c>; the exporter sets it from its provider.</summary>
        public Func<IReadOnlyList<KeyValuePair<string, object>>>? Resource { get; set; }
    }
}
