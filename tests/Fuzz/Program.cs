using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// <code>
/// fuzz [--inputs N] [--seed S] [--parallel P] [--out DIR] [--own-corpus GENERATED] [--max-kb K] [--timeout-s T] [--no-minimise] [--no-own-corpus]
///      [--source FOLDER[=COMPILER_ARGS]]... [--corpus REAL_WORLD_CORPUS]
/// fuzz --replay FILE [--no-minimise] [--no-own-corpus --source FOLDER[=COMPILER_ARGS]]
/// fuzz --fix-coverage --corpus REAL_WORLD_CORPUS [--out FILE.md]   (see FixCoverageCommand)
/// </code>
/// COMPILER_ARGS is a <c>.rsp</c> file or a build log with the <c>csc</c> command line (<c>dotnet build -v:d</c>): the
/// folder's files are then compiled with that project's references and symbols. <c>--replay</c> runs one saved input
/// (a <c>minimised.cs</c>) with the last set's references, prints its failures and minimises each into FILE.minN.cs. <c>--corpus</c> takes every project folder of the real-world runner's
/// corpus (<c>src/owner+name</c>), each with the compiler arguments of its build log that has the most references
/// (<c>results/after/logs/owner+name__*.measured.*.log</c>) when there is one. The exit code is 1 when there was a failure.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var inputs = 10_000;
        var seed = 1;
        var parallel = Environment.ProcessorCount;
        string? output = null;
        string? replay = null;
        var generated = 40;
        var maxKb = 256;
        var timeout = 120;
        var minimise = true;
        var ownCorpus = true;
        var sources = new List<string>();
        if (args.Length >= 1 && args[0] == "--fix-coverage")
        {
            var corpusIndex = Array.IndexOf(args, "--corpus");
            var outIndex = Array.IndexOf(args, "--out");
            return await FixCoverageCommand.RunAsync(args[corpusIndex + 1], outIndex < 0 ? null : args[outIndex + 1]).ConfigureAwait(false);
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--inputs": inputs = Number(); break;
                case "--seed": seed = Number(); break;
                case "--parallel": parallel = Number(); break;
                case "--out": output = Value(); break;
                case "--own-corpus": generated = Number(); break;
                case "--max-kb": maxKb = Number(); break;
                case "--timeout-s": timeout = Number(); break;
                case "--no-minimise": minimise = false; break;
                case "--no-own-corpus": ownCorpus = false; break;
                case "--source": sources.Add(Value()); break;
                case "--corpus": sources.AddRange(RealWorldCorpus(Value())); break;
                case "--replay": replay = Value(); break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}; see Program.cs or docs/robustness.md");
                    return 2;
            }
        }

        var sets = new List<SourceSet>();
        if (ownCorpus)
        {
            sets.Add(await SourceSet.OwnCorpusAsync(generated, seed).ConfigureAwait(false));
        }

        foreach (var source in sources)
        {
            var equals = source.IndexOf('=', StringComparison.Ordinal);
            var set = equals < 0
                ? await SourceSet.FolderAsync(source, null, maxKb * 1024L).ConfigureAwait(false)
                : await SourceSet.FolderAsync(source.Substring(0, equals), source.Substring(equals + 1), maxKb * 1024L).ConfigureAwait(false);
            Console.WriteLine($"{set.Name}: {set.Files.Count} files, {set.References.Length} references{(equals < 0 ? " (net8.0 reference assemblies)" : " (from the project's compiler arguments)")}");
            sets.Add(set);
        }

        if (replay is not null)
        {
            var set = sets[^1];
            var outcome = await new FuzzEngine(TimeSpan.FromSeconds(timeout)).RunAsync(set, Path.GetFileName(replay), await File.ReadAllTextAsync(replay).ConfigureAwait(false)).ConfigureAwait(false);
            Console.WriteLine($"diagnostics: {string.Join(", ", outcome.Diagnostics)}; actions {outcome.ActionsOffered} offered, {outcome.ActionsApplied} applied; Fix All {outcome.FixAlls}");
            foreach (var failure in outcome.Failures)
            {
                Console.WriteLine($"{failure.Key}\n{failure.Detail}\n");
            }

            if (minimise && !outcome.Failures.IsEmpty)
            {
                var engine = new FuzzEngine(TimeSpan.FromSeconds(timeout));
                var text = await File.ReadAllTextAsync(replay).ConfigureAwait(false);
                foreach (var (failure, index) in outcome.Failures.DistinctBy(f => f.Key).Select((f, i) => (f, i)))
                {
                    var found = new FoundFailure(failure, set.Name, Path.GetFileName(replay), 0, "replay", text, 1);
                    var minimised = await Minimiser.MinimiseAsync(text, candidate => FuzzRun.ShowsAsync(engine, set, found, candidate, default), default).ConfigureAwait(false);
                    var path = $"{replay}.min{index + 1}.cs";
                    await File.WriteAllTextAsync(path, minimised).ConfigureAwait(false);
                    Console.WriteLine($"minimised {failure.Key}: {path} ({minimised.Length} characters)");
                }
            }

            return outcome.Failures.IsEmpty ? 0 : 1;
        }

        Console.WriteLine($"fuzz: {inputs} inputs, seed {seed}, {parallel} in parallel, {sets.Count} sets");
        var summary = await FuzzRun.RunAsync(new FuzzRunOptions(sets, inputs, seed)
        {
            Parallelism = parallel,
            OutputFolder = output,
            Minimise = minimise,
            Timeout = TimeSpan.FromSeconds(timeout),
            Log = Console.WriteLine,
        }).ConfigureAwait(false);
        Console.WriteLine(summary.Describe());
        return summary.Failures.Count == 0 ? 0 : 1;
    }

    private static IEnumerable<string> RealWorldCorpus(string corpus)
    {
        var logs = Path.Combine(corpus, "results", "after", "logs");
        foreach (var folder in Directory.GetDirectories(Path.Combine(corpus, "src")).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var log = Directory.Exists(logs)
                ? Directory.GetFiles(logs, name + "__*.measured.*.log")
                    .OrderByDescending(l => File.ReadLines(l).Where(line => line.Contains("/reference:", StringComparison.Ordinal)).Select(line => line.Split("/reference:").Length).DefaultIfEmpty(0).Max())
                    .ThenBy(l => l, StringComparer.Ordinal)
                    .FirstOrDefault()
                : null;
            yield return log is null ? folder : folder + "=" + log;
        }
    }
}
