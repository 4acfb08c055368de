namespace ActivityFlow.Internal
{
    /// <summary>
    /// What every envelope of one destination carries: environment, release and the DSN's public key (for the dynamic
    /// sampling context). Immutable: a new destination (the application's Sentry initialised later) brings a new one,
    /// and the constant JSON fragments are encoded once per identity.
    /// </summary>
    internal sealed class EnvelopeIdentity
    {
        public EnvelopeIdentity(string environment, string? release, string? publicKey)
        {
            Environment = environment;
            Release = release;
            PublicKey = publicKey;
            EnvironmentAndRelease = CompactJsonWriter.Fragment(WriteEnvironmentAndRelease);
            SamplingContextTail = CompactJsonWriter.Fragment(WriteSamplingContextTail);
            SpanConstants = CompactJsonWriter.Fragment(WriteSpanConstants);
        }

        public string Environment { get; }

        public string? Release { get; }

        public string? PublicKey { get; }

        /// <summary><c>"environment":…,"release":…</c> of a transaction.</summary>
        public byte[] EnvironmentAndRelease { get; }

        /// <summary>The parts of the dynamic sampling context that are the same for every trace.</summary>
        public byte[] SamplingContextTail { get; }

        /// <summary>The Span v2 attributes that are the same on every span.</summary>
        public byte[] SpanConstants { get; }

        private void WriteEnvironmentAndRelease(CompactJsonWriter w)
        {
            w.Name(EnvelopeFields.Environment);
            w.String(Environment);
            if (Release is not null)
            {
                w.Name(EnvelopeFields.Release);
                w.String(Release);
            }
        }

        private void WriteSamplingContextTail(CompactJsonWriter h)
        {
            if (PublicKey is not null)
            {
                h.Name(EnvelopeFields.PublicKey);
                h.String(PublicKey);
            }

            WriteEnvironmentAndRelease(h);
            h.Name(EnvelopeFields.SampleRate);
            h.String("1");
            h.Name(EnvelopeFields.Sampled);
            h.String("true");
        }

        private void WriteSpanConstants(CompactJsonWriter w)
        {
            SpanFields.Typed(w, EnvelopeFields.SentryEnvironment, Environment);
            if (Release is not null)
            {
                SpanFields.Typed(w, EnvelopeFields.SentryRelease, Release);
            }

            SpanFields.Typed(w, EnvelopeFields.SentrySdkName, ExporterSdk.Name);
            SpanFields.Typed(w, EnvelopeFields.SentrySdkVersion, ExporterSdk.Version);
        }
    }

    /// <summary>The exporter's name and version in Sentry (<c>sdk</c>).</summary>
    internal static class ExporterSdk
    {
        public const string Name = "sentry.dotnet.activityflow";
        public static readonly string Version = typeof(ExporterSdk).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

        /// <summary><c>"sdk":{"name":…,"version":…}</c>.</summary>
        public static readonly byte[] Fragment = CompactJsonWriter.Fragment(static w =>
        {
            w.StartObject(EnvelopeFields.Sdk);
            w.Name(EnvelopeFields.Name);
            w.String(Name);
            w.Name(EnvelopeFields.Version);
            w.String(Version);
            w.EndObject();
        });
    }
}
