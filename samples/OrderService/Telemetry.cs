using System.Diagnostics;

namespace OrderService;

public static class Telemetry
{
    public static readonly ActivitySource Source = new("OrderService");
}
