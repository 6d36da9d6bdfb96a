using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace BadGateway.Analyzers.RealWorld;

/// <summary>The real-world corpus runner. Commands and options: README.md beside this file.</summary>
internal static class Program
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: extract --mirror DIR --corpus DIR | run --corpus DIR [--label NAME] [--only TEXT]... [--no-format] [--reports-only] [--measure-every-tfm] [--analyzers DIR] | report --corpus DIR [--label NAME] | baseline --corpus DIR [--label NAME] | reports --corpus DIR [--label NAME] [--unjudged] | speed --corpus DIR [--runs N] [--warmup N] [--cpu] [--only TEXT]... [--analyzers DIR] [--out FILE]");
            return args.Length == 0 ? 2 : 0;
        }

        var options = Options.Parse(args.Skip(1));
        var root = RepositoryRoot();
        var here = Path.Combine(root, "tests", "RealWorld");
        var projects = ProjectList.Read(Path.Combine(here, "projects.txt"));
        var only = options.All("only");
        var selected = projects.Where(p => only.Count == 0 || only.Any(o => p.Display.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
        var corpus = Path.GetFullPath(options.Required("corpus"));
        var label = options.Single("label") ?? "latest";
        var resultsDirectory = Path.Combine(corpus, "results", label);
        var resultsFile = Path.Combine(resultsDirectory, "results.json");
        var judgmentsFile = Path.Combine(here, "judgments.tsv");
        var baselineFile = Path.Combine(here, "baseline.tsv");

        switch (args[0])
        {
            case "extract":
                return Corpus.Extract(Path.GetFullPath(options.Required("mirror")), corpus, selected) == 0 ? 0 : 1;

            case "run":
            {
                Directory.CreateDirectory(resultsDirectory);
                var run = File.Exists(resultsFile) ? Load(resultsFile) : new RunResult();
                run.Label = label;
                run.AnalyzerCommit = options.Single("analyzers") is { } external ? "DLLs from " + Path.GetFileName(Path.GetFullPath(external).TrimEnd('/')) : AnalyzerCommit(root);
                run.Started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                run.Sdk = "SDK " + Shell.Run("dotnet", new[] { "--version" }, root).Output.Trim();
                var analyzers = options.Single("analyzers") ?? Pack(root, corpus);
                var runner = new Runner(corpus, Path.GetFullPath(analyzers), Path.Combine(here, "BadGateway.RealWorld.targets"), resultsDirectory);
                foreach (var project in selected)
                {
                    var result = runner.Run(project, format: !options.Flag("no-format") && !options.Flag("reports-only"), reportsOnly: options.Flag("reports-only"), measureEveryTfm: options.Flag("measure-every-tfm"));
                    result.AnalyzerCommit = run.AnalyzerCommit;
                    // A project of an earlier run that projects.txt no longer lists (dropped, or moved to NOT BUILT) leaves the results.
                    run.Projects.RemoveAll(p => (p.Repo == result.Repo && p.Project == result.Project) || PositionIn(projects, p) < 0);
                    run.Projects.Add(result);
                    run.Projects.Sort((a, b) => PositionIn(projects, a).CompareTo(PositionIn(projects, b)));
                    File.WriteAllText(resultsFile, JsonSerializer.Serialize(run, Json));
                }

                Judgments.Compare(run, Judgments.Read(judgmentsFile), Judgments.ReadBaseline(baselineFile));
                Console.WriteLine($"Results: {resultsFile}. Write the docs with: report --corpus {corpus} --label {label}");
                return 0;
            }

            case "speed":
            {
                var analyzers = options.Single("analyzers") ?? Pack(root, corpus);
                var runs = int.Parse(options.Single("runs") ?? "3", CultureInfo.InvariantCulture);
                var warmup = int.Parse(options.Single("warmup") ?? "4", CultureInfo.InvariantCulture);
                var runner = new Runner(corpus, Path.GetFullPath(analyzers), Path.Combine(here, "BadGateway.RealWorld.targets"), resultsDirectory);
                var what = options.Single("analyzers") is null ? AnalyzerCommit(root) : "DLLs from " + analyzers;
                var started = DateTime.UtcNow;
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
                if (options.Flag("cpu"))
                {
                    var shares = CpuShare.Measure(runner, selected, runs, warmup, Path.Combine(resultsDirectory, "cpu"));
                    Speed.Write(
                        CpuShare.Markdown(shares, $"Measured {started:yyyy-MM-dd HH:mm}–{DateTime.UtcNow:HH:mm} UTC with {what}, {Environment.ProcessorCount} cores: "
                            + $"perf at 999 Hz on the compiler server over {runs} BG-alone builds per project, after a warm-up of {warmup} builds and one untimed build per project."),
                        options.Single("out") ?? Path.Combine(resultsDirectory, "cpu.md"));
                    return shares.All(r => r.Failure is null) ? 0 : 1;
                }

                var peers = new SpeedPeers(PeerAssemblies(root), Path.Combine(here, "BadGateway.RealWorld.peers.globalconfig"));
                var results = Speed.Measure(runner, selected, peers, runs, warmup, Path.Combine(resultsDirectory, "speed"));
                var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
                Speed.Write(
                    Speed.Markdown(results, runs, $"Measured {started:yyyy-MM-dd HH:mm}–{DateTime.UtcNow:HH:mm} UTC with {what}, "
                        + $"SDK {Shell.Run("dotnet", new[] { "--version" }, root).Output.Trim()}, {Environment.ProcessorCount} cores, {runs} measured builds of each kind per project after a server warm-up of {warmup} pairs; load average before: {load}; after: {loadAfter}."),
                    options.Single("out") ?? Path.Combine(resultsDirectory, "speed.md"));
                return results.All(r => r.Failure is null) ? 0 : 1;
            }

            case "report":
            {
                var run = Load(resultsFile);
                var judgments = Judgments.Read(judgmentsFile);
                var baseline = Judgments.ReadBaseline(baselineFile);
                var open = Judgments.Compare(run, judgments, baseline);
                Markdown.Write(Path.Combine(root, "docs", "real-world.md"), run, judgments, baseline);
                Console.WriteLine($"Wrote docs/real-world.md ({open} report(s) need a person).");
                return 0;
            }

            case "baseline":
                Judgments.WriteBaseline(baselineFile, Load(resultsFile));
                Console.WriteLine($"Wrote {baselineFile}.");
                return 0;

            case "reports":
            {
                var run = Load(resultsFile);
                var judgments = Judgments.Read(judgmentsFile);
                Console.WriteLine("repo\tfile\tline\tid\tverdict\tmessage\tpath");
                foreach (var report in run.Projects.SelectMany(p => p.Reports))
                {
                    judgments.TryGetValue(report.Key, out var judgment);
                    if (options.Flag("unjudged") && judgment is not null)
                    {
                        continue;
                    }

                    var path = Path.Combine(corpus, "src", report.Repo.Replace('/', '+'), report.File);
                    Console.WriteLine($"{report.Repo}\t{report.File}\t{report.Line}\t{report.Id}\t{judgment?.Verdict ?? "-"}\t{report.Message}\t{path}");
                }

                return 0;
            }

            default:
                Console.Error.WriteLine($"Unknown command '{args[0]}'.");
                return 2;
        }
    }

    /// <summary>Where projects.txt lists <paramref name="result"/>'s project, or -1.</summary>
    private static int PositionIn(ImmutableArray<CorpusProject> projects, ProjectResult result)
    {
        for (var i = 0; i < projects.Length; i++)
        {
            if (projects[i].Repo == result.Repo && projects[i].ProjectPath == result.Project)
            {
                return i;
            }
        }

        return -1;
    }

    private static RunResult Load(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no run.");

    /// <summary>Packs the package project under a fresh version and extracts its analyzers/dotnet/cs folder.</summary>
    private static string Pack(string root, string corpus)
    {
        var version = "0.0.0-rw." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var feed = Path.Combine(corpus, "feed");
        Console.WriteLine($"Packing BadGateway.Analyzers {version}");
        var pack = Shell.Run("dotnet", new[] { "pack", Path.Combine(root, "src", "BadGateway.Analyzers.Package", "BadGateway.Analyzers.Package.csproj"), "-c", "Release", "-o", feed, "-p:PackageVersion=" + version }, root);
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        }

        var analyzers = Path.Combine(corpus, "analyzers", version);
        Directory.CreateDirectory(analyzers);
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"BadGateway.Analyzers.{version}.nupkg"));
        foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)))
        {
            entry.ExtractToFile(Path.Combine(analyzers, entry.Name), overwrite: true);
        }

        return analyzers;
    }

    /// <summary>
    /// The peer analyzers' assemblies from the NuGet cache, at the versions Directory.Packages.props pins (the
    /// benchmark project restores them): Microsoft.VisualStudio.Threading.Analyzers and Microsoft.CodeAnalysis.NetAnalyzers.
    /// </summary>
    private static List<string> PeerAssemblies(string root)
    {
        var props = File.ReadAllText(Path.Combine(root, "Directory.Packages.props"));
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var assemblies = new List<string>();
        foreach (var (package, folder) in new[] { ("Microsoft.VisualStudio.Threading.Analyzers", "analyzers/cs"), ("Microsoft.CodeAnalysis.NetAnalyzers", "analyzers/dotnet/cs") })
        {
            var version = System.Text.RegularExpressions.Regex.Match(props, $"Include=\"{System.Text.RegularExpressions.Regex.Escape(package)}\" Version=\"([^\"]+)\"").Groups[1].Value;
            var directory = Path.Combine(cache, package.ToLowerInvariant(), version, folder);
            if (version.Length == 0 || !Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"{package} {version} is not in {cache} (restore the benchmark project first).");
            }

            assemblies.AddRange(Directory.GetFiles(directory, "*.dll").Where(f => !f.Contains("CodeFixes", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal));
        }

        return assemblies;
    }

    private static string AnalyzerCommit(string root)
    {
        var head = Shell.Run("git", new[] { "rev-parse", "--short", "HEAD" }, root).Output.Trim();
        var dirty = Shell.Run("git", new[] { "status", "--porcelain", "--", "src" }, root).Output.Trim().Length > 0;
        return dirty ? head + "+uncommitted" : head;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run this from inside the BadGateway.Analyzers repository (no Analyzers.sln above).");
    }

    private sealed class Options
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            var list = args.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (!list[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{list[i]}'.");
                }

                var name = list[i][2..];
                if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    if (!options._values.TryGetValue(name, out var values))
                    {
                        options._values[name] = values = new List<string>();
                    }

                    values.Add(list[++i]);
                }
                else
                {
                    options._flags.Add(name);
                }
            }

            return options;
        }

        public string Required(string name) => Single(name) ?? throw new ArgumentException($"--{name} is required.");

        public string? Single(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

        public List<string> All(string name) => _values.TryGetValue(name, out var values) ? values : new List<string>();

        public bool Flag(string name) => _flags.Contains(name);
    }
}
