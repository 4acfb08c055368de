using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ActivityFlow.Internal
{
    /// <summary>The send worker: hands queued envelopes to the envelope directory and the Sentry SDK, serves flushes,
    /// sends client reports. It runs with OpenTelemetry instrumentation suppressed (see the constructor).</summary>
    internal sealed partial class EnvelopeSender
    {
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
