using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// Runs `spotlight tail traces -f json -p PORT`: Spotlight's own reading of what it received,
/// one JSON line per transaction (it prints the child-span count, not the spans). The tail is
/// replayed Spotlight's buffer when it connects, so it also sees what arrived before it started.
/// </summary>
public sealed class SpotlightTraceTail : IAsyncDisposable
{
    private readonly ObservedProcess _process;

    private SpotlightTraceTail(ObservedProcess process, ArrivalLog<JsonElement> lines)
    {
        _process = process;
        Lines = lines;
    }

    /// <summary>Every JSON line printed so far, parsed.</summary>
    public ArrivalLog<JsonElement> Lines { get; }

    public string DescribeOutput() => _process.DescribeOutput();

    public static SpotlightTraceTail Start(int port)
    {
        var lines = new ArrivalLog<JsonElement>();
        var process = SpotlightTool.Start(
            ["tail", "traces", "-f", "json", "-p", port.ToString(CultureInfo.InvariantCulture)],
            line => AddJsonLine(lines, line));
        return new SpotlightTraceTail(process, lines);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static void AddJsonLine(ArrivalLog<JsonElement> lines, string line)
    {
        if (line.StartsWith('{'))
        {
            using var document = JsonDocument.Parse(line);
            lines.Add(document.RootElement.Clone());
        }
    }
}
