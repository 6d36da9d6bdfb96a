using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>Reads what a detailed build log (-v:d, -clp:PerformanceSummary, ReportAnalyzer) and a SARIF log say.</summary>
internal static partial class BuildLog
{
    public static readonly string[] RuleIds = { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" };

    /// <summary>The CoreCompile target's time from the performance summary (the project under test only: references are not built).</summary>
    public static double CoreCompileMs(string log)
    {
        var match = CoreCompileLine().Matches(log).LastOrDefault();
        return match is null ? 0 : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Milliseconds per BG id from the compiler's /reportanalyzer table; and the total of all analyzers.</summary>
    public static (Dictionary<string, double> RuleMs, double TotalMs) AnalyzerTimes(string log)
    {
        var byId = AnalyzerTimesById(log);
        var total = TotalLine().Matches(log).Sum(m => Seconds(m.Groups[1].Value) * 1000);
        return (RuleIds.ToDictionary(id => id, id => byId.GetValueOrDefault(id)), total);
    }

    /// <summary>
    /// Milliseconds per diagnostic id from every analyzer row of the /reportanalyzer table (ours and any other: a row
    /// ends with the analyzer's ids in parentheses; a row of several ids gives its time to each).
    /// </summary>
    public static Dictionary<string, double> AnalyzerTimesById(string log)
    {
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var raw in log.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (TotalLine().IsMatch(line))
            {
                inTable = true;
                continue;
            }

            if (line.Contains("Time (s)", StringComparison.Ordinal) && line.Contains("Generator", StringComparison.Ordinal))
            {
                inTable = false;
                continue;
            }

            var row = AnalyzerRow().Match(line);
            var ids = RowIds().Match(line);
            if (!inTable || !row.Success || !ids.Success)
            {
                continue;
            }

            foreach (var id in ids.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                times[id] = times.GetValueOrDefault(id) + Seconds(row.Groups[1].Value) * 1000;
            }
        }

        return times;
    }

    /// <summary>Whether the compiler server (not a csc process of its own) compiled the project.</summary>
    public static bool ServerCompiled(string log) => log.Contains("CompilerServer: server - server processed compilation", StringComparison.Ordinal);

    /// <summary>Distinct compiler and MSBuild errors of a build's output.</summary>
    public static List<string> Errors(string log) =>
        log.Split('\n')
            .Select(l => l.Trim())
            .Where(l => ErrorLine().IsMatch(l))
            .Select(l => BuildSuffix().Replace(l, string.Empty))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>AD0001 (an analyzer threw) warnings naming a BG analyzer.</summary>
    public static int AnalyzerExceptions(string log) =>
        log.Split('\n').Where(l => l.Contains("AD0001", StringComparison.Ordinal) && l.Contains("BadGateway", StringComparison.Ordinal))
            .Select(l => BuildSuffix().Replace(l.Trim(), string.Empty)).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The BG results of a SARIF 2.1 log, with file paths relative to <paramref name="root"/>.</summary>
    public static List<(string File, int Line, string Id, string Message)> SarifReports(string sarifPath, string root)
    {
        var reports = new List<(string, int, string, string)>();
        if (!File.Exists(sarifPath))
        {
            return reports;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            foreach (var result in results.EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString() ?? "";
                if (!id.StartsWith("BG", StringComparison.Ordinal))
                {
                    continue;
                }

                if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0)
                {
                    continue;
                }

                var message = result.GetProperty("message").GetProperty("text").GetString() ?? "";
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "";
                var line = location.GetProperty("region").GetProperty("startLine").GetInt32();
                reports.Add((Relative(uri, root), line, id, message));
            }
        }

        return reports;
    }

    private static string Relative(string uri, string root)
    {
        var path = uri.StartsWith("file://", StringComparison.Ordinal) ? new Uri(uri).LocalPath : uri;
        var relative = Path.GetRelativePath(root, path);
        return relative.Replace('\\', '/');
    }

    private static double Seconds(string text) =>
        text.StartsWith('<') ? 0 : double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(\d+) ms\s+CoreCompile\s+\d+ calls", RegexOptions.Multiline)]
    private static partial Regex CoreCompileLine();

    [GeneratedRegex(@"Total analyzer execution time: ([\d.]+) seconds")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*(<?[\d.]+)\s+<?\d+\s+\S")]
    private static partial Regex AnalyzerRow();

    [GeneratedRegex(@"\(([A-Z]+\d+(?:,\s*[A-Z]+\d+)*)\)\s*$")]
    private static partial Regex RowIds();

    [GeneratedRegex(@"(: error [A-Z]+\d+:|^error [A-Z]*\d*:|: error :)")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj(::[^\]]*)?\]\s*$")]
    private static partial Regex BuildSuffix();
}
