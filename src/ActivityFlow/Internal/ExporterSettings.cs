using System;
using System.IO;

namespace ActivityFlow.Internal
{
    /// <summary>Validated options, with what the environment variables give.</summary>
    internal sealed class ExporterSettings
    {
        /// <summary><c>SentryExporterOptions.Dsn</c>: a private Sentry client, whatever the application does.</summary>
        public string? Dsn { get; set; }

        /// <summary><c>SENTRY_DSN</c>: used for a private client only when the application has not initialised Sentry.</summary>
        public string? DsnFromEnvironment { get; set; }

        public string? Environment { get; set; }
        public string? EnvironmentFromVariable { get; set; }
        public string? Release { get; set; }
        public string? ReleaseFromVariable { get; set; }
        public TraceLifecycle TraceLifecycle { get; set; }
        public TimeSpan RootGraceWindow { get; set; } = SentryExporterOptions.DefaultRootGraceWindow;
        public TimeSpan PendingSpanTimeout { get; set; } = SentryExporterOptions.DefaultPendingSpanTimeout;
        public int SentSpanCacheCapacity { get; set; } = SentryExporterOptions.DefaultSentSpanCacheCapacity;
        public int MaxPendingSpans { get; set; } = SentryExporterOptions.DefaultMaxPendingSpans;
        public long MaxQueuedBytes { get; set; } = SentryExporterOptions.DefaultMaxQueuedBytes;
        public int MaxRunningSpans { get; set; } = SentryExporterOptions.DefaultMaxRunningSpans;
        public Uri? SpotlightUrl { get; set; }
        public string? EnvelopeDirectory { get; set; }
        public string? CacheDirectory { get; set; }
        public int MaxCacheItems { get; set; } = SentryExporterOptions.DefaultMaxCacheItems;
        public bool SendClientReports { get; set; } = true;

        /// <summary>How often pending client reports go out (also at every flush).</summary>
        public TimeSpan ClientReportInterval { get; set; } = TimeSpan.FromSeconds(30);

        public const string EnvDsn = "SENTRY_DSN";
        public const string EnvEnvironment = "SENTRY_ENVIRONMENT";
        public const string EnvRelease = "SENTRY_RELEASE";
        public const string EnvSpotlight = "SENTRY_SPOTLIGHT";

        /// <summary>The DSN's public key (for the sampling context, and to check a DSN); the SDK does the rest with the DSN.</summary>
        internal static string? PublicKeyOf(string? dsn)
        {
            if (dsn is null || !Uri.TryCreate(dsn.Trim(), UriKind.Absolute, out Uri? uri) || uri.UserInfo.Length == 0)
            {
                return null;
            }

            string info = Uri.UnescapeDataString(uri.UserInfo);
            int colon = info.IndexOf(':');
            return colon < 0 ? info : info.Substring(0, colon);
        }

        /// <summary>Validates <paramref name="options"/>, reads the environment variables, and throws
        /// <see cref="ArgumentException"/> naming the option on an invalid value. Never echoes a DSN.</summary>
        public static ExporterSettings Resolve(SentryExporterOptions options, Func<string, string?> environment)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var s = new ExporterSettings
            {
                Dsn = CheckDsn(NonEmpty(options.Dsn), "SentryExporterOptions.Dsn"),
                DsnFromEnvironment = CheckDsn(NonEmpty(environment(EnvDsn)), "SENTRY_DSN (environment variable)"),
                Environment = Text(options.Environment, 64, "SentryExporterOptions.Environment", noSlash: true),
                EnvironmentFromVariable = Text(environment(EnvEnvironment), 64, "SENTRY_ENVIRONMENT (environment variable)", noSlash: true),
                Release = Text(options.Release, 200, "SentryExporterOptions.Release", noSlash: false),
                ReleaseFromVariable = Text(environment(EnvRelease), 200, "SENTRY_RELEASE (environment variable)", noSlash: false),
            };

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

            if (options.MaxQueuedBytes < 1 << 20 || options.MaxQueuedBytes > 1L << 34)
            {
                throw new ArgumentException("SentryExporterOptions.MaxQueuedBytes must be between 1 MiB and 16 GiB.", nameof(SentryExporterOptions.MaxQueuedBytes));
            }

            s.MaxQueuedBytes = options.MaxQueuedBytes;

            if (options.MaxRunningSpans < 0 || options.MaxRunningSpans > 1 << 20)
            {
                throw new ArgumentException("SentryExporterOptions.MaxRunningSpans must be between 0 and 1048576.", nameof(SentryExporterOptions.MaxRunningSpans));
            }

            s.MaxRunningSpans = options.MaxRunningSpans;

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

        /// <summary>
        /// Checks the DSN's shape (<c>{scheme}://{public_key}@{host}[:{port}]{path}/{project_id}</c>) so that a wrong one
        /// fails at configuration naming <paramref name="source"/>; the Sentry SDK does everything else with it.
        /// </summary>
        private static string? CheckDsn(string? dsn, string source)
        {
            if (dsn is null)
            {
                return null;
            }

            string? error = null;
            if (!Uri.TryCreate(dsn, UriKind.Absolute, out Uri? uri))
            {
                error = "it is not an absolute URI";
            }
            else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                error = "its scheme must be http or https";
            }
            else if (string.IsNullOrEmpty(PublicKeyOf(dsn)))
            {
                error = "it has no public key (expected scheme://KEY@host/PROJECT_ID)";
            }
            else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                error = "it must not have a query or fragment";
            }
            else if (!HasProjectId(uri))
            {
                error = "it has no project id of letters, digits, '-' or '_' (expected scheme://KEY@host/PROJECT_ID)";
            }

            if (error is not null)
            {
                throw new ArgumentException(source + " is not a valid Sentry DSN: " + error + ".", nameof(SentryExporterOptions.Dsn));
            }

            return dsn;
        }

        private static bool HasProjectId(Uri uri)
        {
            string path = uri.AbsolutePath.TrimEnd('/');
            string project = path.Substring(path.LastIndexOf('/') + 1);
            if (project.Length == 0)
            {
                return false;
            }

            foreach (char c in project)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string? Text(string? value, int max, string option, bool noSlash)
        {
            string? text = NonEmpty(value);
            if (text is null)
            {
                return null;
            }

            text = SafeText.Clean(text);
            string param = option.Substring(option.IndexOf('.') + 1);
            if (text.Length > max)
            {
                throw new ArgumentException(option + " must be at most " + max + " characters.", param);
            }

            foreach (char c in text)
            {
                if (c == '\n' || c == '\r' || c == '\0' || (noSlash && c == '/'))
                {
                    throw new ArgumentException(option + " must not contain line breaks, NUL" + (noSlash ? " or '/'" : string.Empty) + ".", param);
                }
            }

            return text;
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

        internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
