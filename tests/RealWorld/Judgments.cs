using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>One line of judgments.tsv: repo, file, line, id, verdict (TP, FP, DEBATABLE), one-line reason.</summary>
internal sealed record Judgment(string Repo, string File, int Line, string Id, string Verdict, string Reason)
{
    public (string Repo, string File, int Line, string Id) Key => (Repo, File, Line, Id);
}

/// <summary>A report of an earlier run (baseline.tsv: repo, project, file, line, id), to show what a change lost or added.</summary>
internal sealed record BaselineReport(string Repo, string Project, string File, int Line, string Id)
{
    public (string Repo, string File, int Line, string Id) Key => (Repo, File, Line, Id);
}

internal static class Judgments
{
    public static readonly string[] Verdicts = { "TP", "FP", "DEBATABLE" };

    public static Dictionary<(string, string, int, string), Judgment> Read(string path)
    {
        var judgments = new Dictionary<(string, string, int, string), Judgment>();
        if (!File.Exists(path))
        {
            return judgments;
        }

        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (raw.Length == 0 || raw.StartsWith('#') || raw.StartsWith("repo\t", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = raw.Split('\t');
            if (cells.Length < 6 || !int.TryParse(cells[2], out var line) || !Verdicts.Contains(cells[4]))
            {
                throw new FormatException($"{path}({number}): expected repo, file, line, id, TP|FP|DEBATABLE, reason; found '{raw}'.");
            }

            var judgment = new Judgment(cells[0], cells[1], line, cells[3], cells[4], cells[5]);
            judgments[judgment.Key] = judgment;
        }

        return judgments;
    }

    public static List<BaselineReport> ReadBaseline(string path)
    {
        if (!File.Exists(path))
        {
            return new List<BaselineReport>();
        }

        return File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("repo\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .Select(c => new BaselineReport(c[0], c[1], c[2], int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture), c[4]))
            .ToList();
    }

    public static void WriteBaseline(string path, RunResult run)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine($"# The BG reports of run '{run.Label}' (analyzers at {run.AnalyzerCommit}, {run.Started}): the 'before' of docs/real-world.md.");
        writer.WriteLine("repo\tproject\tfile\tline\tid");
        foreach (var report in run.Projects.SelectMany(p => p.Reports))
        {
            writer.WriteLine($"{report.Repo}\t{report.Project}\t{report.File}\t{report.Line}\t{report.Id}");
        }
    }

    /// <summary>Prints what needs a person: unjudged reports, judged false positives that came back, judged true positives lost.</summary>
    public static int Compare(RunResult run, Dictionary<(string, string, int, string), Judgment> judgments, List<BaselineReport> baseline)
    {
        var current = run.Projects.SelectMany(p => p.Reports).ToList();
        var currentKeys = current.Select(r => r.Key).ToHashSet();
        var unjudged = current.Where(r => !judgments.ContainsKey(r.Key)).ToList();
        var falsePositives = current.Where(r => judgments.TryGetValue(r.Key, out var j) && j.Verdict == "FP").ToList();
        var ranProjects = run.Projects.Where(p => p.Failure is null).Select(p => (p.Repo, p.Project)).ToHashSet();
        var lost = baseline
            .Where(b => ranProjects.Contains((b.Repo, b.Project)) && !currentKeys.Contains(b.Key) && judgments.TryGetValue(b.Key, out var j) && j.Verdict == "TP")
            .ToList();

        Console.WriteLine();
        Console.WriteLine($"Unjudged reports: {unjudged.Count}");
        foreach (var report in unjudged)
        {
            Console.WriteLine($"  NEW\t{report.Repo}\t{report.File}\t{report.Line}\t{report.Id}\t{report.Message}");
        }

        Console.WriteLine($"Judged false positives reported again: {falsePositives.Count}");
        foreach (var report in falsePositives)
        {
            Console.WriteLine($"  FP\t{report.Repo}\t{report.File}\t{report.Line}\t{report.Id}\t{judgments[report.Key].Reason}");
        }

        Console.WriteLine($"Judged true positives of the baseline no longer reported: {lost.Count}");
        foreach (var report in lost)
        {
            Console.WriteLine($"  LOST\t{report.Repo}\t{report.File}\t{report.Line}\t{report.Id}\t{judgments[report.Key].Reason}");
        }

        return unjudged.Count + falsePositives.Count + lost.Count;
    }
}
