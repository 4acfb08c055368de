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

    public class RateLimitTests
    {
        [Fact]
        public void ParsesCategoriesAndAll()
        {
            var limits = RateLimits.ParseRateLimits("60:transaction;span:key, 2.5::organization, 10:error:project:reason:ns1");
            Assert.Contains(("transaction", TimeSpan.FromSeconds(60)), limits);
            Assert.Contains(("span", TimeSpan.FromSeconds(60)), limits);
            Assert.Contains((string.Empty, TimeSpan.FromSeconds(2.5)), limits);
            Assert.Contains(("error", TimeSpan.FromSeconds(10)), limits);
        }

        [Theory]
        [InlineData("")]
        [InlineData(",,,")]
        [InlineData("abc:transaction")]
        [InlineData("-5:transaction")]
        [InlineData("NaN:transaction")]
        [InlineData(":::::::")]
        public void MalformedHeadersNeverThrow(string header)
        {
            var limits = RateLimits.ParseRateLimits(header);
            Assert.All(limits, l => Assert.Equal(RateLimits.DefaultRetryAfter, l.Delay));
        }

        [Fact]
        public void RetryAfterSecondsDateAndDefault()
        {
            var now = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
            Assert.Equal(TimeSpan.FromSeconds(30), RateLimits.ParseRetryAfter("30", now));
            Assert.Equal(TimeSpan.FromSeconds(90), RateLimits.ParseRetryAfter(now.AddSeconds(90).ToString("r"), now));
            Assert.Equal(RateLimits.DefaultRetryAfter, RateLimits.ParseRetryAfter(null, now));
            Assert.Equal(RateLimits.DefaultRetryAfter, RateLimits.ParseRetryAfter("soon", now));
        }

        [Fact]
        public void LimitsApplyPerCategoryAndExpire()
        {
            var clock = new ManualClock();
            var limits = new RateLimits(clock);
            limits.Update(200, "10:transaction:key", null);
            Assert.True(limits.IsLimited(DataCategory.Transaction));
            Assert.False(limits.IsLimited(DataCategory.Span));
            Assert.False(limits.IsLimited(DataCategory.Internal));
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.False(limits.IsLimited(DataCategory.Transaction));

            limits.Update(429, null, "5");
            Assert.True(limits.IsLimited(DataCategory.Span));
            Assert.True(limits.IsLimited(DataCategory.Transaction));
            Assert.False(limits.IsLimited(DataCategory.Internal));

            limits.Update(429, null, null);
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), limits.LimitedUntil(string.Empty));
        }

        [Fact]
        public void KeepsTheLongestOverlappingLimit()
        {
            var clock = new ManualClock();
            var limits = new RateLimits(clock);
            limits.Update(200, "100:span", null);
            limits.Update(200, "5:span", null);
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(100), limits.LimitedUntil("span"));
        }
    }
}
