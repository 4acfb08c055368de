using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// A thread-safe, append-only list of things that arrive from a real part (envelopes, output lines,
/// consumed messages), with an event-driven, bounded wait for a condition over what has arrived.
/// </summary>
public sealed class ArrivalLog<T>
{
    private readonly object _gate = new();
    private readonly List<T> _items = new();
    private TaskCompletionSource _changed = NewSignal();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource toSignal;
        lock (_gate)
        {
            _items.Add(item);
            toSignal = _changed;
            _changed = NewSignal();
        }

        toSignal.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return _items.ToArray();
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the items so far, re-checking on every
    /// arrival; returns false (never throws) when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            IReadOnlyList<T> snapshot;
            lock (_gate)
            {
                changed = _changed.Task;
                snapshot = _items.ToArray();
            }

            if (condition(snapshot))
            {
                return true;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return condition(Snapshot());
            }
        }
    }

    private static TaskCompletionSource NewSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
