using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using ActivityFlow.Internal;

namespace ActivityFlow
{
    /// <summary>What <see cref="OrphanAudit"/> found.</summary>
    public enum OrphanFindingKind
    {
        /// <summary>A span whose local parent was never exported (stopped).</summary>
        Orphan,

        /// <summary>A span that ended after its parent ended.</summary>
        LateChild,

        /// <summary>An activity started and never stopped.</summary>
        NeverStopped,

        /// <summary>A new root (no parent at all) started while other traced work was running: context was lost.</summary>
        UnexpectedRoot,
    }

    /// <summary>One finding of an <see cref="OrphanAudit"/>.</summary>
    public sealed class OrphanFinding
    {
        internal OrphanFinding(OrphanFindingKind kind, string source, string operationName, string displayName, ActivityTraceId traceId, ActivitySpanId spanId, ActivitySpanId parentSpanId, string detail)
        {
            Kind = kind;
            Source = source;
            OperationName = operationName;
            DisplayName = displayName;
            TraceId = traceId;
            SpanId = spanId;
            ParentSpanId = parentSpanId;
            Detail = detail;
        }

        /// <summary>The kind of finding.</summary>
        public OrphanFindingKind Kind { get; }

        /// <summary>The ActivitySource name.</summary>
        public string Source { get; }

        /// <summary>The activity's operation name.</summary>
        public string OperationName { get; }

        /// <summary>The activity's display name.</summary>
        public string DisplayName { get; }

        /// <summary>Trace id.</summary>
        public ActivityTraceId TraceId { get; }

        /// <summary>Span id.</summary>
        public ActivitySpanId SpanId { get; }

        /// <summary>Parent span id (default when none).</summary>
        public ActivitySpanId ParentSpanId { get; }

        /// <summary>A human-readable explanation.</summary>
        public string Detail { get; }

        /// <inheritdoc/>
        public override string ToString() => Kind + ": '" + DisplayName + "' (" + Source + ", span " + SpanId.ToHexString() + ", trace " + TraceId.ToHexString() + "): " + Detail;
    }

    /// <summary>The result of an audit.</summary>
    public sealed class OrphanAuditReport
    {
        internal OrphanAuditReport(IReadOnlyList<OrphanFinding> findings, int audited)
        {
            Findings = findings;
            AuditedCount = audited;
        }

        /// <summary>All findings.</summary>
        public IReadOnlyList<OrphanFinding> Findings { get; }

        /// <summary>How many activities were looked at.</summary>
        public int AuditedCount { get; }

        /// <summary>True when nothing was found.</summary>
        public bool IsClean => Findings.Count == 0;

        /// <summary>Spans whose local parent was never exported.</summary>
        public IEnumerable<OrphanFinding> Orphans => Findings.Where(f => f.Kind == OrphanFindingKind.Orphan);

        /// <summary>Spans that ended after their parent.</summary>
        public IEnumerable<OrphanFinding> LateChildren => Findings.Where(f => f.Kind == OrphanFindingKind.LateChild);

        /// <summary>Activities never stopped.</summary>
        public IEnumerable<OrphanFinding> NeverStopped => Findings.Where(f => f.Kind == OrphanFindingKind.NeverStopped);

        /// <summary>New roots started where a parent was expected.</summary>
        public IEnumerable<OrphanFinding> UnexpectedRoots => Findings.Where(f => f.Kind == OrphanFindingKind.UnexpectedRoot);

        /// <summary>Throws <see cref="OrphanAuditException"/> listing every finding unless the report is clean.</summary>
        public void AssertClean()
        {
            if (!IsClean)
            {
                throw new OrphanAuditException(this);
            }
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            if (IsClean)
            {
                return "Orphan audit: " + AuditedCount + " activities, no findings.";
            }

            var sb = new StringBuilder();
            sb.Append("Orphan audit: ").Append(Findings.Count).Append(" finding(s) in ").Append(AuditedCount).Append(" activities:");
            foreach (OrphanFinding f in Findings)
            {
                sb.AppendLine().Append("  - ").Append(f);
            }

            return sb.ToString();
        }
    }

    /// <summary>Thrown by <see cref="OrphanAudit.AssertClean"/>; works as a failure in any test framework.</summary>
    public sealed class OrphanAuditException : Exception
    {
        /// <summary>Creates the exception from a report.</summary>
        public OrphanAuditException(OrphanAuditReport report)
            : base(report?.ToString())
        {
            Report = report!;
        }

        /// <summary>The report that failed.</summary>
        public OrphanAuditReport Report { get; }
    }

    /// <summary>Options of <see cref="OrphanAudit"/>.</summary>
    public sealed class OrphanAuditOptions
    {
        /// <summary>Which ActivitySources to audit (default: all).</summary>
        public Func<ActivitySource, bool>? SourceFilter { get; set; }

        /// <summary>Roots (activities with no parent) that are expected, whatever is running. By default
        /// Server and Consumer kinds are expected roots, and any root started while no other audited activity runs.</summary>
        public Func<Activity, bool>? IsExpectedRoot { get; set; }

        /// <summary>Report late children (default true).</summary>
        public bool ReportLateChildren { get; set; } = true;

        /// <summary>Report unexpected roots (default true).</summary>
        public bool ReportUnexpectedRoots { get; set; } = true;
    }

    /// <summary>
    /// Finds broken traces in a test suite: orphans (a local parent never exported), late children (ended after
    /// their parent), activities never stopped, and new roots started where a parent was expected.
    /// </summary>
    /// <example><code>
    /// using var audit = OrphanAudit.Attach();   // listens to the process's activities
    /// await RunScenario();
    /// audit.AssertClean();                      // one line; throws OrphanAuditException with the findings
    /// // or, with activities you collected: OrphanAudit.Analyze(exported).AssertClean();
    /// </code></example>
    public sealed class OrphanAudit : IDisposable
    {
        private readonly object _gate = new object();
        private readonly OrphanAuditOptions _options;
        private readonly Dictionary<ActivitySpanId, Entry> _entries = new Dictionary<ActivitySpanId, Entry>();
        private readonly List<OrphanFinding> _unexpectedRoots = new List<OrphanFinding>();
        private readonly ActivityListener? _listener;
        private int _running;

        private sealed class Entry
        {
            public Activity Activity = null!;
            public bool Stopped;
            public DateTime EndUtc;
        }

        private OrphanAudit(OrphanAuditOptions options, bool listen)
        {
            _options = options;
            if (listen)
            {
                _listener = new ActivityListener
                {
                    ShouldListenTo = source => options.SourceFilter is null || options.SourceFilter(source),
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                    SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
                    ActivityStarted = OnStarted,
                    ActivityStopped = OnStopped,
                };
                ActivitySource.AddActivityListener(_listener);
            }
        }

        /// <summary>Creates an audit that listens to the process's activities (those started from now on) until disposed.</summary>
        public static OrphanAudit Attach(OrphanAuditOptions? options = null) => new OrphanAudit(options ?? new OrphanAuditOptions(), listen: true);

        /// <summary>Creates an audit that listens to the ActivitySources <paramref name="sourceFilter"/> accepts.</summary>
        public static OrphanAudit Attach(Func<ActivitySource, bool> sourceFilter) => Attach(new OrphanAuditOptions { SourceFilter = sourceFilter });

        /// <summary>Creates an audit fed by hand through <see cref="Record"/>.</summary>
        public static OrphanAudit CreateManual(OrphanAuditOptions? options = null) => new OrphanAudit(options ?? new OrphanAuditOptions(), listen: false);

        /// <summary>Audits activities handed over after they finished (e.g. what an in-memory exporter collected).</summary>
        public static OrphanAuditReport Analyze(IEnumerable<Activity> finished, OrphanAuditOptions? options = null)
        {
            if (finished is null)
            {
                throw new ArgumentNullException(nameof(finished));
            }

            using var audit = CreateManual(options);
            foreach (Activity a in finished)
            {
                audit.Record(a);
            }

            return audit.GetReport();
        }

        /// <summary>Hands a finished (or still running) activity to the audit.</summary>
        public void Record(Activity activity)
        {
            if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            lock (_gate)
            {
                if (!_entries.TryGetValue(activity.SpanId, out Entry? e))
                {
                    e = new Entry { Activity = activity };
                    _entries[activity.SpanId] = e;
                }

                if (activity.Duration > TimeSpan.Zero || activity.IsStopped)
                {
                    e.Stopped = true;
                    e.EndUtc = activity.StartTimeUtc + activity.Duration;
                }
            }
        }

        private void OnStarted(Activity activity)
        {
            if (activity.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            lock (_gate)
            {
                _entries[activity.SpanId] = new Entry { Activity = activity };
                if (_options.ReportUnexpectedRoots && activity.ParentSpanId == default && !activity.HasRemoteParent
                    && _running > 0 && !IsExpectedRoot(activity))
                {
                    _unexpectedRoots.Add(Finding(OrphanFindingKind.UnexpectedRoot, activity,
                        "started as a new root while " + _running + " other audited activit" + (_running == 1 ? "y was" : "ies were") + " running: the caller's Activity.Current did not flow here"));
                }

                _running++;
            }
        }

        private void OnStopped(Activity activity)
        {
            if (activity.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            lock (_gate)
            {
                if (_entries.TryGetValue(activity.SpanId, out Entry? e))
                {
                    if (!e.Stopped)
                    {
                        _running--;
                    }

                    e.Stopped = true;
                    e.EndUtc = activity.StartTimeUtc + activity.Duration;
                }
            }
        }

        private bool IsExpectedRoot(Activity activity)
        {
            if (_options.IsExpectedRoot is not null)
            {
                try
                {
                    return _options.IsExpectedRoot(activity);
                }
                catch
                {
                    return true;
                }
            }

            return activity.Kind == ActivityKind.Server || activity.Kind == ActivityKind.Consumer;
        }

        /// <summary>The findings so far.</summary>
        public OrphanAuditReport GetReport()
        {
            lock (_gate)
            {
                var findings = new List<OrphanFinding>(_unexpectedRoots);
                foreach (Entry e in _entries.Values)
                {
                    Activity a = e.Activity;
                    if (!e.Stopped)
                    {
                        findings.Add(Finding(OrphanFindingKind.NeverStopped, a, "started at " + a.StartTimeUtc.ToString("O") + " and never stopped"));
                    }

                    if (LocalRoot.Is(a))
                    {
                        continue;
                    }

                    if (!_entries.TryGetValue(a.ParentSpanId, out Entry? parent) && _listener is not null)
                    {
                        // Listening: a parent started before the audit, or from a source it does not watch, is out of scope.
                        continue;
                    }

                    if (parent is null || !parent.Stopped)
                    {
                        findings.Add(Finding(OrphanFindingKind.Orphan, a, "its local parent " + a.ParentSpanId.ToHexString() + (parent is null ? " was never seen" : " ('" + parent.Activity.DisplayName + "') was never stopped/exported")));
                        continue;
                    }

                    if (_options.ReportLateChildren && e.Stopped && e.EndUtc > parent.EndUtc)
                    {
                        findings.Add(Finding(OrphanFindingKind.LateChild, a, "ended " + (e.EndUtc - parent.EndUtc).TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " ms after its parent '" + parent.Activity.DisplayName + "'"));
                    }
                }

                if (_listener is null && _options.ReportUnexpectedRoots)
                {
                    AddUnexpectedRootsFromTimes(findings);
                }

                return new OrphanAuditReport(findings, _entries.Count);
            }
        }

        // Without start/stop callbacks, a root is unexpected when it started inside the lifetime of another audited activity
        // (of another trace) and is not an expected kind.
        private void AddUnexpectedRootsFromTimes(List<OrphanFinding> findings)
        {
            var all = _entries.Values.ToList();
            foreach (Entry e in all)
            {
                Activity a = e.Activity;
                if (a.ParentSpanId != default || a.HasRemoteParent || IsExpectedRoot(a))
                {
                    continue;
                }

                Entry? during = null;
                foreach (Entry other in all)
                {
                    if (ReferenceEquals(other, e) || other.Activity.TraceId == a.TraceId)
                    {
                        continue;
                    }

                    DateTime otherEnd = other.Stopped ? other.EndUtc : DateTime.MaxValue;
                    if (other.Activity.StartTimeUtc < a.StartTimeUtc && otherEnd > a.StartTimeUtc)
                    {
                        during = other;
                        break;
                    }
                }

                if (during is not null)
                {
                    findings.Add(Finding(OrphanFindingKind.UnexpectedRoot, a, "started as a new root while '" + during.Activity.DisplayName + "' (trace " + during.Activity.TraceId.ToHexString() + ") was running"));
                }
            }
        }

        /// <summary>Throws <see cref="OrphanAuditException"/> unless nothing was found.</summary>
        public void AssertClean() => GetReport().AssertClean();

        /// <summary>Stops listening.</summary>
        public void Dispose() => _listener?.Dispose();

        private static OrphanFinding Finding(OrphanFindingKind kind, Activity a, string detail) =>
            new OrphanFinding(kind, a.Source?.Name ?? string.Empty, a.OperationName ?? string.Empty, a.DisplayName ?? string.Empty, a.TraceId, a.SpanId, a.ParentSpanId, detail);
    }
}
