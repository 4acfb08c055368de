using System.Diagnostics;

namespace OrderService;

/// <summary>Writes audit records off the request thread, on the thread pool without the execution context.</summary>
public sealed class AuditTrail(ILogger<AuditTrail> logger)
{
    public void Record(string orderId)
    {
        // ACTX001: the unsafe variant drops Activity.Current, so the audit span starts a new trace.
        ThreadPool.UnsafeQueueUserWorkItem(id =>
        {
            using var activity = Telemetry.Source.StartActivity("audit.write");
            activity?.SetTag("order.id", id);
            logger.LogInformation("Audit record for {OrderId}", id);
        }, orderId, preferLocal: false);
    }
}
