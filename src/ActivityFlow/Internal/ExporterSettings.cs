using System;
using System.IO;

namespace ActivityFlow.Internal
{
    /// <summary>Validated, environment-filled options.</summary>
    internal sealed class ExporterSettings
    {
        public Dsn? Dsn { get; set; }
        public string Environment { get; set; } = "production";
        public string? Release { get; set; }
        public TraceLifecycle TraceLifecycle { get; set; }
        public TimeSpan RootGraceWindow { get; set; } = SentryExporterOptions.DefaultRootGraceWindow;
        public TimeSpan PendingSpanTimeout { get; set; } = SentryExporterOptions.DefaultPendingSpanTimeout;
        public int SentSpanCacheCapacity { get; set; } = SentryExporterOptions.DefaultSentSpanCacheCapacity;
        public int MaxPendingSpans { get; set; } = SentryExporterOptions.DefaultMaxPendingSpans;
        public Uri? SpotlightUrl { get; set; }
        public string? EnvelopeDirectory { get; set; }
        public string? CacheDirectory { get; set; }
        public int MaxCacheItems { get; set; } = SentryExporterOptions.DefaultMaxCacheItems;
        public bool SendClientReports { get; set; } = true;

        public bool HasDestination => Dsn is not null || SpotlightUrl is not null || EnvelopeDirectory is not null;

        public const string EnvDsn = "SENTRY_DSN";
        public const string EnvEnvironment = "SENTRY_ENVIRONMENT";
        public const string EnvRelease = "SENTRY_RELEASE";
        public const string EnvSpotlight = "SENTRY_SPOTLIGHT";

        /// <summary>Validates <paramref name="options"/>, fills unset values from the environment, and throws
        /// <see cref="ArgumentException"/> naming the option on an invalid value. Never echoes the DSN.</summary>
        public static ExporterSettings Resolve(SentryExporterOptions options, Func<string, string?> environment)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var s = new ExporterSettings();

            string? dsnText = options.Dsn;
            string dsnSource = "SentryExporterOptions.Dsn";
            if (string.IsNullOrWhiteSpace(dsnText))
            {
                dsnText = environment(EnvDsn);
                dsnSource = "SENTRY_DSN (environment variable)";
            }

            if (!string.IsNullOrWhiteSpace(dsnText))
            {
                s.Dsn = Dsn.TryParse(dsnText, out string? error)
                    ?? throw new ArgumentException(dsnSource + " is not a valid Sentry DSN: " + error + ".", nameof(SentryExporterOptions.Dsn));
            }

            s.Environment = JsonValues.Clean(NonEmpty(options.Environment) ?? NonEmpty(environment(EnvEnvironment)) ?? "production");
            string? release = NonEmpty(options.Release) ?? NonEmpty(environment(EnvRelease));
            s.Release = release is null ? null : JsonValues.Clean(release);
            CheckLength(s.Environment, 64, "SentryExporterOptions.Environment");
            if (s.Release is not null)
            {
                CheckLength(s.Release, 200, "SentryExporterOptions.Release");
            }

            if (options.TraceLifecycle != TraceLifecycle.Static && options.TraceLifecycle != TraceLifecycle.Stream)
            {
                throw new ArgumentException("SentryExporterOptions.TraceLifecycle must be Static or Stream.", nameof(SentryExporterOptions.TraceLifecycle));
            }

            s.TraceLifecycle = options.TraceLifecycle;

            if (options.RootGraceWindow < TimeSpan.Zero || options.RootGraceWindow > TimeSpan.FromMinutes(10))
            {
                throw new ArgumentException("SentryExporterOptions.RootGraceWindow must be between 0 and 10 minutes.", nameof(SentryExporterOptions.RootGraceWindow));
            }

            s.RootGraceWindow = options.RootGraceWindow;

            if (options.PendingSpanTimeout <= TimeSpan.Zero || options.PendingSpanTimeout > TimeSpan.FromDays(1))
            {
                throw new ArgumentException("SentryExporterOptions.PendingSpanTimeout must be greater than 0 and at most 1 day.", nameof(SentryExporterOptions.PendingSpanTimeout));
            }

            if (options.PendingSpanTimeout < options.RootGraceWindow)
            {
                throw new ArgumentException("SentryExporterOptions.PendingSpanTimeout must not be shorter than RootGraceWindow.", nameof(SentryExporterOptions.PendingSpanTimeout));
            }

            s.PendingSpanTimeout = options.PendingSpanTimeout;

            if (options.SentSpanCacheCapacity < 16 || options.SentSpanCacheCapacity > (1 << 24))
            {
                throw new ArgumentException("SentryExporterOptions.SentSpanCacheCapacity must be between 16 and 16777216.", nameof(SentryExporterOptions.SentSpanCacheCapacity));
            }

            s.SentSpanCacheCapacity = options.SentSpanCacheCapacity;

            if (options.MaxPendingSpans < 1 || options.MaxPendingSpans > 10_000_000)
            {
                throw new ArgumentException("SentryExporterOptions.MaxPendingSpans must be between 1 and 10000000.", nameof(SentryExporterOptions.MaxPendingSpans));
            }

            s.MaxPendingSpans = options.MaxPendingSpans;

            string? spotlight = NonEmpty(options.Spotlight);
            string spotlightSource = "SentryExporterOptions.Spotlight";
            if (spotlight is null)
            {
                spotlight = NonEmpty(environment(EnvSpotlight));
                spotlightSource = "SENTRY_SPOTLIGHT (environment variable)";
            }

            s.SpotlightUrl = ParseSpotlight(spotlight, spotlightSource);

            s.EnvelopeDirectory = ParseDirectory(options.EnvelopeDirectory, "SentryExporterOptions.EnvelopeDirectory", nameof(SentryExporterOptions.EnvelopeDirectory));
            s.CacheDirectory = ParseDirectory(options.CacheDirectory, "SentryExporterOptions.CacheDirectory", nameof(SentryExporterOptions.CacheDirectory));
            if (s.CacheDirectory is not null && s.EnvelopeDirectory is not null
                && string.Equals(s.CacheDirectory, s.EnvelopeDirectory, StringComparison.Ordinal))
            {
                throw new ArgumentException("SentryExporterOptions.CacheDirectory must differ from EnvelopeDirectory.", nameof(SentryExporterOptions.CacheDirectory));
            }

            if (options.MaxCacheItems < 1 || options.MaxCacheItems > 100_000)
            {
                throw new ArgumentException("SentryExporterOptions.MaxCacheItems must be between 1 and 100000.", nameof(SentryExporterOptions.MaxCacheItems));
            }

            s.MaxCacheItems = options.MaxCacheItems;
            s.SendClientReports = options.SendClientReports;
            return s;
        }

        internal static Uri? ParseSpotlight(string? value, string source)
        {
            if (value is null)
            {
                return null;
            }

            switch (value.Trim().ToLowerInvariant())
            {
                case "false":
                case "off":
                case "0":
                case "no":
                case "disabled":
                    return null;
                case "true":
                case "on":
                case "1":
                case "yes":
                case "enabled":
                    return new Uri(SentryExporterOptions.DefaultSpotlightUrl);
            }

            if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            throw new ArgumentException(source + " must be \"true\", \"false\" or an absolute http(s) URL.", nameof(SentryExporterOptions.Spotlight));
        }

        private static string? ParseDirectory(string? value, string optionName, string paramName)
        {
            if (value is null || value.Trim().Length == 0)
            {
                return null;
            }

            try
            {
                if (value.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException("contains a NUL character");
                }

                return Path.GetFullPath(value);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                throw new ArgumentException(optionName + " is not a valid directory path: " + e.Message, paramName, e);
            }
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static void CheckLength(string value, int max, string option)
        {
            if (value.Length > max)
            {
                throw new ArgumentException(option + " must be at most " + max + " characters.", option.Substring(option.IndexOf('.') + 1));
            }

            foreach (char c in value)
            {
                if (c == '\n' || c == '\r' || c == '\0' || c == '/' && option.EndsWith("Environment", StringComparison.Ordinal))
                {
                    throw new ArgumentException(option + " must not contain line breaks, NUL" + (option.EndsWith("Environment", StringComparison.Ordinal) ? " or '/'" : string.Empty) + ".", option.Substring(option.IndexOf('.') + 1));
                }
            }
        }
    }
}
