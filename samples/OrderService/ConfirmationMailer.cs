namespace OrderService;

/// <summary>Sends order confirmations (slow: the mail relay takes its time).</summary>
public sealed class ConfirmationMailer(ILogger<ConfirmationMailer> logger)
{
    public async ValueTask SendConfirmationAsync(string orderId, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("email.send");
        activity?.SetTag("order.id", orderId);
        await Task.Delay(TimeSpan.FromMilliseconds(450), cancellationToken);
        logger.LogInformation("Confirmation for order {OrderId} sent", orderId);
    }
}
