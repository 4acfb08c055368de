using System;
using System.Buffers;

namespace ActivityFlow.Internal
{
    /// <summary>An <see cref="IBufferWriter{T}"/> over <see cref="ArrayPool{T}.Shared"/> buffers, reused across envelopes.</summary>
    internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _written;

        public PooledBufferWriter(int initialCapacity = 16 * 1024)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        }

        public int WrittenCount => _written;

        public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _written);

        public void Clear()
        {
            _written = 0;
            // Give back huge buffers so one huge envelope does not pin memory.
            if (_buffer.Length > 4 * 1024 * 1024)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            }
        }

        public void Advance(int count)
        {
            if (count < 0 || _written + count > _buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            _written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Memory<byte>(_buffer, _written, _buffer.Length - _written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Span<byte>(_buffer, _written, _buffer.Length - _written);
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(new Span<byte>(_buffer, _written, bytes.Length));
            _written += bytes.Length;
        }

        public void WriteByte(byte b)
        {
            Ensure(1);
            _buffer[_written++] = b;
        }

        private void Ensure(int sizeHint)
        {
            if (sizeHint < 1)
            {
                sizeHint = 1;
            }

            if (_buffer.Length - _written >= sizeHint)
            {
                return;
            }

            long needed = (long)_written + sizeHint;
            long size = Math.Max(needed, (long)_buffer.Length * 2);
            if (size > int.MaxValue - 64)
            {
                size = Math.Max(needed, int.MaxValue - 64);
            }

            byte[] next = ArrayPool<byte>.Shared.Rent((int)size);
            Buffer.BlockCopy(_buffer, 0, next, 0, _written);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = next;
        }

        public void Dispose()
        {
            byte[] b = _buffer;
            _buffer = Array.Empty<byte>();
            _written = 0;
            if (b.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(b);
            }
        }
    }
}
