using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using OpenTelemetry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Grouping's outlet: serialises work items into envelopes (on the caller's thread, so the queue can be bounded in
    /// bytes), queues them, and one background worker hands them to the envelope directory and the Sentry SDK. The worker
    /// runs with OpenTelemetry instrumentation suppressed: nothing the exporter sends or writes is traced. Nothing here
    /// throws into the caller; whatever cannot be sent is counted in client reports.
    /// </summary>
    internal sealed partial class EnvelopeSender : IWorkSink, IDisposable
    {
        private static readonly TimeSpan NoDestinationPoll = TimeSpan.FromMilliseconds(100);

        private readonly ExporterSettings _settings;
        private readonly TimeProvider _clock;
        private readonly EnvelopeSerializer _serializer;
        private readonly ClientReportWriter _reportWriter;
        private readonly SentryDestinations _destinations;
        private readonly EnvelopeFiles? _files;
        private readonly Action<SerializedEnvelope>? _observer;
        private readonly SendQueue _queue;
        private readonly List<SerializedEnvelope> _serialized = new List<SerializedEnvelope>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private readonly Task _worker;
        private bool _busy;
        private long _flushRequested; // Flush calls so far (guarded by the queue's gate)
        private long _flushDone; // the worker has served flush requests up to this one (guarded by the queue's gate)
        private int _flushTimeout; // of the latest flush request: how long the SDK may take to flush (guarded by the queue's gate)
        private bool _stopped;
        private bool _warnedNoDestination;
        private long _lastReport;

        public EnvelopeSender(ExporterSettings settings, TimeProvider clock, SentryDestinations destinations, Func<IReadOnlyList<KeyValuePair<string, object>>>? resource, Action<SerializedEnvelope>? observer)
        {
            _settings = settings;
            _clock = clock;
            _destinations = destinations;
            _observer = observer;
            Reports = new ClientReports(settings.SendClientReports);
            _serializer = new EnvelopeSerializer(clock, () => destinations.Identity, resource);
            _reportWriter = new ClientReportWriter(clock);
            _queue = new SendQueue(settings.MaxQueuedBytes);
            if (settings.EnvelopeDirectory is not null)
            {
                _files = new EnvelopeFiles(settings.EnvelopeDirectory, clock);
            }

            _lastReport = clock.GetTimestamp();
            using (SuppressInstrumentationScope.Begin())
            {
                _worker = Task.Run(RunAsync); // the worker's context keeps the suppression
            }
        }

        public ClientReports Reports { get; }

        /// <summary>Envelopes waiting (tests, diagnostics).</summary>
        public SendQueue Queue => _queue;

        // ------------------------------------------------------------------ the caller's side

        /// <summary>Serialises <paramref name="item"/> and queues its envelopes; a full queue counts them as <c>queue_overflow</c>.</summary>
        public void Submit(WorkItem item)
        {
            List<SerializedEnvelope> envelopes = _serialized;
            try
            {
                _serializer.Serialize(item, envelopes);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("serialize", e);
                Release(envelopes);
                item.CountDiscard(Reports, DiscardReason.InternalSdkError);
                return;
            }

            foreach (SerializedEnvelope envelope in envelopes)
            {
                Observe(envelope);
                bool queued;
                lock (_queue.Gate)
                {
                    queued = !_stopped && _queue.TryEnqueue(envelope);
                }

                if (!queued)
                {
                    envelope.CountDiscard(Reports, DiscardReason.QueueOverflow);
                    envelope.Release();
                }
            }

            envelopes.Clear();
            Wake();
        }

        private void Observe(SerializedEnvelope envelope)
        {
            try
            {
                _observer?.Invoke(envelope);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("observer", e);
            }
        }

        private static void Release(List<SerializedEnvelope> envelopes)
        {
            foreach (SerializedEnvelope envelope in envelopes)
            {
                envelope.Release();
            }

            envelopes.Clear();
        }

        private void Wake()
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }

        /// <summary>Waits until the queue is empty, the worker idle, and every flush requested so far served.</summary>
        public bool WaitForIdle(int timeoutMilliseconds)
        {
            long target;
            lock (_queue.Gate)
            {
                target = _flushRequested;
            }

            return WaitUntil(target, untilIdle: true, timeoutMilliseconds);
        }

        /// <summary>
        /// Delivers everything queued before the call: the worker works through the queue, lets the SDK flush what it
        /// holds (its queue, its offline cache), sends the client report, and only then marks this flush done.
        /// </summary>
        public bool Flush(int timeoutMilliseconds)
        {
            long target;
            lock (_queue.Gate)
            {
                target = ++_flushRequested;
                _flushTimeout = timeoutMilliseconds;
            }

            Wake();
            return WaitUntil(target, untilIdle: false, timeoutMilliseconds);
        }

        private bool WaitUntil(long flushTarget, bool untilIdle, int timeoutMilliseconds)
        {
            var elapsed = Stopwatch.StartNew();
            long limit = timeoutMilliseconds < 0 ? long.MaxValue : timeoutMilliseconds;
            lock (_queue.Gate)
            {
                while (_flushDone < flushTarget || (untilIdle && (_queue.Count > 0 || _busy)))
                {
                    if (_worker.IsCompleted)
                    {
                        return _queue.Count == 0;
                    }

                    long left = limit - elapsed.ElapsedMilliseconds;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_queue.Gate, (int)Math.Min(left, 100));
                }

                return true;
            }
        }

        public bool Shutdown(int timeoutMilliseconds)
        {
            var elapsed = Stopwatch.StartNew();
            bool flushed = Flush(timeoutMilliseconds);
            lock (_queue.Gate)
            {
                _stopped = true;
            }

            _stop.Cancel();
            int left = timeoutMilliseconds < 0 ? Timeout.Infinite : (int)Math.Max(0, timeoutMilliseconds - elapsed.ElapsedMilliseconds);
            bool finished = Wait(_worker, left);
            if (!finished)
            {
                _abort.Cancel(); // out of time: cut in-flight sends, count what is left
                finished = Wait(_worker, 2000);
            }

            int rest = 0;
            while (_queue.TryDequeue(out SerializedEnvelope? envelope))
            {
                envelope!.CountDiscard(Reports, DiscardReason.QueueOverflow);
                envelope.Release();
                rest++;
            }

            return flushed && finished && rest == 0;
        }

        private static bool Wait(Task task, int milliseconds)
        {
            try
            {
                return task.Wait(milliseconds);
            }
            catch (Exception)
            {
                return true; // the worker never faults; cancellation only
            }
        }

        public void Dispose()
        {
            lock (_queue.Gate)
            {
                _stopped = true;
            }

            _stop.Cancel();
            if (!Wait(_worker, 1000))
            {
                _abort.Cancel();
                if (!Wait(_worker, 1000))
                {
                    return; // the worker still uses the serializer; leave it to the GC
                }
            }

            _serializer.Dispose();
            _reportWriter.Dispose();
        }
    }
}
