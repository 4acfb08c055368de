using System.Diagnostics;

namespace OrderService;

/// <summary>Books loyalty points; the booking is traced on its own, not as part of the order request.</summary>
public sealed class Loyalty(ILogger<Loyalty> logger)
{
    public void Award(string customerId)
    {
        // ACTX201: never restored: everything the request does after this call runs without its Activity.
        Activity.Current = null;
        using var activity = Telemetry.Source.StartActivity("loyalty.award");
        activity?.SetTag("customer.id", customerId);
        logger.LogInformation("Points booked for {CustomerId}", customerId);
    }
}
