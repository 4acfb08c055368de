using System;
using System.Collections.Generic;
using System.Linq;

namespace ActivityFlow.Evaluation;

/// <summary>
/// One hand-labelled site (a row of labels.tsv): at repo@commit, path:line, rule <see cref="Rule"/> (or "none": no
/// ActivityFlow rule at all) should report (<see cref="ExpectFlag"/>) or stay silent.
/// </summary>
internal sealed record Label(string Repository, string Commit, string Path, int Line, string Rule, bool ExpectFlag, string Reason, string Source)
{
    public const string NoRule = "none";

    public string Key => Repository + "@" + Commit;

    public static IReadOnlyList<Label> Read(string path)
    {
        var labels = Tsv.Rows(path, minimumColumns: 7).Select(row =>
        {
            var c = row.Columns;
            var where = $"{row.File}:{row.LineNumber}";
            var expect = c[5].Trim() switch
            {
                "flag" => true,
                "noflag" => false,
                var other => throw new FormatException($"{where}: expect must be flag or noflag, not '{other}'"),
            };
            var rule = c[4].Trim();
            if (rule == NoRule && expect)
            {
                throw new FormatException($"{where}: rule 'none' can only be expected noflag");
            }

            if (!int.TryParse(c[3], out var line) || line < 1)
            {
                throw new FormatException($"{where}: '{c[3]}' is not a line number");
            }

            return new Label(c[0].Trim(), Tsv.Commit(row, 1), c[2].Trim(), line, rule, expect, c[6].Trim(), $"labels.tsv:{row.LineNumber}");
        }).ToList();

        var duplicate = labels.GroupBy(l => (l.Key, l.Path, l.Line, l.Rule)).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? labels
            : throw new FormatException($"{path}: {duplicate.First().Path}:{duplicate.First().Line} {duplicate.First().Rule} is labelled twice ({string.Join(", ", duplicate.Select(l => l.Source))})");
    }
}
