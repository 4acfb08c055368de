using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Sentry;

namespace OrderService;

[ApiController]
[Route("orders")]
public sealed class OrdersController(
    AuditTrail audit,
    PriceCache prices,
    OrderEvents events,
    EmailQueue emails,
    ConfirmationMailer mailer,
    Recommendations recommendations,
    Invoicing invoicing,
    Loyalty loyalty,
    OrderRepository repository) : ControllerBase
{
    [HttpPost("{id}")]
    public async Task<IActionResult> Place(string id, CancellationToken cancellationToken)
    {
        Activity.Current?.SetTag("order.id", id);
        if (id.EndsWith('2'))
        {
            // The card was declined: an error for Sentry, which links it to this request's trace.
            SentrySdk.CaptureException(new InvalidOperationException($"Card declined for order {id}"));
        }

        audit.Record(id);
        prices.Track(id);
        prices.RefreshInBackground(id);
        events.Placed(id);
        invoicing.Request(id);

        // ACTX006: the channel carries the delegate, not this request's ExecutionContext.
        await emails.QueueAsync(ct => mailer.SendConfirmationAsync(id, ct));

        // ACTX004: nobody waits for the recommendations: they outlive the request's span.
        _ = Task.Run(() => recommendations.RefreshAsync(id));

        loyalty.Award(customerId: "C-" + id);
        await repository.SaveAsync(id, cancellationToken);

        return Accepted($"/orders/{id}");
    }
}
