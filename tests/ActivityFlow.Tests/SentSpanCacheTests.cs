using System;
using System.Diagnostics;
using System.Linq;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    public class SentSpanCacheTests
    {
        [Fact]
        public void AddAndContains()
        {
            var cache = new SentSpanCache(1000);
            var id = ActivitySpanId.CreateRandom();
            Assert.False(cache.Contains(id));
            cache.Add(id);
            Assert.True(cache.Contains(id));
            Assert.Equal(1, cache.Count);
            cache.Add(id);
            Assert.Equal(1, cache.Count);
        }

        [Fact]
        public void FixedMemoryWithinBudget()
        {
            var cache = new SentSpanCache(SentryExporterOptions.DefaultSentSpanCacheCapacity);
            Assert.True(cache.Capacity >= SentryExporterOptions.DefaultSentSpanCacheCapacity);
            Assert.True(cache.MemoryBytes / (double)SentryExporterOptions.DefaultSentSpanCacheCapacity <= 32, "bytes per entry");
            long before = cache.MemoryBytes;
            for (int i = 0; i < 200_000; i++)
            {
                cache.Add(ActivitySpanId.CreateRandom());
            }

            Assert.Equal(before, cache.MemoryBytes);
            Assert.True(cache.Count <= cache.Capacity);
        }

        [Fact]
        public void EvictsTheLeastRecentlyUsed()
        {
            // 16 slots = 2 sets of 8: fill with keys that land in one set and check LRU order.
            var cache = new SentSpanCache(16);
            var keysInSet = new System.Collections.Generic.List<ulong>();
            ulong k = 1;
            ulong setOf(ulong key) => ((key * 0x9E3779B97F4A7C15UL) >> 63) & 1UL;
            while (keysInSet.Count < 9)
            {
                if (setOf(k) == 0)
                {
                    keysInSet.Add(k);
                }

                k++;
            }

            for (int i = 0; i < 8; i++)
            {
                cache.Add(keysInSet[i]);
            }

            Assert.True(cache.Contains(keysInSet[0])); // touch the oldest: now the most recent
            cache.Add(keysInSet[8]); // evicts keysInSet[1]
            Assert.True(cache.Contains(keysInSet[0]));
            Assert.False(cache.Contains(keysInSet[1]));
            Assert.True(cache.Contains(keysInSet[8]));
            Assert.Equal(8, Enumerable.Range(0, 9).Count(i => cache.Contains(keysInSet[i])));
        }

        [Fact]
        public void RecentIdsSurviveLongChurn()
        {
            var cache = new SentSpanCache(16384);
            var recent = new ActivitySpanId[1000];
            for (int i = 0; i < 100_000; i++)
            {
                var id = ActivitySpanId.CreateRandom();
                cache.Add(id);
                if (i >= 99_000)
                {
                    recent[i - 99_000] = id;
                }
            }

            Assert.All(recent, id => Assert.True(cache.Contains(id)));
        }

        [Fact]
        public void ZeroKeyIsNeverStored()
        {
            var cache = new SentSpanCache(16);
            cache.Add(0UL);
            Assert.False(cache.Contains(0UL));
            Assert.Equal(0, cache.Count);
        }
    }
}
