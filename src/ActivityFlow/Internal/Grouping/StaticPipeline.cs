using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using OpenTelemetry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Static mode: one transaction per local root. Pending spans form a forest keyed by span id (placeholders stand in
    /// for parents not seen yet). A span whose parent is in the sent-span cache is sent at once; a root waits the grace
    /// window; a span whose parent never arrives is promoted after the pending timeout; overflow promotes the oldest.
    /// </summary>
    internal sealed class StaticPipeline : ISpanPipeline
    {
        private readonly object _gate = new object();
        private readonly Dictionary<ulong, Node> _nodes = new Dictionary<ulong, Node>();
        private readonly Queue<Node> _graceQueue = new Queue<Node>();
        private readonly Stack<Node> _walk = new Stack<Node>();
        private readonly SentSpanCache _sent;
        private readonly IWorkSink _sink;
        private readonly TimeProvider _clock;
        private readonly long _graceTicks;
        private readonly long _timeoutTicks;
        private readonly int _maxPending;
        private Node? _oldest;
        private Node? _newest;
        private int _pending;

        /// <summary>Nodes no longer in the forest, kept for reuse (linked through <see cref="Node.NextSibling"/>).</summary>
        private Node? _free;
        private int _freeCount;

        /// <summary>One span id in the forest: a pending span, or a placeholder for a parent not seen yet.</summary>
        private sealed class Node
        {
            /// <summary>The span id as <see cref="SentSpanCache.ToKey(ActivitySpanId)"/> gives it.</summary>
            public ulong Key;
            public Activity? Activity;
            public Node? Parent;
            public Node? FirstChild;
            public Node? NextSibling;
            public Node? PrevSibling;
            public Node? Older;
            public Node? Newer;
            public long Arrival;
            public long Due;
            public bool IsRoot;
            public bool Sent;

            /// <summary>In the grace queue: reused only once the queue has let go of it.</summary>
            public bool InGraceQueue;
        }

        public StaticPipeline(ExporterSettings settings, TimeProvider clock, IWorkSink sink)
        {
            _clock = clock;
            _sink = sink;
            _sent = new SentSpanCache(settings.SentSpanCacheCapacity);
            _graceTicks = ToTimestamp(settings.RootGraceWindow, clock);
            _timeoutTicks = ToTimestamp(settings.PendingSpanTimeout, clock);
            _maxPending = settings.MaxPendingSpans;
            long periodMs = (long)Math.Min(Math.Max(settings.RootGraceWindow.TotalMilliseconds / 4, 10), 250);
            TickPeriod = TimeSpan.FromMilliseconds(periodMs);
        }

        public TimeSpan TickPeriod { get; }

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

        /// <summary>Nodes in the index, placeholders included (tests: nothing leaks).</summary>
        internal int NodeCount
        {
            get
            {
                lock (_gate)
                {
                    return _nodes.Count;
                }
            }
        }

        internal static long ToTimestamp(TimeSpan span, TimeProvider clock) =>
            (long)Math.Min(span.TotalSeconds * clock.TimestampFrequency, long.MaxValue / 4);

        /// <summary>A span as the grouping pass needs it.</summary>
        private struct Arrival
        {
            public Activity Activity;
            public ulong Key;
            public ulong ParentKey;
            public bool IsRoot;
        }

        public void Add(in Batch<Activity> batch, ClientReports reports)
        {
            // Two passes. By export time a batch's activities have left the CPU caches; reading their ids in a short
            // loop lets the CPU overlap those misses across activities (the grouping work between them would not).
            Arrival[] arrivals = ArrayPool<Arrival>.Shared.Rent((int)Math.Min(batch.Count, int.MaxValue));
            try
            {
                int count = 0;
                foreach (Activity activity in batch)
                {
                    try
                    {
                        if (SpanAdmission.Admit(activity, reports))
                        {
                            arrivals[count++] = Arrive(activity);
                        }
                    }
                    catch (Exception e)
                    {
                        SpanAdmission.Failed(e, reports);
                    }
                }

                long now = _clock.GetTimestamp();
                lock (_gate)
                {
                    for (int i = 0; i < count; i++)
                    {
                        try
                        {
                            AddLocked(in arrivals[i], now);
                        }
                        catch (Exception e)
                        {
                            SpanAdmission.Failed(e, reports);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<Arrival>.Shared.Return(arrivals, clearArray: true); // let go of the activities
            }
        }

        private static Arrival Arrive(Activity activity)
        {
            bool isRoot = LocalRoot.Is(activity);
            return new Arrival
            {
                Activity = activity,
                Key = SentSpanCache.ToKey(activity.SpanId),
                ParentKey = isRoot ? 0 : SentSpanCache.ToKey(activity.ParentSpanId),
                IsRoot = isRoot,
            };
        }

        private void AddLocked(in Arrival arrival, long now)
        {
            Activity activity = arrival.Activity;
            bool isRoot = arrival.IsRoot;
            ulong key = arrival.Key;
            ulong parentKey = arrival.ParentKey;
            if (_nodes.TryGetValue(key, out Node? node))
            {
                if (node.Activity is not null)
                {
                    return; // exported twice
                }
            }
            else
            {
                node = NewNode(key);
                _nodes.Add(key, node);
            }

            node.Activity = activity;
            node.Arrival = now;
            AppendAge(node);
            _pending++;

            if (isRoot)
            {
                node.IsRoot = true;
                if (_graceTicks <= 0)
                {
                    SendGroup(node, Promotion.None);
                }
                else
                {
                    node.Due = now + _graceTicks;
                    node.InGraceQueue = true;
                    _graceQueue.Enqueue(node);
                }
            }
            else if (_nodes.TryGetValue(parentKey, out Node? parent))
            {
                if (!IsAncestorOrSelf(node, parent))
                {
                    Link(parent, node);
                }

                // else: malformed ids form a cycle; the span waits unlinked and is promoted on its own.
            }
            else if (_sent.Contains(parentKey))
            {
                SendGroup(node, Promotion.ParentAlreadySent);
            }
            else
            {
                parent = NewNode(parentKey);
                _nodes.Add(parentKey, parent);
                Link(parent, node);
            }

            while (_pending > _maxPending && _oldest is not null)
            {
                Node top = Topmost(_oldest);
                SendGroup(top, top.IsRoot ? Promotion.None : Promotion.PendingOverflow);
            }
        }

        public void Tick()
        {
            long now = _clock.GetTimestamp();
            lock (_gate)
            {
                while (_graceQueue.Count > 0)
                {
                    Node root = _graceQueue.Peek();
                    if (!root.Sent && root.Due > now)
                    {
                        break;
                    }

                    LeaveGraceQueue(_graceQueue.Dequeue());
                }

                while (_oldest is not null && now - _oldest.Arrival >= _timeoutTicks)
                {
                    Node top = Topmost(_oldest);
                    SendGroup(top, top.IsRoot ? Promotion.None : Promotion.PendingTimeout);
                }
            }
        }

        public void Drain()
        {
            lock (_gate)
            {
                while (_graceQueue.Count > 0)
                {
                    LeaveGraceQueue(_graceQueue.Dequeue());
                }

                while (_oldest is not null)
                {
                    Node top = Topmost(_oldest);
                    SendGroup(top, top.IsRoot ? Promotion.None : Promotion.Flush);
                }
            }
        }

        private static Node Topmost(Node node)
        {
            Node top = node;
            while (!top.IsRoot && top.Parent is not null && top.Parent.Activity is not null)
            {
                top = top.Parent;
            }

            return top;
        }

        /// <summary>True when <paramref name="candidate"/> is <paramref name="node"/> or one of its ancestors.</summary>
        private static bool IsAncestorOrSelf(Node candidate, Node node)
        {
            for (Node? n = node; n is not null; n = n.Parent)
            {
                if (ReferenceEquals(n, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Link(Node parent, Node child)
        {
            child.Parent = parent;
            child.PrevSibling = null;
            child.NextSibling = parent.FirstChild;
            if (parent.FirstChild is not null)
            {
                parent.FirstChild.PrevSibling = child;
            }

            parent.FirstChild = child;
        }

        private void Unlink(Node child)
        {
            Node? parent = child.Parent;
            if (parent is null)
            {
                return;
            }

            if (child.PrevSibling is not null)
            {
                child.PrevSibling.NextSibling = child.NextSibling;
            }
            else
            {
                parent.FirstChild = child.NextSibling;
            }

            if (child.NextSibling is not null)
            {
                child.NextSibling.PrevSibling = child.PrevSibling;
            }

            child.Parent = null;
            child.NextSibling = null;
            child.PrevSibling = null;
            if (parent.Activity is null && parent.FirstChild is null)
            {
                _nodes.Remove(parent.Key);
                Recycle(parent); // an empty placeholder: nothing else refers to it
            }
        }

        /// <summary>A root leaves the grace queue: sent now if nothing sent it meanwhile, then free for reuse.</summary>
        private void LeaveGraceQueue(Node root)
        {
            root.InGraceQueue = false;
            if (!root.Sent)
            {
                SendGroup(root, Promotion.None);
            }
            else
            {
                Recycle(root);
            }
        }

        private Node NewNode(ulong key)
        {
            Node? node = _free;
            if (node is null)
            {
                return new Node { Key = key };
            }

            _free = node.NextSibling;
            _freeCount--;
            node.NextSibling = null;
            node.Key = key;
            return node;
        }

        /// <summary>Clears a node that left the forest and keeps it for reuse (at most as many as may be pending).</summary>
        private void Recycle(Node node)
        {
            if (node.InGraceQueue || _freeCount >= _maxPending)
            {
                return;
            }

            node.Key = 0;
            node.Activity = null;
            node.Parent = null;
            node.FirstChild = null;
            node.PrevSibling = null;
            node.Older = null;
            node.Newer = null;
            node.Arrival = 0;
            node.Due = 0;
            node.IsRoot = false;
            node.Sent = false;
            node.NextSibling = _free;
            _free = node;
            _freeCount++;
        }

        private void AppendAge(Node node)
        {
            node.Older = _newest;
            node.Newer = null;
            if (_newest is not null)
            {
                _newest.Newer = node;
            }
            else
            {
                _oldest = node;
            }

            _newest = node;
        }

        private void RemoveAge(Node node)
        {
            if (node.Older is not null)
            {
                node.Older.Newer = node.Newer;
            }
            else
            {
                _oldest = node.Newer;
            }

            if (node.Newer is not null)
            {
                node.Newer.Older = node.Older;
            }
            else
            {
                _newest = node.Older;
            }

            node.Older = null;
            node.Newer = null;
        }

        /// <summary>Sends <paramref name="top"/> with all its pending descendants as one transaction (split later if large).</summary>
        private void SendGroup(Node top, Promotion promotion)
        {
            Unlink(top);
            Activity root = top.Activity!;

            // Sized first, then filled: an array of known exact type takes stores without a type check, which would
            // read each (by now cold) activity's header.
            var descendants = new Activity[CountDescendants(top)];
            int next = 0;
            Stack<Node> stack = _walk;
            stack.Clear();
            stack.Push(top);
            while (stack.Count > 0)
            {
                Node n = stack.Pop();
                for (Node? c = n.FirstChild; c is not null; c = c.NextSibling)
                {
                    stack.Push(c);
                }

                n.Sent = true;
                n.FirstChild = null;
                n.Parent = null;
                _nodes.Remove(n.Key);
                RemoveAge(n);
                _pending--;
                _sent.Add(n.Key);
                if (!ReferenceEquals(n, top))
                {
                    descendants[next++] = n.Activity!;
                }

                Recycle(n);
            }

            if (promotion != Promotion.None && ActivityFlowEventSource.Log.IsEnabled())
            {
                ActivityFlowEventSource.Log.Promoted(root.SpanId.ToHexString(), root.TraceId.ToHexString(), Promotions.Name(promotion));
            }

            _sink.Submit(new TransactionWork(root, descendants, promotion));
        }

        private int CountDescendants(Node top)
        {
            int count = 0;
            Stack<Node> stack = _walk;
            stack.Clear();
            stack.Push(top);
            while (stack.Count > 0)
            {
                for (Node? c = stack.Pop().FirstChild; c is not null; c = c.NextSibling)
                {
                    stack.Push(c);
                    count++;
                }
            }

            return count;
        }
    }
}
