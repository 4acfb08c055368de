using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>Envelopes that could not be delivered, kept as files (bounded) until they can be.</summary>
    internal sealed class EnvelopeCache
    {
        public const string Extension = ".envelope";
        private readonly string _directory;
        private readonly int _maxItems;
        private readonly ClientReports _reports;
        private readonly object _gate = new object();
        private int _sequence;
        private string? _claimed; // the file being replayed: eviction leaves it alone (guarded by _gate)

        public EnvelopeCache(string directory, int maxItems, ClientReports reports)
        {
            _directory = directory;
            _maxItems = maxItems;
            _reports = reports;
        }

        /// <summary>Writes the envelope; evicts (and counts) the oldest beyond the bound. Returns false when it could not be written.</summary>
        public bool Store(SerializedEnvelope envelope)
        {
            try
            {
                lock (_gate)
                {
                    System.IO.Directory.CreateDirectory(_directory);
                    string name = DateTime.UtcNow.Ticks.ToString("D19", CultureInfo.InvariantCulture) + "_"
                        + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture) + "_"
                        + Guid.NewGuid().ToString("N").Substring(0, 8) + "_"
                        + envelope.Transactions.ToString(CultureInfo.InvariantCulture) + "_"
                        + envelope.Spans.ToString(CultureInfo.InvariantCulture) + Extension;
                    string path = Path.Combine(_directory, name);
                    string temp = path + ".tmp";
                    envelope.WriteTo(temp);
                    File.Move(temp, path);
                    ActivityFlowEventSource.Log.Cache("stored", name);
                    Trim();
                }

                return true;
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("cache store", e);
                return false;
            }
        }

        /// <summary>Evicts the oldest files beyond the bound, except the one being replayed (it is either delivered or kept).</summary>
        private void Trim()
        {
            List<string> files = Files();
            int excess = files.Count - _maxItems;
            for (int i = 0; i < files.Count && excess > 0; i++)
            {
                if (string.Equals(files[i], _claimed, StringComparison.Ordinal))
                {
                    continue;
                }

                excess--;
                if (TryDelete(files[i]))
                {
                    Describe(files[i], null).CountDiscard(_reports, DiscardReason.CacheOverflow);
                }
            }
        }

        /// <summary>Cached files, oldest first.</summary>
        public List<string> Files()
        {
            var list = new List<string>();
            try
            {
                if (System.IO.Directory.Exists(_directory))
                {
                    list.AddRange(System.IO.Directory.GetFiles(_directory, "*" + Extension));
                    list.Sort(StringComparer.Ordinal);
                }
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("cache list", e);
            }

            return list;
        }

        /// <summary>What a cached file carries, from its name alone.</summary>
        public static DataCategory CategoryOf(string path) => Describe(path, null).Category;

        /// <summary>
        /// Reads a file for replay and protects it from eviction until <see cref="Release"/>, so an envelope that is being
        /// delivered is never also counted as <c>cache_overflow</c>. Returns null when the file is gone (evicted and
        /// counted meanwhile) or unreadable (then deleted and counted as <c>internal_sdk_error</c>).
        /// </summary>
        public SerializedEnvelope? Claim(string path)
        {
            lock (_gate)
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                _claimed = path;
            }

            try
            {
                return Describe(path, File.ReadAllBytes(path));
            }
            catch (Exception e)
            {
                if (!(e is FileNotFoundException || e is DirectoryNotFoundException))
                {
                    ActivityFlowEventSource.Log.ExporterError("cache load", e);
                    if (TryDelete(path))
                    {
                        Describe(path, null).CountDiscard(_reports, DiscardReason.InternalSdkError);
                    }
                }

                Release();
                return null;
            }
        }

        /// <summary>Ends the protection of the file <see cref="Claim"/> returned.</summary>
        public void Release()
        {
            lock (_gate)
            {
                _claimed = null;
            }
        }

        private static SerializedEnvelope Describe(string path, byte[]? bytes)
        {
            string[] parts = Path.GetFileNameWithoutExtension(path).Split('_');
            int tx = 0;
            int spans = 0;
            if (parts.Length >= 5)
            {
                int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out tx);
                int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out spans);
            }

            return new SerializedEnvelope(bytes ?? Array.Empty<byte>(), tx > 0 ? DataCategory.Transaction : DataCategory.Span, tx, spans);
        }

        public bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                ActivityFlowEventSource.Log.Cache("deleted", Path.GetFileName(path));
                return true;
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("cache delete", e);
                return false;
            }
        }
    }
}
