using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>The assemblies of the peer analyzers and the global config that keeps only the compared rules on.</summary>
internal sealed record SpeedPeers(IReadOnlyList<string> Assemblies, string GlobalConfig);

/// <summary>What the builds of one project measured: per build, CoreCompile and each analyzer id's time.</summary>
internal sealed class SpeedResult
{
    public required CorpusProject Project { get; init; }

    public string? Failure { get; set; }

    public List<double> CoreCompileMs { get; } = new();

    /// <summary>The BG builds (the project's own analyzers and ours): each id's ms per build.</summary>
    public List<Dictionary<string, double>> Alone { get; } = new();

    /// <summary>The peer builds (ours and the peers, nothing else): each id's ms per build.</summary>
    public List<Dictionary<string, double>> WithPeers { get; } = new();

    public double AloneMedian(string id) => Median(Alone.Select(b => b.GetValueOrDefault(id)));

    public double AllBg(Dictionary<string, double> build) => BuildLog.RuleIds.Sum(id => build.GetValueOrDefault(id));

    public double PeersMedian(string id) => Median(WithPeers.Select(b => b.GetValueOrDefault(id)));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>
/// Issue #16's measure: the compiler's own analyzer report in real builds through the compiler server, as a
/// developer's second build runs. After a warm-up of the new server, per project: one untimed build of each kind
/// (the project's references and generators), then <c>runs</c> timed pairs in alternating order (BG alone, then BG
/// with the peers; reversed every other pair).
/// </summary>
internal static class Speed
{
    private static readonly string[] PeerIds = { "VSTHRD002", "VSTHRD103", "CA1849" };

    public static List<SpeedResult> Measure(Runner runner, IReadOnlyList<CorpusProject> projects, SpeedPeers peers, int runs, int warmup, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        RestartServer(runner, projects, warmup, project =>
        {
            runner.SpeedBuild(project, null);
            runner.SpeedBuild(project, peers);
        });

        var results = new List<SpeedResult>();
        foreach (var project in projects)
        {
            var result = new SpeedResult { Project = project };
            results.Add(result);
            if (!runner.IsRestored(project))
            {
                result.Failure = "no restored copy (run `run` first)";
                continue;
            }

            for (var run = 0; run <= runs; run++)
            {
                var order = run % 2 == 0 ? new[] { false, true } : new[] { true, false };
                foreach (var withPeers in order)
                {
                    var build = runner.SpeedBuild(project, withPeers ? peers : null);
                    File.WriteAllText(Path.Combine(logDirectory, $"{project.Slug}.speed.{run}.{(withPeers ? "peers" : "alone")}.log"), build.Output);
                    if (build.ExitCode != 0 || !BuildLog.ServerCompiled(build.Output))
                    {
                        result.Failure = build.ExitCode != 0 ? $"build failed (exit {build.ExitCode})" : "the compiler server did not compile it";
                        break;
                    }

                    // The first pair warms the server (the analyzers' and peers' code is compiled by the JIT there).
                    if (run == 0)
                    {
                        continue;
                    }

                    var times = BuildLog.AnalyzerTimesById(build.Output);
                    if (withPeers)
                    {
                        result.WithPeers.Add(times);
                    }
                    else
                    {
                        result.Alone.Add(times);
                        result.CoreCompileMs.Add(BuildLog.CoreCompileMs(build.Output));
                    }
                }

                if (result.Failure is not null)
                {
                    break;
                }
            }

            Console.Error.WriteLine(result.Failure is null
                ? $"{project.Display}: CoreCompile {SpeedResult.Median(result.CoreCompileMs):0} ms, all BG {SpeedResult.Median(result.Alone.Select(result.AllBg)):0.0} ms"
                : $"{project.Display}: {result.Failure}");
        }

        return results;
    }

    /// <summary>
    /// A fresh compiler server (it loads the analyzers under test, not an earlier run's, and whatever environment the
    /// next build gives it), then <paramref name="warmup"/> untimed rounds of <paramref name="build"/> on the first
    /// restored project: a new server runs the compiler's and the analyzers' code as the JIT's first tier (Flurl.Http's
    /// CoreCompile takes about 1 s in a server's third build and 0.3 s from its tenth on), and a developer's server has
    /// compiled many times before the build they wait for.
    /// </summary>
    public static void RestartServer(Runner runner, IReadOnlyList<CorpusProject> projects, int warmup, Action<CorpusProject> build)
    {
        Shell.Run("dotnet", new[] { "build-server", "shutdown" }, ".");
        foreach (var project in projects.Where(runner.IsRestored).Take(1))
        {
            for (var i = 0; i < warmup; i++)
            {
                build(project);
            }
        }
    }

    /// <summary>The run's markdown, printed and written to <paramref name="path"/>.</summary>
    public static void Write(string markdown, string path)
    {
        File.WriteAllText(path, markdown);
        Console.WriteLine(markdown);
        Console.WriteLine($"Wrote {path}.");
    }

    public static string Markdown(IReadOnlyList<SpeedResult> results, int runs, string header)
    {
        static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture);
        static string Ratio(double peer, double ours) => ours <= 0 ? (peer > 0 ? "∞" : "-") : (peer / ours).ToString("0.0", CultureInfo.InvariantCulture) + "×";
        var text = new StringBuilder();
        text.AppendLine(header);
        text.AppendLine();
        text.AppendLine($"#### BG alone: the share of CoreCompile (median of {runs} builds)");
        text.AppendLine();
        text.AppendLine("| Project | CoreCompile ms | All BG ms | All BG % | BG0101 | BG0102 | BG0201 | BG0301 | BG0302 | All BG per build (ms) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var shares = new List<double>();
        foreach (var result in results)
        {
            if (result.Failure is not null)
            {
                text.AppendLine($"| {result.Project.Display} | {result.Failure} |||||||||");
                continue;
            }

            var compile = SpeedResult.Median(result.CoreCompileMs);
            var all = SpeedResult.Median(result.Alone.Select(result.AllBg));
            var share = 100 * all / compile;
            shares.Add(share);
            text.AppendLine($"| {result.Project.Display} | {Ms(compile)} | {Ms(all)} | {share.ToString("0.00", CultureInfo.InvariantCulture)}% | "
                + string.Join(" | ", BuildLog.RuleIds.Select(id => Ms(result.AloneMedian(id))))
                + " | " + string.Join(", ", result.Alone.Select(b => Ms(result.AllBg(b)))) + " |");
        }

        if (shares.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"All BG: median {SpeedResult.Median(shares).ToString("0.00", CultureInfo.InvariantCulture)}% of CoreCompile over {shares.Count} projects, highest {shares.Max().ToString("0.00", CultureInfo.InvariantCulture)}% (targets: at most 2% on each, median at most 1%).");
        }

        text.AppendLine();
        text.AppendLine($"#### BG with its peers in the same build (median of {runs} builds; every other analyzer diagnostic off)");
        text.AppendLine();
        text.AppendLine("| Project | BG0101 | VSTHRD002 | ÷ | BG0102 | VSTHRD103 | CA1849 | ÷ |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results.Where(r => r.Failure is null))
        {
            var bg0101 = result.PeersMedian("BG0101");
            var bg0102 = result.PeersMedian("BG0102");
            var peers = PeerIds.ToDictionary(id => id, result.PeersMedian);
            text.AppendLine($"| {result.Project.Display} | {Ms(bg0101)} | {Ms(peers["VSTHRD002"])} | {Ratio(peers["VSTHRD002"], bg0101)} | {Ms(bg0102)} | {Ms(peers["VSTHRD103"])} | {Ms(peers["CA1849"])} | {Ratio(Math.Min(peers["VSTHRD103"], peers["CA1849"]), bg0102)} |");
        }

        text.AppendLine();
        text.AppendLine("`÷` is the faster peer for the same pattern divided by ours (the target is at least 2×). The report's times are wall-clock time inside each analyzer's callbacks, summed over the analyzer threads; \"0\" is under 0.5 ms (the report prints `<0.001` s).");
        return text.ToString();
    }
}
