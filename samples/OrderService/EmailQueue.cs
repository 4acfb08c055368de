using System.Threading.Channels;

namespace OrderService;

/// <summary>A background work queue (the IBackgroundTaskQueue pattern): requests queue work, this service runs it.</summary>
public sealed class EmailQueue : BackgroundService
{
    private readonly Channel<Func<CancellationToken, ValueTask>> work = Channel.CreateUnbounded<Func<CancellationToken, ValueTask>>();

    public ValueTask QueueAsync(Func<CancellationToken, ValueTask> item) => work.Writer.WriteAsync(item);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in work.Reader.ReadAllAsync(stoppingToken))
        {
            await item(stoppingToken);
        }
    }
}
