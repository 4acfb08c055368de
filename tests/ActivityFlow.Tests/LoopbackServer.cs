using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ActivityFlow.Tests
{
    /// <summary>What the server does with request number n (1-based).</summary>
    internal sealed class Reply
    {
        public int Status = 200;
        public bool Drop;
        public int DelayMs;
        public Dictionary<string, string> Headers = new Dictionary<string, string>();

        public static Reply Ok() => new Reply();

        public static Reply Status500() => new Reply { Status = 500 };

        public static Reply DropConnection() => new Reply { Drop = true };

        public static Reply TooMany(string? rateLimits = null, string? retryAfter = null)
        {
            var r = new Reply { Status = 429 };
            if (rateLimits is not null)
            {
                r.Headers["X-Sentry-Rate-Limits"] = rateLimits;
            }

            if (retryAfter is not null)
            {
                r.Headers["Retry-After"] = retryAfter;
            }

            return r;
        }
    }

    internal sealed class Received
    {
        public string Path = string.Empty;
        public string? ContentType;
        public string? ContentEncoding;
        public string? Auth;
        public byte[] Body = Array.Empty<byte>();
        public Reply Reply = Reply.Ok();
        public ParsedEnvelope Envelope => ParsedEnvelope.Parse(Body);
    }

    /// <summary>
    /// A real HTTP/1.1 server on 127.0.0.1 over a raw socket, with scripted answers: 200, 429 with headers, 500, and
    /// dropped connections (reset before any response byte; HttpListener cannot do that: its Abort still sends a 200).
    /// </summary>
    internal sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private readonly ConcurrentBag<Socket> _sockets = new ConcurrentBag<Socket>();
        private int _count;

        public LoopbackServer(Func<int, Reply>? behavior = null)
        {
            Behavior = behavior ?? (_ => Reply.Ok());
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(LoopAsync);
        }

        public int Port { get; }

        public string Url => "http://127.0.0.1:" + Port;

        public Func<int, Reply> Behavior { get; set; }

        public ConcurrentQueue<Received> Requests { get; } = new ConcurrentQueue<Received>();

        public int Count => Volatile.Read(ref _count);

        public IEnumerable<ParsedEnvelope> Delivered(string itemType) =>
            Requests.Where(r => r.Reply.Status >= 200 && r.Reply.Status < 300 && !r.Reply.Drop)
                .Select(r => r.Envelope)
                .Where(e => e.Items.Any(i => i.Header.GetProperty("type").GetString() == itemType));

        public bool WaitFor(Func<bool> condition, int timeoutMs = 10000)
        {
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < timeoutMs)
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(10);
            }

            return condition();
        }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }

                socket.NoDelay = true;
                _sockets.Add(socket);
                _ = Task.Run(() => Serve(socket));
            }
        }

        private void Serve(Socket socket)
        {
            try
            {
                using var network = new NetworkStream(socket, ownsSocket: false);
                using var stream = new BufferedStream(network); // reads only: responses are flushed below
                while (!_stop.IsCancellationRequested)
                {
                    // Request line and headers.
                    var head = new List<byte>();
                    int b;
                    while ((b = stream.ReadByte()) >= 0)
                    {
                        head.Add((byte)b);
                        int n0 = head.Count;
                        if (n0 >= 4 && head[n0 - 4] == '\r' && head[n0 - 3] == '\n' && head[n0 - 2] == '\r' && head[n0 - 1] == '\n')
                        {
                            break;
                        }
                    }

                    if (b < 0)
                    {
                        return;
                    }

                    string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
                    string path = lines[0].Split(' ')[1];
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (string line in lines.Skip(1))
                    {
                        int colon = line.IndexOf(':');
                        if (colon > 0)
                        {
                            headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                        }
                    }

                    int length = headers.TryGetValue("Content-Length", out string? cl) ? int.Parse(cl) : 0;
                    byte[] raw = new byte[length];
                    int read = 0;
                    while (read < length)
                    {
                        int got = stream.Read(raw, read, length - read);
                        if (got <= 0)
                        {
                            return;
                        }

                        read += got;
                    }

                    headers.TryGetValue("Content-Encoding", out string? encoding);
                    int n = Interlocked.Increment(ref _count);
                    Reply reply = Behavior(n);
                    headers.TryGetValue("Content-Type", out string? contentType);
                    headers.TryGetValue("X-Sentry-Auth", out string? auth);
                    var received = new Received
                    {
                        Path = path,
                        ContentType = contentType,
                        ContentEncoding = encoding,
                        Auth = auth,
                        Body = encoding == "gzip" ? ParsedEnvelope.Gunzip(raw) : raw,
                        Reply = reply,
                    };
                    if (reply.DelayMs > 0)
                    {
                        Thread.Sleep(reply.DelayMs);
                    }

                    Requests.Enqueue(received);
                    if (reply.Drop)
                    {
                        socket.LingerState = new LingerOption(true, 0); // RST, no response at all
                        socket.Close();
                        return;
                    }

                    byte[] body = Encoding.UTF8.GetBytes(reply.Status == 200 ? "{\"id\":\"0\"}" : "{\"detail\":\"scripted\"}");
                    var sb = new StringBuilder();
                    sb.Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(reply.Status == 200 ? "OK" : "Scripted").Append("\r\n");
                    sb.Append("Content-Type: application/json\r\n");
                    sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
                    foreach (KeyValuePair<string, string> h in reply.Headers)
                    {
                        sb.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
                    }

                    sb.Append("\r\n");
                    byte[] responseHead = Encoding.ASCII.GetBytes(sb.ToString());
                    stream.Write(responseHead, 0, responseHead.Length);
                    stream.Write(body, 0, body.Length);
                    stream.Flush();
                }
            }
            catch (Exception)
            {
                // connection gone
            }
            finally
            {
                try
                {
                    socket.Close();
                }
                catch (Exception)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _listener.Stop();
            }
            catch (Exception)
            {
            }

            foreach (Socket s in _sockets)
            {
                try
                {
                    s.Close();
                }
                catch (Exception)
                {
                }
            }

            try
            {
                _loop.Wait(2000);
            }
            catch (Exception)
            {
            }
        }
    }
}
