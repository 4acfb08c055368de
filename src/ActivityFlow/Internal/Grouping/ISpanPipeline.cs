using System;
using System.Diagnostics;
using OpenTelemetry;

namespace ActivityFlow.Internal
{
    /// <summary>Where finished spans wait until they can be sent.</summary>
    internal interface ISpanPipeline
    {
        /// <summary>How often <see cref="Tick"/> should run.</summary>
        TimeSpan TickPeriod { get; }

        /// <summary>Spans held in memory.</summary>
        int PendingCount { get; }

        /// <summary>
        /// Takes a batch of finished spans under one lock (called from the export thread). Unrecorded spans are skipped;
        /// spans without W3C ids, or that fail, are counted in <paramref name="reports"/>; nothing is thrown.
        /// </summary>
        void Add(in Batch<Activity> batch, ClientReports reports);

        /// <summary>Sends what is due by the clock.</summary>
        void Tick();

        /// <summary>Sends everything pending, now.</summary>
        void Drain();
    }

    /// <summary>The pipeline's outlet.</summary>
    internal interface IWorkSink
    {
        void Submit(WorkItem item);
    }
}
