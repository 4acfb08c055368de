using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// The IDE and many-project pattern: a new compilation of one small file against the full .NET 10 + ASP.NET Core +
/// Kafka + OpenTelemetry reference set, as after every edit. The references are shared (as a workspace shares them), the
/// compilation and everything bound in it are new, so what an analyzer spends per compilation shows.
/// </summary>
internal static class SmallCompilations
{
    private const string TrivialSource = """
        namespace Shop;

        public sealed class Money
        {
            public Money(decimal amount, string currency)
            {
                Amount = amount;
                Currency = currency;
            }

            public decimal Amount { get; }

            public string Currency { get; }

            public Money Add(Money other) => new(Amount + other.Amount, Currency);

            public override string ToString() => Amount.ToString("0.00") + " " + Currency;
        }
        """;

    private static int _counter;

    /// <summary>A fresh compilation of the trivial file (a new tree each time, so no syntax or binding is reused).</summary>
    public static CSharpCompilation NewTrivial()
    {
        var id = Interlocked.Increment(ref _counter);
        var tree = CSharpSyntaxTree.ParseText(TrivialSource + "\n// edit " + id + "\n", SourceCorpus.ParseOptions, path: "Money.cs");
        return CSharpCompilation.Create("Small" + id, new[] { tree }, CompileReferences.All, SourceCorpus.CompilationOptions);
    }
}
