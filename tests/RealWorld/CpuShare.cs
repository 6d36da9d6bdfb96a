using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>One project's CPU samples of the compiler server over its BG-alone builds.</summary>
internal sealed record CpuShareResult(CorpusProject Project, int Builds, long Samples, long BgSamples, IReadOnlyDictionary<string, long> ByRule, string? Failure);

/// <summary>
/// The speed command's <c>--cpu</c> mode: the share of the compiler server's CPU that BG code takes, from <c>perf</c>
/// samples of the server process over each project's BG-alone builds (the JIT's perf map names the analyzers' frames).
/// It complements the analyzer report, whose wall-clock times on a busy machine include every wait of a callback
/// (preemption, a garbage collection, a lock held by the compiler). A sample counts for the rule whose analyzer is the
/// outermost BG frame on its stack (the registered callback); a sample of BG code outside one is "shared".
/// </summary>
internal static partial class CpuShare
{
    private static readonly Dictionary<string, string?> PerfEnvironment = new()
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    public static List<CpuShareResult> Measure(Runner runner, IReadOnlyList<CorpusProject> projects, int runs, int warmup, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        // The server is started by the first warm-up build, so with the perf map on.
        Speed.RestartServer(runner, projects, warmup, project => runner.SpeedBuild(project, null, PerfEnvironment));

        var results = new List<CpuShareResult>();
        foreach (var project in projects)
        {
            var result = MeasureOne(runner, project, runs, workDirectory);
            results.Add(result);
            Console.Error.WriteLine(result.Failure is null
                ? $"{project.Display}: BG {result.BgSamples} of {result.Samples} server samples ({Percent(result.BgSamples, result.Samples)})"
                : $"{project.Display}: {result.Failure}");
        }

        return results;
    }

    private static CpuShareResult MeasureOne(Runner runner, CorpusProject project, int runs, string workDirectory)
    {
        var empty = new Dictionary<string, long>();
        if (!runner.IsRestored(project))
        {
            return new CpuShareResult(project, 0, 0, 0, empty, "no restored copy (run `run` first)");
        }

        // The project's references and generators load in an untimed build; that build also starts the server if needed.
        if (runner.SpeedBuild(project, null, PerfEnvironment) is { ExitCode: not 0 } failed)
        {
            return new CpuShareResult(project, 0, 0, 0, empty, $"build failed (exit {failed.ExitCode})");
        }

        var server = Shell.Run("pgrep", new[] { "-f", "VBCSCompiler" }, ".").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (server is null)
        {
            return new CpuShareResult(project, 0, 0, 0, empty, "no compiler server process");
        }

        var data = Path.Combine(workDirectory, project.Slug + ".perf");
        using var perf = Process.Start(new ProcessStartInfo("perf", new[] { "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", server, "-o", data }) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var run = 0; run < runs; run++)
        {
            runner.SpeedBuild(project, null, PerfEnvironment);
        }

        Shell.Run("kill", new[] { "-INT", perf.Id.ToString(CultureInfo.InvariantCulture) }, ".");
        perf.WaitForExit();
        var (samples, bg, byRule) = Count(data);
        File.Delete(data);
        return new CpuShareResult(project, runs, samples, bg, byRule, samples == 0 ? "perf recorded no sample" : null);
    }

    /// <summary>Streams <c>perf script</c>'s symbols: every sample, the BG ones, and the BG ones per rule.</summary>
    private static (long Samples, long Bg, Dictionary<string, long> ByRule) Count(string data)
    {
        using var script = Process.Start(new ProcessStartInfo("perf", new[] { "script", "-F", "ip,sym", "-i", data }) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        script.ErrorDataReceived += (_, _) => { };
        script.BeginErrorReadLine();
        long samples = 0, bg = 0;
        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        var inSample = false;
        var isBg = false;
        string? rule = null;
        void End()
        {
            if (!inSample)
            {
                return;
            }

            samples++;
            if (isBg)
            {
                bg++;
                byRule[rule ?? "shared"] = byRule.GetValueOrDefault(rule ?? "shared") + 1;
            }

            inSample = isBg = false;
            rule = null;
        }

        while (script.StandardOutput.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                End();
                continue;
            }

            inSample = true;
            if (line.Contains("BadGateway.Analyzers", StringComparison.Ordinal))
            {
                isBg = true;
                // Frames run from the leaf to the root: the last rule seen is the outermost, the registered callback's.
                if (RuleFrame().Match(line) is { Success: true } match)
                {
                    rule = match.Groups[1].Value;
                }
            }
        }

        End();
        script.WaitForExit();
        return (samples, bg, byRule);
    }

    public static string Markdown(IReadOnlyList<CpuShareResult> results, string header)
    {
        var text = new StringBuilder();
        text.AppendLine(header);
        text.AppendLine();
        text.AppendLine("| Project | Builds | Server samples | BG samples | BG % of the server's CPU | BG0101 | BG0102 | BG0201 | BG0301 | BG0302 | shared |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var shares = new List<double>();
        foreach (var result in results)
        {
            if (result.Failure is not null)
            {
                text.AppendLine($"| {result.Project.Display} | {result.Failure} ||||||||||");
                continue;
            }

            shares.Add((double)result.BgSamples / result.Samples);
            text.AppendLine($"| {result.Project.Display} | {result.Builds} | {result.Samples} | {result.BgSamples} | {Percent(result.BgSamples, result.Samples)} | "
                + string.Join(" | ", BuildLog.RuleIds.Append("shared").Select(id => Percent(result.ByRule.GetValueOrDefault(id), result.Samples))) + " |");
        }

        if (shares.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"BG: median {(100 * SpeedResult.Median(shares)).ToString("0.00", CultureInfo.InvariantCulture)}% of the server's CPU over {shares.Count} projects, highest {(100 * shares.Max()).ToString("0.00", CultureInfo.InvariantCulture)}%.");
        }

        return text.ToString();
    }

    private static string Percent(long part, long whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    [GeneratedRegex(@"BadGateway\.Analyzers\.Rules\.(BG0\d{3})[A-Z]")]
    private static partial Regex RuleFrame();
}
