using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// <c>EnvelopeDirectory</c>: every envelope as a file, <c>{UTC time}_{sequence}_{category}.envelope</c>, written
    /// atomically (temp file, then rename). Client reports go there too, so a loss is visible without Sentry.
    /// </summary>
    internal sealed class EnvelopeFiles
    {
        private readonly string _directory;
        private readonly TimeProvider _clock;
        private int _sequence;

        public EnvelopeFiles(string directory, TimeProvider clock)
        {
            _directory = directory;
            _clock = clock;
        }

        /// <summary>Writes the file; a failure is logged and returns false.</summary>
        public bool Write(SerializedEnvelope envelope)
        {
            try
            {
                Directory.CreateDirectory(_directory);
                string name = _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture) + "_"
                    + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture) + "_"
                    + Discards.Name(envelope.Category) + ".envelope";
                string path = Path.Combine(_directory, name);
                envelope.WriteTo(path + ".tmp");
                File.Move(path + ".tmp", path);
                return true;
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.SendFailed("envelope directory", e.GetType().Name + ": " + e.Message);
                return false;
            }
        }
    }
}
