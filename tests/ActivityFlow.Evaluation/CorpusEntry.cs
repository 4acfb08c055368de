using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ActivityFlow.Evaluation;

/// <summary>One repository at one commit, with the projects to compile (a row of corpus.tsv).</summary>
internal sealed record CorpusEntry(string Repository, string Commit, IReadOnlyList<string> Projects, string Why)
{
    public string Key => Repository + "@" + Commit;

    /// <summary>Columns: repo, commit (40 hex), project paths separated by ';', why it is in the set.</summary>
    public static IReadOnlyList<CorpusEntry> Read(string path) =>
        Tsv.Rows(path, minimumColumns: 4)
            .Select(row => new CorpusEntry(
                row.Columns[0],
                Tsv.Commit(row, 1),
                row.Columns[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                row.Columns[3]))
            .ToList();
}
