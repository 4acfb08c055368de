using System;
using System.Threading.Tasks;

namespace ActivityFlow.Evaluation;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        EvaluationOptions options;
        try
        {
            options = EvaluationOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        await EvaluationRun.RunAsync(options, Console.Out).ConfigureAwait(false);
        // The numbers are the result, not a pass/fail: a low score still exits 0.
        return 0;
    }
}
