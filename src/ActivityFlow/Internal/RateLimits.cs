using System;
using System.Collections.Generic;
using System.Globalization;

namespace ActivityFlow.Internal
{
    /// <summary>Per-category rate limits from <c>X-Sentry-Rate-Limits</c>, <c>Retry-After</c> and 429 responses.</summary>
    internal sealed class RateLimits
    {
        public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);
        private const string All = "";

        private readonly object _gate = new object();
        private readonly Dictionary<string, DateTimeOffset> _until = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly TimeProvider _clock;

        public RateLimits(TimeProvider clock)
        {
            _clock = clock;
        }

        /// <summary>Applies a response: <paramref name="rateLimitsHeader"/> wins; else a 429 uses <paramref name="retryAfterHeader"/> (seconds or HTTP date) or 60 s, for all categories.</summary>
        public void Update(int statusCode, string? rateLimitsHeader, string? retryAfterHeader)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            if (!string.IsNullOrWhiteSpace(rateLimitsHeader))
            {
                foreach ((string category, TimeSpan delay) in ParseRateLimits(rateLimitsHeader!))
                {
                    Extend(category, now + delay);
                }

                return;
            }

            if (statusCode == 429)
            {
                Extend(All, now + ParseRetryAfter(retryAfterHeader, now));
            }
        }

        /// <summary>Parses <c>retry_after:categories:scope:reason…</c>, comma-separated. Empty categories mean all (returned as "").</summary>
        public static List<(string Category, TimeSpan Delay)> ParseRateLimits(string header)
        {
            var result = new List<(string, TimeSpan)>();
            if (header is null)
            {
                return result;
            }

            foreach (string rawLimit in header.Split(','))
            {
                string limit = rawLimit.Trim();
                if (limit.Length == 0)
                {
                    continue;
                }

                string[] parts = limit.Split(':');
                TimeSpan delay = DefaultRetryAfter;
                if (double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                    && !double.IsNaN(seconds) && !double.IsInfinity(seconds) && seconds >= 0)
                {
                    delay = TimeSpan.FromSeconds(Math.Min(seconds, 86400 * 7));
                }

                string categories = parts.Length > 1 ? parts[1].Trim() : string.Empty;
                if (categories.Length == 0)
                {
                    result.Add((All, delay));
                    continue;
                }

                foreach (string c in categories.Split(';'))
                {
                    string category = c.Trim().ToLowerInvariant();
                    if (category.Length > 0)
                    {
                        result.Add((category, delay));
                    }
                }
            }

            return result;
        }

        /// <summary>Seconds, an HTTP date, or (missing/unparsable) 60 s.</summary>
        public static TimeSpan ParseRetryAfter(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return DefaultRetryAfter;
            }

            string v = value!.Trim();
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                && !double.IsNaN(seconds) && !double.IsInfinity(seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, 86400 * 7));
            }

            if (DateTimeOffset.TryParseExact(v, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTimeOffset date)
                || DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date))
            {
                TimeSpan delta = date - now;
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            return DefaultRetryAfter;
        }

        private void Extend(string category, DateTimeOffset until)
        {
            lock (_gate)
            {
                if (!_until.TryGetValue(category, out DateTimeOffset current) || current < until)
                {
                    _until[category] = until;
                }
            }
        }

        /// <summary>True while <paramref name="category"/> (or everything) is limited. <c>internal</c> (client reports) never is.</summary>
        public bool IsLimited(DataCategory category)
        {
            if (category == DataCategory.Internal)
            {
                return false;
            }

            DateTimeOffset now = _clock.GetUtcNow();
            lock (_gate)
            {
                return (_until.TryGetValue(All, out DateTimeOffset all) && all > now)
                    || (_until.TryGetValue(Names.Of(category), out DateTimeOffset c) && c > now);
            }
        }

        /// <summary>When the limit of <paramref name="category"/> ends (tests).</summary>
        public DateTimeOffset? LimitedUntil(string category)
        {
            lock (_gate)
            {
                return _until.TryGetValue(category, out DateTimeOffset v) ? v : null;
            }
        }
    }
}
