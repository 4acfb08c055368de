using System;
using System.Collections.Generic;
using System.Diagnostics;
using ActivityFlow.Internal;
using ActivityFlow.Benchmarks;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// The sent-span cache at the default capacity, full (steady state): insert of a new id (evicting the least recently
/// used of its set), lookup that hits, lookup that misses, each per operation; and its construction, whose allocation
/// divided by the capacity is the memory per entry.
/// </summary>
[Config(typeof(ExporterBenchmarkConfig))]
public class SentSpanCacheBenchmarks
{
    private const int Operations = 4096;
    private SentSpanCache _cache = null!;
    private ActivitySpanId[] _fresh = null!;
    private ActivitySpanId[] _present = null!;
    private ActivitySpanId[] _absent = null!;
    private int _nextFresh;

    [GlobalSetup]
    public void Setup()
    {
        _cache = new SentSpanCache(SentryExporterOptions.DefaultSentSpanCacheCapacity);
        _fresh = RandomIds(1 << 20);
        foreach (var id in RandomIds(4 * _cache.Capacity))
        {
            _cache.Add(id);
        }

        // Ids the full cache holds right now: the last ones added, less any its sets have already evicted.
        var recent = RandomIds(_cache.Capacity / 2);
        foreach (var id in recent)
        {
            _cache.Add(id);
        }

        var present = new List<ActivitySpanId>();
        foreach (var id in recent)
        {
            if (_cache.Contains(id))
            {
                present.Add(id);
            }
        }

        _present = present.GetRange(0, Operations).ToArray();
        _absent = RandomIds(Operations);
        Console.WriteLine($"// cache: capacity {_cache.Capacity}, {_cache.Count} held, {_cache.MemoryBytes / (double)_cache.Capacity:F1} bytes per entry (arrays)");
        LoadAverage.Print("at start");
    }

    [GlobalCleanup]
    public void Cleanup() => LoadAverage.Print("at end");

    private static ActivitySpanId[] RandomIds(int count)
    {
        var ids = new ActivitySpanId[count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ActivitySpanId.CreateRandom();
        }

        return ids;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Insert new id into full cache (per op)")]
    public void Insert()
    {
        var fresh = _fresh;
        int start = _nextFresh;
        for (int i = 0; i < Operations; i++)
        {
            _cache.Add(fresh[start + i]);
        }

        _nextFresh = start + 2 * Operations > fresh.Length ? 0 : start + Operations;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Lookup, hit (per op)")]
    public int LookupHit() => CountHits(_present);

    [Benchmark(OperationsPerInvoke = Operations, Description = "Lookup, miss (per op)")]
    public int LookupMiss() => CountHits(_absent);

    private int CountHits(ActivitySpanId[] ids)
    {
        int hits = 0;
        foreach (var id in ids)
        {
            hits += _cache.Contains(id) ? 1 : 0;
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = SentryExporterOptions.DefaultSentSpanCacheCapacity, Description = "Create at default capacity (allocated bytes per entry)")]
    public object CreateAtDefaultCapacity() => new SentSpanCache(SentryExporterOptions.DefaultSentSpanCacheCapacity);
}
