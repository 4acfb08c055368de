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
    internal sealed class EnvelopeSender : IWorkSink, IDisposable
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

        private int _flushTimeout;

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

        // ------------------------------------------------------------------ the worker

        private async Task RunAsync()
        {
            CancellationToken stop = _stop.Token;
            bool wait = true;
            while (true)
            {
                if (wait)
                {
                    try
                    {
                        await _signal.WaitAsync(_settings.ClientReportInterval, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // deliver what is queued, then leave
                    }
                }

                wait = true;

                await DrainQueueAsync().ConfigureAwait(false);

                // A flush is served only with the queue seen empty under the same lock as its request: what was queued
                // before the request has then been handed over (envelopes queued while the drain above ran go first).
                long flushTarget;
                int flushTimeout;
                lock (_queue.Gate)
                {
                    if (_queue.Count > 0 && !stop.IsCancellationRequested && !NowhereToSend)
                    {
                        wait = false;
                        continue;
                    }

                    flushTarget = _flushRequested > _flushDone ? _flushRequested : 0;
                    flushTimeout = _flushTimeout;
                }

                long now = _clock.GetTimestamp();
                if (flushTarget > 0 || stop.IsCancellationRequested
                    || _clock.GetElapsedTime(_lastReport, now) >= _settings.ClientReportInterval)
                {
                    _lastReport = now;
                    await SendClientReportAsync().ConfigureAwait(false);
                }

                if (flushTarget > 0)
                {
                    await FlushSdkAsync(flushTimeout).ConfigureAwait(false);
                    lock (_queue.Gate)
                    {
                        _flushDone = flushTarget;
                    }
                }

                lock (_queue.Gate)
                {
                    if (_queue.Count == 0)
                    {
                        _busy = false;
                    }

                    Monitor.PulseAll(_queue.Gate);
                    if (stop.IsCancellationRequested && (_queue.Count == 0 || NowhereToSend))
                    {
                        return; // Shutdown counts what is left
                    }
                }
            }
        }

        private async Task DrainQueueAsync()
        {
            while (true)
            {
                if (NowhereToSend)
                {
                    // Nowhere to send yet (the application may initialise Sentry later): the envelopes wait, bounded.
                    if (!_warnedNoDestination && _queue.Count > 0)
                    {
                        _warnedNoDestination = true;
                        ActivityFlowEventSource.Log.NoDestination();
                    }

                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(NoDestinationPoll, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    continue;
                }

                SerializedEnvelope? envelope;
                lock (_queue.Gate)
                {
                    if (!_queue.TryDequeue(out envelope))
                    {
                        return;
                    }

                    _busy = true;
                }

                try
                {
                    await DeliverAsync(envelope!).ConfigureAwait(false);
                }
                finally
                {
                    envelope!.Release();
                }
            }
        }

        private bool NowhereToSend => _files is null && _destinations.Current is null;

        private async Task DeliverAsync(SerializedEnvelope envelope)
        {
            _files?.Write(envelope);
            SentryDestination? destination = _destinations.Current;
            if (destination is null)
            {
                return;
            }

            try
            {
                if (await destination.SendAsync(envelope, _abort.Token).ConfigureAwait(false))
                {
                    ActivityFlowEventSource.Log.Sent(destination.Name);
                }
                else
                {
                    ActivityFlowEventSource.Log.SendFailed(destination.Name, "the SDK's queue is full (counted by the SDK as queue_overflow)");
                }
            }
            catch (Exception e)
            {
                // The SDK's HTTP transport throws on a failed connection; an HTTP error status it counts itself.
                ActivityFlowEventSource.Log.SendFailed(destination.Name, e.GetType().Name + ": " + e.Message);
                envelope.CountDiscard(Reports, DiscardReason.NetworkError);
            }
        }

        private async Task FlushSdkAsync(int timeoutMilliseconds)
        {
            SentryDestination? destination = _destinations.Current;
            if (destination is null)
            {
                return;
            }

            try
            {
                TimeSpan timeout = timeoutMilliseconds < 0 ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(timeoutMilliseconds);
                await destination.FlushAsync(timeout).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("flush", e);
            }
        }

        private async Task SendClientReportAsync()
        {
            if (!Reports.Enabled || !Reports.HasPending)
            {
                return;
            }

            SentryDestination? destination = _destinations.Current;
            if (destination is null && _files is null)
            {
                return; // kept for when there is somewhere to send them
            }

            List<(DiscardReason, DataCategory, long)> entries = Reports.Take();
            SerializedEnvelope? envelope = null;
            try
            {
                envelope = _reportWriter.Write(entries, _destinations.Identity);
                if (envelope is null)
                {
                    return;
                }

                Observe(envelope);
                _files?.Write(envelope);
                if (destination is not null)
                {
                    await destination.SendAsync(envelope, _abort.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.SendFailed("client report", e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                envelope?.Release();
            }
        }
    }
}
