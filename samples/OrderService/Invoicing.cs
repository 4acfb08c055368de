using System.Diagnostics;
using System.Threading.Channels;

namespace OrderService;

/// <summary>Renders invoices in the background; a request hands over the order and the trace it belongs to.</summary>
public sealed class Invoicing : BackgroundService
{
    private readonly Channel<InvoiceRequest> requests = Channel.CreateUnbounded<InvoiceRequest>();

    public void Request(string orderId) => requests.Writer.TryWrite(new InvoiceRequest(orderId, Activity.Current?.Id ?? ""));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in requests.Reader.ReadAllAsync(stoppingToken))
        {
            await RenderAsync(request, stoppingToken);
        }
    }

    private static async Task RenderAsync(InvoiceRequest request, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("invoice.render");
        // ACTX203: too late, the Activity has started (as a new root): the runtime ignores this.
        activity?.SetParentId(request.TraceParent);
        activity?.SetTag("order.id", request.OrderId);
        await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
    }
}

public sealed record InvoiceRequest(string OrderId, string TraceParent);
