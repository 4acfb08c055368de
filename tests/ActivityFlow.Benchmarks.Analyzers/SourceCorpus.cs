using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// A generated service: N files of realistic code (controllers, minimal APIs, services, Kafka producers and consumers,
/// background queues) plus one shared-types file; one file in 20 (5 %) holds the planted patterns. The expected
/// diagnostics follow from what was planted: one per planted rule per pattern unit.
/// </summary>
internal sealed class SourceCorpus
{
    /// <summary>Every 20th unit is a pattern unit (the 11th of each 20: the first files of a small corpus are clean code).</summary>
    private const int PatternPeriod = 20;
    private const int PatternOffset = 10;

    private SourceCorpus(ImmutableArray<SyntaxTree> trees, int patternUnits, ImmutableArray<string> plantedRules, int lines)
    {
        Trees = trees;
        PatternUnits = patternUnits;
        PlantedRules = plantedRules;
        Lines = lines;
    }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public int PatternUnits { get; }

    public ImmutableArray<string> PlantedRules { get; }

    public int Lines { get; }

    /// <summary>Expected ActivityFlow diagnostics per rule id.</summary>
    public ImmutableDictionary<string, int> Expected => PlantedRules.ToImmutableDictionary(id => id, _ => PatternUnits);

    public int ExpectedTotal => PatternUnits * PlantedRules.Length;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);

    /// <summary><paramref name="files"/> files, one unit each.</summary>
    public static SourceCorpus Files(int files, ISet<string> supportedIds)
    {
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>(files + 1);
        trees.Add(Parse(SharedTypes.Source, "Shared.cs"));
        int patternUnits = 0;
        int lines = 0;
        for (int i = 0; i < files; i++)
        {
            var text = CleanCode.Usings + $"namespace Shop.Module{i};\n\n" + Unit(i, supportedIds, ref patternUnits);
            lines += LineCount(text);
            trees.Add(Parse(text, $"Module{i}.cs"));
        }

        return new SourceCorpus(trees.MoveToImmutable(), patternUnits, PlantedPatterns.PlantedRules(supportedIds), lines);
    }

    /// <summary>One file of at least <paramref name="lines"/> lines, built from the same units.</summary>
    public static SourceCorpus OneFile(int lines, ISet<string> supportedIds)
    {
        var text = new StringBuilder(CleanCode.Usings).Append("namespace Shop.Big;\n\n");
        int patternUnits = 0;
        for (int i = 0; LineCount(text) < lines; i++)
        {
            text.Append(Unit(i, supportedIds, ref patternUnits));
        }

        var source = text.ToString();
        var trees = ImmutableArray.Create(Parse(SharedTypes.Source, "Shared.cs"), Parse(source, "Big.cs"));
        return new SourceCorpus(trees, patternUnits, PlantedPatterns.PlantedRules(supportedIds), LineCount(source));
    }

    /// <summary>One method of at least <paramref name="lines"/> lines of clean steps: no ActivityFlow diagnostic is expected.</summary>
    public static SourceCorpus OneMethod(int lines)
    {
        var source = LargeMethod.Source(lines);
        var trees = ImmutableArray.Create(Parse(SharedTypes.Source, "Shared.cs"), Parse(source, "BulkController.cs"));
        return new SourceCorpus(trees, 0, ImmutableArray<string>.Empty, LineCount(source));
    }

    public CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("Shop", Trees, CompileReferences.All, CompilationOptions);

    private static string Unit(int i, ISet<string> supportedIds, ref int patternUnits)
    {
        if (i % PatternPeriod == PatternOffset)
        {
            patternUnits++;
            return PlantedPatterns.Unit(i, supportedIds);
        }

        return CleanCode.Units[i % CleanCode.Units.Length](i);
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path, Encoding.UTF8);

    private static int LineCount(string text) => text.Count(c => c == '\n');

    private static int LineCount(StringBuilder text)
    {
        int count = 0;
        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (c == '\n')
                {
                    count++;
                }
            }
        }

        return count;
    }
}
