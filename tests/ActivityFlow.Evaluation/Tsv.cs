using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace ActivityFlow.Evaluation;

/// <summary>Tab-separated data files: '#' starts a comment line, the first non-comment line is the header.</summary>
internal static partial class Tsv
{
    public sealed record Row(string File, int LineNumber, string[] Columns);

    public static IEnumerable<Row> Rows(string path, int minimumColumns)
    {
        var header = true;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length < minimumColumns)
            {
                throw new FormatException($"{path}:{number}: expected {minimumColumns} tab-separated columns, found {columns.Length}");
            }

            yield return new Row(path, number, columns);
        }
    }

    public static string Commit(Row row, int column)
    {
        var value = row.Columns[column].Trim();
        return FullSha().IsMatch(value) ? value : throw new FormatException($"{row.File}:{row.LineNumber}: '{value}' is not a 40-character commit id");
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex FullSha();
}
