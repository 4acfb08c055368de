using System;
using System.Collections.Generic;
using System.Diagnostics;
using OpenTelemetry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Stream mode: per-trace buffers flushed as Span v2 batches when a segment (local root) ends, at 1000 spans, at
    /// about 5 MB, or after the flush interval. Overflow of <c>MaxPendingSpans</c> flushes the oldest buffer: a full
    /// buffer is flushed, never dropped.
    /// </summary>
    internal sealed class StreamPipeline : ISpanPipeline
    {
        public const int FlushAtSpans = 1000;
        public const long FlushAtBytes = 5L * 1024 * 1024;
        public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

        private readonly object _gate = new object();
        private readonly Dictionary<ActivityTraceId, Buffer> _buffers = new Dictionary<ActivityTraceId, Buffer>();
        private readonly IWorkSink _sink;
        private readonly TimeProvider _clock;
        private readonly int _maxPending;
        private readonly long _intervalTicks;
        private int _pending;

        private sealed class Buffer
        {
            public Buffer(ActivityTraceId id, long created)
            {
                TraceId = id;
                Created = created;
            }

            public readonly ActivityTraceId TraceId;
            public readonly long Created;
            public readonly List<Activity> Spans = new List<Activity>();
            public long Bytes;
        }

        public StreamPipeline(ExporterSettings settings, TimeProvider clock, IWorkSink sink)
        {
            _clock = clock;
            _sink = sink;
            _maxPending = settings.MaxPendingSpans;
            _intervalTicks = StaticPipeline.ToTimestamp(FlushInterval, clock);
        }

        public TimeSpan TickPeriod => TimeSpan.FromMilliseconds(250);

        public int PendingCount
        {
            get
            {
                lock (_gate)
                {
                    return _pending;
                }
            }
        }

        public void Add(in Batch<Activity> batch, ClientReports reports)
        {
            long now = _clock.GetTimestamp();
            lock (_gate)
            {
                foreach (Activity activity in batch)
                {
                    try
                    {
                        if (SpanAdmission.Admit(activity, reports))
                        {
                            AddLocked(activity, now);
                        }
                    }
                    catch (Exception e)
                    {
                        SpanAdmission.Failed(e, reports);
                    }
                }
            }
        }

        private void AddLocked(Activity activity, long now)
        {
            long estimate = Estimate(activity);
            if (!_buffers.TryGetValue(activity.TraceId, out Buffer? buffer))
            {
                buffer = new Buffer(activity.TraceId, now);
                _buffers.Add(activity.TraceId, buffer);
            }

            buffer.Spans.Add(activity);
            buffer.Bytes += estimate;
            _pending++;

            if (LocalRoot.Is(activity) || buffer.Spans.Count >= FlushAtSpans || buffer.Bytes >= FlushAtBytes)
            {
                Flush(buffer);
            }

            while (_pending > _maxPending && _buffers.Count > 0)
            {
                Buffer? oldest = null;
                foreach (Buffer b in _buffers.Values)
                {
                    if (oldest is null || b.Created < oldest.Created)
                    {
                        oldest = b;
                    }
                }

                Flush(oldest!);
            }
        }

        public void Tick()
        {
            long now = _clock.GetTimestamp();
            lock (_gate)
            {
                List<Buffer>? due = null;
                foreach (Buffer b in _buffers.Values)
                {
                    if (now - b.Created >= _intervalTicks)
                    {
                        (due ??= new List<Buffer>()).Add(b);
                    }
                }

                if (due is not null)
                {
                    foreach (Buffer b in due)
                    {
                        Flush(b);
                    }
                }
            }
        }

        public void Drain()
        {
            lock (_gate)
            {
                var all = new List<Buffer>(_buffers.Values);
                foreach (Buffer b in all)
                {
                    Flush(b);
                }
            }
        }

        private void Flush(Buffer buffer)
        {
            _buffers.Remove(buffer.TraceId);
            _pending -= buffer.Spans.Count;
            if (buffer.Spans.Count > 0)
            {
                _sink.Submit(new SpanBatchWork(buffer.TraceId, buffer.Spans));
            }
        }

        private static long Estimate(Activity a)
        {
            long bytes = 400 + (a.DisplayName?.Length ?? 0);
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                bytes += 40 + (tag.Key?.Length ?? 0) + (tag.Value is string s ? Math.Min(s.Length, SafeText.MaxStringLength) : 16);
            }

            return bytes;
        }
    }
}
