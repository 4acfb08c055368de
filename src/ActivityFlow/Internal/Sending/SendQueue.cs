using System.Collections.Generic;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Serialised envelopes waiting for the send worker, bounded by the bytes they hold (their rented buffers), not by
    /// their number: a burst of small transactions fits, a few huge ones do not crowd memory. Thread-safe.
    /// </summary>
    internal sealed class SendQueue
    {
        private readonly Queue<SerializedEnvelope> _items = new Queue<SerializedEnvelope>();
        private readonly long _maxBytes;
        private long _bytes;

        public SendQueue(long maxBytes)
        {
            _maxBytes = maxBytes;
        }

        /// <summary>Guards the queue; the sender also waits on it for flushes.</summary>
        public object Gate { get; } = new object();

        public int Count
        {
            get
            {
                lock (Gate)
                {
                    return _items.Count;
                }
            }
        }

        /// <summary>Bytes held now.</summary>
        public long Bytes
        {
            get
            {
                lock (Gate)
                {
                    return _bytes;
                }
            }
        }

        /// <summary>Queues <paramref name="envelope"/> unless that would pass the bound (an empty queue takes any one envelope).</summary>
        public bool TryEnqueue(SerializedEnvelope envelope)
        {
            lock (Gate)
            {
                if (_items.Count > 0 && _bytes + envelope.Capacity > _maxBytes)
                {
                    return false;
                }

                _items.Enqueue(envelope);
                _bytes += envelope.Capacity;
                return true;
            }
        }

        public bool TryDequeue(out SerializedEnvelope? envelope)
        {
            lock (Gate)
            {
                if (_items.Count == 0)
                {
                    envelope = null;
                    return false;
                }

                envelope = _items.Dequeue();
                _bytes -= envelope.Capacity;
                return true;
            }
        }
    }
}
