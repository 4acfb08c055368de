using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// The bounded send queue and its background worker: serialises work items into envelopes and delivers them to
    /// the envelope directory, Spotlight and the DSN (gzip, auth, rate limits, retries, cache directory, client reports).
    /// Nothing here throws into the caller.
    /// </summary>
    internal sealed class Dispatcher : IWorkSink, IDisposable
    {
        public const string ContentType = "application/x-sentry-envelope";

        private readonly ExporterSettings _settings;
        private readonly ExporterSeams _seams;
        private readonly TimeProvider _clock;
        private readonly Queue<WorkItem> _queue = new Queue<WorkItem>();
        private readonly object _queueGate = new object();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private readonly HttpClient? _http;
        private readonly EnvelopeCache? _cache;
        private readonly EnvelopeSerializer _serializer;
        private readonly object _overflowGate = new object();
        private EnvelopeSerializer? _overflowSerializer;
        private readonly string? _authHeader;
        private readonly Task _worker;
        private bool _busy = true; // until the start-up cache replay is done
        private long _flushRequested; // ForceFlush calls so far (guarded by _queueGate)
        private long _flushDone; // the worker has finished the pass that serves flush requests up to this one (guarded by _queueGate)
        private bool _stopped;

        // 1 when the cache directory may hold files that no replay has listed yet. Whoever stores a file sets it after
        // the file is in place; a replay clears it before it lists the directory, so a file stored while a replay runs
        // is never forgotten (the next successful send or flush looks again).
        private int _cacheDirty = 1;
        private long _lastReport;
        private int _fileSequence;

        public Dispatcher(ExporterSettings settings, ExporterSeams seams)
        {
            _settings = settings;
            _seams = seams;
            _clock = seams.Clock;
            Reports = new ClientReports(settings.SendClientReports && settings.Dsn is not null);
            RateLimits = new RateLimits(_clock);
            _serializer = new EnvelopeSerializer(settings, _clock, () => (_seams.Resource ?? Empty)());
            if (settings.Dsn is not null || settings.SpotlightUrl is not null)
            {
                _http = seams.HttpHandler is null ? new HttpClient(CreateHandler(), disposeHandler: true) : new HttpClient(seams.HttpHandler, disposeHandler: false);
                _http.Timeout = seams.HttpTimeout;
            }

            if (settings.Dsn is not null)
            {
                Dsn dsn = settings.Dsn;
                _authHeader = "Sentry sentry_version=7, sentry_client=" + EnvelopeSerializer.SdkName + "/" + EnvelopeSerializer.SdkVersion
                    + ", sentry_key=" + dsn.PublicKey + (dsn.SecretKey is null ? string.Empty : ", sentry_secret=" + dsn.SecretKey);
                if (settings.CacheDirectory is not null)
                {
                    _cache = new EnvelopeCache(settings.CacheDirectory, settings.MaxCacheItems, Reports);
                }
            }

            _lastReport = _clock.GetTimestamp();
            _worker = Task.Run(RunAsync);
        }

        private static HttpMessageHandler CreateHandler()
        {
#if NET
            // A long-lived client: recycle connections so DNS changes of the ingest host are seen.
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
            return new HttpClientHandler();
#endif
        }

        private static IReadOnlyList<KeyValuePair<string, object>> Empty() => Array.Empty<KeyValuePair<string, object>>();

        public ClientReports Reports { get; }

        public RateLimits RateLimits { get; }

        internal EnvelopeCache? Cache => _cache;

        // ------------------------------------------------------------------ queue

        public void Submit(WorkItem item)
        {
            bool overflow;
            lock (_queueGate)
            {
                overflow = _stopped || _queue.Count >= _seams.MaxQueuedItems;
                if (!overflow)
                {
                    _queue.Enqueue(item);
                }
            }

            if (overflow)
            {
                Overflow(item);
                return;
            }

            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }

        /// <summary>A full queue spills to the cache directory when there is one; otherwise the item is counted as discarded.</summary>
        private void Overflow(WorkItem item)
        {
            if (_cache is not null)
            {
                try
                {
                    lock (_overflowGate)
                    {
                        _overflowSerializer ??= new EnvelopeSerializer(_settings, _clock, () => (_seams.Resource ?? Empty)());
                        foreach (SerializedEnvelope envelope in _overflowSerializer.Serialize(item))
                        {
                            try
                            {
                                _seams.EnvelopeObserver?.Invoke(envelope);
                                if (_cache.Store(envelope))
                                {
                                    Volatile.Write(ref _cacheDirty, 1);
                                }
                                else
                                {
                                    envelope.CountDiscard(Reports, DiscardReason.QueueOverflow);
                                }
                            }
                            finally
                            {
                                envelope.Release();
                            }
                        }
                    }

                    return;
                }
                catch (Exception e)
                {
                    ActivityFlowEventSource.Log.ExporterError("overflow", e);
                }
            }

            item.CountDiscard(Reports, DiscardReason.QueueOverflow);
        }

        private bool TryDequeue(out WorkItem? item)
        {
            lock (_queueGate)
            {
                if (_queue.Count > 0)
                {
                    item = _queue.Dequeue();
                    _busy = true;
                    return true;
                }

                item = null;
                return false;
            }
        }

        /// <summary>Waits until the queue is empty, the worker idle, and every flush requested so far served.</summary>
        public bool WaitForIdle(int timeoutMilliseconds)
        {
            long target;
            lock (_queueGate)
            {
                target = _flushRequested;
            }

            return WaitUntil(target, untilIdle: true, timeoutMilliseconds);
        }

        /// <summary>
        /// Delivers everything submitted before the call: the worker works through the queue (in-flight sends included),
        /// replays the cache directory (oldest first, until the first envelope that still cannot be delivered), sends the
        /// client report, and only then marks this flush done. Work submitted after the call does not hold it up.
        /// </summary>
        public bool Flush(int timeoutMilliseconds)
        {
            long target;
            lock (_queueGate)
            {
                target = ++_flushRequested;
            }

            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }

            return WaitUntil(target, untilIdle: false, timeoutMilliseconds);
        }

        private bool WaitUntil(long flushTarget, bool untilIdle, int timeoutMilliseconds)
        {
            var elapsed = System.Diagnostics.Stopwatch.StartNew();
            long limit = timeoutMilliseconds < 0 ? long.MaxValue : timeoutMilliseconds;
            lock (_queueGate)
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

                    Monitor.Wait(_queueGate, (int)Math.Min(left, 100));
                }

                return true;
            }
        }

        public bool Shutdown(int timeoutMilliseconds)
        {
            var elapsed = System.Diagnostics.Stopwatch.StartNew();
            bool flushed = Flush(timeoutMilliseconds);
            lock (_queueGate)
            {
                _stopped = true;
            }

            _stop.Cancel();
            int left = timeoutMilliseconds < 0 ? Timeout.Infinite : (int)Math.Max(0, timeoutMilliseconds - elapsed.ElapsedMilliseconds);
            bool finished = Wait(_worker, left);
            if (!finished)
            {
                // Out of time: cut in-flight requests (their envelopes go to the cache directory, or are counted),
                // then spill or count whatever is still queued. Nothing leaves uncounted.
                _abort.Cancel();
                finished = Wait(_worker, 2000);
            }

            var rest = new List<WorkItem>();
            lock (_queueGate)
            {
                while (_queue.Count > 0)
                {
                    rest.Add(_queue.Dequeue());
                }
            }

            foreach (WorkItem item in rest)
            {
                Overflow(item);
            }

            return flushed && finished && rest.Count == 0;
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
            lock (_queueGate)
            {
                _stopped = true;
            }

            _stop.Cancel();
            if (!Wait(_worker, 1000))
            {
                _abort.Cancel();
                if (!Wait(_worker, 1000))
                {
                    return; // the worker still uses the client and serializer; leave them to the GC
                }
            }

            _http?.Dispose();
            _serializer.Dispose();
        }

        // ------------------------------------------------------------------ worker

        private async Task RunAsync()
        {
            await ReplayCacheSafelyAsync().ConfigureAwait(false);
            MarkIdleIfEmpty();
            CancellationToken token = _stop.Token;
            while (true)
            {
                try
                {
                    await _signal.WaitAsync(_seams.ClientReportInterval, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // drain below, then leave
                }

                while (TryDequeue(out WorkItem? item))
                {
                    await ProcessAsync(item!).ConfigureAwait(false);
                }

                // Read after the queue was seen empty: everything submitted before these flush requests has been processed.
                long flushTarget;
                lock (_queueGate)
                {
                    flushTarget = _flushRequested > _flushDone ? _flushRequested : 0;
                }

                if (flushTarget > 0 && !_abort.IsCancellationRequested && Volatile.Read(ref _cacheDirty) != 0)
                {
                    await ReplayCacheSafelyAsync().ConfigureAwait(false);
                }

                long now = _clock.GetTimestamp();
                if (flushTarget > 0 || token.IsCancellationRequested
                    || (now - _lastReport) >= StaticPipeline.ToTimestamp(_seams.ClientReportInterval, _clock))
                {
                    _lastReport = now;
                    await SendClientReportAsync().ConfigureAwait(false);
                }

                if (flushTarget > 0)
                {
                    lock (_queueGate)
                    {
                        _flushDone = flushTarget;
                    }
                }

                MarkIdleIfEmpty();
                if (token.IsCancellationRequested)
                {
                    lock (_queueGate)
                    {
                        if (_queue.Count == 0)
                        {
                            Monitor.PulseAll(_queueGate);
                            return;
                        }
                    }
                }
            }
        }

        private void MarkIdleIfEmpty()
        {
            lock (_queueGate)
            {
                if (_queue.Count == 0)
                {
                    _busy = false;
                }

                Monitor.PulseAll(_queueGate);
            }
        }

        /// <summary>The worker's envelopes of one work item (one worker, so one list, reused).</summary>
        private readonly List<SerializedEnvelope> _envelopes = new List<SerializedEnvelope>();

        private async Task ProcessAsync(WorkItem item)
        {
            List<SerializedEnvelope> envelopes = _envelopes;
            try
            {
                try
                {
                    _serializer.Serialize(item, envelopes);
                }
                catch (Exception e)
                {
                    ActivityFlowEventSource.Log.ExporterError("serialize", e);
                    item.CountDiscard(Reports, DiscardReason.InternalSdkError);
                    return;
                }

                for (int i = 0; i < envelopes.Count; i++)
                {
                    SerializedEnvelope envelope = envelopes[i];
                    try
                    {
                        _seams.EnvelopeObserver?.Invoke(envelope);
                    }
                    catch (Exception e)
                    {
                        ActivityFlowEventSource.Log.ExporterError("observer", e);
                    }

                    await DeliverAsync(envelope).ConfigureAwait(false);
                    envelope.Release();
                }
            }
            finally
            {
                foreach (SerializedEnvelope envelope in envelopes)
                {
                    envelope.Release(); // those a failure left behind; releasing twice is harmless
                }

                envelopes.Clear();
            }
        }

        private async Task DeliverAsync(SerializedEnvelope envelope)
        {
            if (_settings.EnvelopeDirectory is not null)
            {
                WriteFile(envelope);
            }

            if (_settings.SpotlightUrl is not null)
            {
                try
                {
                    using HttpResponseMessage response = await PostAsync(_settings.SpotlightUrl, envelope.Bytes, gzipped: false, auth: false).ConfigureAwait(false);
                    ActivityFlowEventSource.Log.Sent("spotlight", (int)response.StatusCode);
                }
                catch (Exception e)
                {
                    ActivityFlowEventSource.Log.SendFailed("spotlight", 1, e.GetType().Name + ": " + e.Message);
                }
            }

            if (_settings.Dsn is not null)
            {
                try
                {
                    await SendToSentryAsync(envelope, fromCache: false).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    ActivityFlowEventSource.Log.ExporterError("send", e);
                    envelope.CountDiscard(Reports, DiscardReason.InternalSdkError);
                }
            }
        }

        private void WriteFile(SerializedEnvelope envelope)
        {
            try
            {
                string dir = _settings.EnvelopeDirectory!;
                Directory.CreateDirectory(dir);
                string name = _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture) + "_"
                    + Interlocked.Increment(ref _fileSequence).ToString("D6", CultureInfo.InvariantCulture) + "_"
                    + Names.Of(envelope.Category) + ".envelope";
                string path = Path.Combine(dir, name);
                envelope.WriteTo(path + ".tmp");
                File.Move(path + ".tmp", path);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.SendFailed("envelope directory", 1, e.GetType().Name + ": " + e.Message);
            }
        }

        private enum Outcome
        {
            Sent,
            Dropped,
            Retryable,
        }

        /// <summary>Sends to the DSN with retries; after the last failed attempt the envelope goes to the cache directory or is counted.</summary>
        private async Task<Outcome> SendToSentryAsync(SerializedEnvelope envelope, bool fromCache)
        {
            if (RateLimits.IsLimited(envelope.Category))
            {
                if (fromCache)
                {
                    return Outcome.Retryable; // keep the file for later
                }

                envelope.CountDiscard(Reports, DiscardReason.RateLimitBackoff);
                return Outcome.Dropped;
            }

            int attempts = fromCache ? 1 : 1 + _seams.RetryDelays.Length;
            byte[] compressed = Gzip(envelope.Bytes); // once for all attempts
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                Outcome outcome = await AttemptAsync(envelope, compressed, attempt).ConfigureAwait(false);
                if (outcome == Outcome.Sent)
                {
                    if (!fromCache && Volatile.Read(ref _cacheDirty) != 0)
                    {
                        await ReplayCacheSafelyAsync().ConfigureAwait(false); // never throws: this envelope was delivered
                    }

                    return outcome;
                }

                if (outcome == Outcome.Dropped)
                {
                    return outcome;
                }

                if (attempt < attempts)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        break; // shutting down: no more waiting, straight to the cache (or counted)
                    }

                    try
                    {
                        await Task.Delay(_seams.RetryDelays[attempt - 1], _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }

            if (fromCache)
            {
                return Outcome.Retryable;
            }

            if (_cache is not null && _cache.Store(envelope))
            {
                Volatile.Write(ref _cacheDirty, 1);
                return Outcome.Retryable;
            }

            envelope.CountDiscard(Reports, DiscardReason.NetworkError);
            return Outcome.Dropped;
        }

        private async Task<Outcome> AttemptAsync(SerializedEnvelope envelope, byte[] compressed, int attempt)
        {
            HttpResponseMessage response;
            try
            {
                response = await PostAsync(_settings.Dsn!.EnvelopeUri, new ArraySegment<byte>(compressed), gzipped: true, auth: true).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.SendFailed(_settings.Dsn!.ToString(), attempt, e.GetType().Name + ": " + e.Message);
                return Outcome.Retryable;
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                string? limits = Header(response, "X-Sentry-Rate-Limits");
                string? retryAfter = Header(response, "Retry-After");
                if (limits is not null || status == 429)
                {
                    RateLimits.Update(status, limits, retryAfter);
                    ActivityFlowEventSource.Log.RateLimited(_settings.Dsn!.ToString(), limits ?? ("429 Retry-After " + (retryAfter ?? "(none)")));
                }

                if (status >= 200 && status < 300)
                {
                    ActivityFlowEventSource.Log.Sent(_settings.Dsn!.ToString(), status);
                    return Outcome.Sent;
                }

                ActivityFlowEventSource.Log.SendFailed(_settings.Dsn!.ToString(), attempt, "HTTP " + status.ToString(CultureInfo.InvariantCulture));
                if (status == 429)
                {
                    // The server dropped it and says so: not recorded again, not retried.
                    return Outcome.Dropped;
                }

                if (status >= 500 || status == 408)
                {
                    return Outcome.Retryable;
                }

                envelope.CountDiscard(Reports, DiscardReason.SendError);
                return Outcome.Dropped;
            }
        }

        private static string? Header(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out IEnumerable<string>? values))
            {
                return string.Join(",", values);
            }

            return null;
        }

        /// <summary>POSTs <paramref name="body"/> (already gzip-compressed when <paramref name="gzipped"/>).</summary>
        private async Task<HttpResponseMessage> PostAsync(Uri uri, ArraySegment<byte> body, bool gzipped, bool auth)
        {
            var content = new ByteArrayContent(body.Array!, body.Offset, body.Count);
            content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
            if (gzipped)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            request.Headers.TryAddWithoutValidation("User-Agent", EnvelopeSerializer.SdkName + "/" + EnvelopeSerializer.SdkVersion);
            if (auth && _authHeader is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Sentry-Auth", _authHeader);
            }

            using (request)
            {
                return await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _abort.Token).ConfigureAwait(false);
            }
        }

        internal static byte[] Gzip(ArraySegment<byte> body)
        {
            using var output = new MemoryStream(body.Count / 3 + 64);
            using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(body.Array!, body.Offset, body.Count);
            }

            return output.ToArray();
        }

        /// <summary>Replays the cache; a failure is logged and leaves the cache marked for the next attempt.</summary>
        private async Task ReplayCacheSafelyAsync()
        {
            try
            {
                await ReplayCacheAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _cacheDirty, 1);
                ActivityFlowEventSource.Log.ExporterError("cache replay", e);
            }
        }

        /// <summary>
        /// Sends cached envelopes, oldest first (worker only, so no file is sent twice). Files of a rate-limited category
        /// are kept for later; the replay stops at the first envelope that still cannot be delivered.
        /// </summary>
        private async Task ReplayCacheAsync()
        {
            if (_cache is null)
            {
                Volatile.Write(ref _cacheDirty, 0);
                return;
            }

            // Cleared before listing (see _cacheDirty): a file stored from now on marks the cache again.
            Interlocked.Exchange(ref _cacheDirty, 0);
            foreach (string file in _cache.Files())
            {
                if (_abort.IsCancellationRequested || RateLimits.IsLimited(EnvelopeCache.CategoryOf(file)))
                {
                    Volatile.Write(ref _cacheDirty, 1); // kept for later
                    if (_abort.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                SerializedEnvelope? envelope = _cache.Claim(file);
                if (envelope is null)
                {
                    continue; // evicted meanwhile, or unreadable (then deleted and counted)
                }

                try
                {
                    Outcome outcome = await SendToSentryAsync(envelope, fromCache: true).ConfigureAwait(false);
                    if (outcome == Outcome.Retryable)
                    {
                        Volatile.Write(ref _cacheDirty, 1);
                        return;
                    }

                    _cache.TryDelete(file);
                }
                finally
                {
                    _cache.Release();
                }
            }
        }

        private async Task SendClientReportAsync()
        {
            if (!Reports.Enabled || !Reports.HasPending || _settings.Dsn is null)
            {
                return;
            }

            List<(DiscardReason, DataCategory, long)> entries = Reports.Take();
            try
            {
                SerializedEnvelope? envelope = _serializer.SerializeClientReport(entries);
                if (envelope is null)
                {
                    return;
                }

                try
                {
                    _seams.EnvelopeObserver?.Invoke(envelope);
                    if (_settings.EnvelopeDirectory is not null)
                    {
                        WriteFile(envelope);
                    }

                    using HttpResponseMessage response = await PostAsync(_settings.Dsn.EnvelopeUri, new ArraySegment<byte>(Gzip(envelope.Bytes)), gzipped: true, auth: true).ConfigureAwait(false);
                    RateLimits.Update((int)response.StatusCode, Header(response, "X-Sentry-Rate-Limits"), Header(response, "Retry-After"));
                }
                finally
                {
                    envelope.Release();
                }
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.SendFailed("client report", 1, e.GetType().Name + ": " + e.Message);
            }
        }
    }
}
