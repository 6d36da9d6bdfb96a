using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>What a run is asked to do.</summary>
public sealed record FuzzRunOptions(IReadOnlyList<SourceSet> Sets, int Inputs, int Seed)
{
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Where the failures (input, minimised input, details) and the summary go; null writes nothing.</summary>
    public string? OutputFolder { get; init; }

    public bool Minimise { get; init; } = true;

    public Action<string>? Log { get; init; }
}

/// <summary>A failure seen in a run: the first input that showed it, how often it was seen, and its minimised input.</summary>
public sealed record FoundFailure(FailureRecord Failure, string Set, string File, int Variant, string Description, string Input, int Occurrences)
{
    public string? Minimised { get; init; }
}

/// <summary>The figures of a run.</summary>
public sealed record FuzzSummary(
    int Inputs,
    int SourceFiles,
    IReadOnlyDictionary<string, int> InputsPerSet,
    IReadOnlyDictionary<string, long> DiagnosticsPerId,
    long ActionsOffered,
    long ActionsApplied,
    long FixAlls,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, TimeSpan> TimePerStep,
    IReadOnlyList<FoundFailure> Failures)
{
    public long Diagnostics => DiagnosticsPerId.Values.Sum();

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"inputs: {Inputs} broken variants of {SourceFiles} files in {InputsPerSet.Count} sets, {Elapsed.TotalMinutes:0.0} min ({Inputs / Math.Max(Elapsed.TotalSeconds, 0.001):0.0} inputs/s)");
        foreach (var (set, count) in InputsPerSet.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {set}: {count}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"diagnostics: {Diagnostics} ({string.Join(", ", DiagnosticsPerId.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))})");
        text.AppendLine(CultureInfo.InvariantCulture, $"code actions: {ActionsOffered} offered, {ActionsApplied} applied; Fix All: {FixAlls} runs");
        text.AppendLine(CultureInfo.InvariantCulture, $"time per step (summed over workers): {string.Join(", ", TimePerStep.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalSeconds:0} s"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"failures: {Failures.Count} distinct, {Failures.Sum(f => f.Occurrences)} in all");
        foreach (var failure in Failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{failure.Occurrences}x] {failure.Failure.Key}  (first: {failure.Set}/{failure.File} variant {failure.Variant}: {failure.Description})");
        }

        return text.ToString();
    }
}

/// <summary>
/// A seeded run over source sets: each set gets an equal share of the inputs, spread over its files in a shuffled order;
/// variant <c>v</c> of a file is made from a random generator seeded by (seed, set, file, v), so any input can be made again.
/// </summary>
public static class FuzzRun
{
    public static async Task<FuzzSummary> RunAsync(FuzzRunOptions options, CancellationToken cancellationToken = default)
    {
        var engine = new FuzzEngine(options.Timeout);
        var work = Plan(options);
        var failures = new ConcurrentDictionary<string, FoundFailure>(StringComparer.Ordinal);
        var diagnostics = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var perSet = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var timings = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        long offered = 0, applied = 0, fixAlls = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var text = item.File.ReadText();
            var mutator = new Mutator(text);
            for (var v = 0; v < item.Variants; v++)
            {
                var (description, input) = mutator.Next(new Random(VariantSeed(options.Seed, item.Set.Name, item.File.Path, v)));
                var outcome = await engine.RunAsync(item.Set, item.File.Path, input, ct).ConfigureAwait(false);
                foreach (var failure in outcome.Failures)
                {
                    var first = new FoundFailure(failure, item.Set.Name, item.File.Path, v, description, input, 1);
                    if (failures.TryAdd(failure.Key, first))
                    {
                        Report(options, first, failures.Count);
                    }
                    else
                    {
                        failures.AddOrUpdate(failure.Key, first, (_, found) => found with { Occurrences = found.Occurrences + 1 });
                    }
                }

                foreach (var id in outcome.Diagnostics)
                {
                    diagnostics.AddOrUpdate(id, 1, (_, n) => n + 1);
                }

                perSet.AddOrUpdate(item.Set.Name, 1, (_, n) => n + 1);
                foreach (var (step, time) in outcome.Timings)
                {
                    timings.AddOrUpdate(step, time, (_, t) => t + time);
                }

                Interlocked.Add(ref offered, outcome.ActionsOffered);
                Interlocked.Add(ref applied, outcome.ActionsApplied);
                Interlocked.Add(ref fixAlls, outcome.FixAlls);
                var count = Interlocked.Increment(ref done);
                if (options.Log is not null && clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
                {
                    lastLog = clock.Elapsed;
                    options.Log($"{clock.Elapsed:hh\\:mm\\:ss} {count}/{options.Inputs} inputs, {diagnostics.Values.Sum()} diagnostics, {Interlocked.Read(ref applied)} actions applied, {failures.Count} distinct failures");
                }
            }
        }).ConfigureAwait(false);

        var found = failures.Values.OrderBy(f => f.Failure.Key, StringComparer.Ordinal).ToList();
        if (options.Minimise)
        {
            for (var i = 0; i < found.Count; i++)
            {
                var failure = found[i];
                var set = options.Sets.First(s => s.Name == failure.Set);
                options.Log?.Invoke($"minimising {failure.Failure.Key}");
                var minimised = await Minimiser.MinimiseAsync(failure.Input, candidate => ShowsAsync(engine, set, failure, candidate, cancellationToken), cancellationToken).ConfigureAwait(false);
                found[i] = failure with { Minimised = minimised };
            }
        }

        var summary = new FuzzSummary(
            done,
            work.Select(w => (w.Set.Name, w.File.Path)).Distinct().Count(),
            perSet.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            diagnostics.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            offered,
            applied,
            fixAlls,
            clock.Elapsed,
            timings.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            found);
        if (options.OutputFolder is not null)
        {
            Write(options, summary);
        }

        return summary;
    }

    /// <summary>Whether <paramref name="candidate"/> still shows the failure (same kind of step, same signature).</summary>
    public static async Task<bool> ShowsAsync(FuzzEngine engine, SourceSet set, FoundFailure failure, string candidate, CancellationToken cancellationToken)
    {
        var outcome = await engine.RunAsync(set, failure.File, candidate, cancellationToken).ConfigureAwait(false);
        return outcome.Failures.Any(f => f.Key == failure.Failure.Key);
    }

    /// <summary>The files to break and how many variants of each, in a seeded order: an equal share of the inputs per set.</summary>
    private static List<WorkItem> Plan(FuzzRunOptions options)
    {
        var work = new List<(int Index, int Set, WorkItem Item)>();
        var sets = options.Sets.Where(s => s.Files.Count > 0).ToList();
        for (var s = 0; s < sets.Count; s++)
        {
            var set = sets[s];
            var share = options.Inputs / sets.Count + (s < options.Inputs % sets.Count ? 1 : 0);
            var random = new Random(VariantSeed(options.Seed, set.Name, string.Empty, 0));
            var files = set.Files.OrderBy(_ => random.Next()).ToList();
            var perFile = Math.Max(1, (share + files.Count - 1) / files.Count);
            var index = 0;
            for (var f = 0; share > 0; f = (f + 1) % files.Count)
            {
                var variants = Math.Min(perFile, share);
                work.Add((index++, s, new WorkItem(set, files[f], variants)));
                share -= variants;
            }
        }

        // Sets interleaved, so that a run cut short has touched every set.
        return work.OrderBy(w => w.Index).ThenBy(w => w.Set).Select(w => w.Item).ToList();
    }

    /// <summary>A stable seed (FNV-1a), the same in every process, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int VariantSeed(int seed, string set, string file, int variant)
    {
        var hash = 2166136261u;
        foreach (var c in $"{seed}|{set}|{file}|{variant}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>A failure seen for the first time, logged and saved at once: a long run is not needed to its end to start on it.</summary>
    private static void Report(FuzzRunOptions options, FoundFailure failure, int number)
    {
        options.Log?.Invoke($"new failure: {failure.Failure.Key}\n  first input: {failure.Set}/{failure.File} variant {failure.Variant}: {failure.Description}\n  {failure.Failure.Detail.Split('\n')[0]}");
        if (options.OutputFolder is not null)
        {
            var folder = Path.Combine(options.OutputFolder, "seen");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{number:D3}.cs"), failure.Input);
            File.WriteAllText(Path.Combine(folder, $"{number:D3}.txt"), $"{failure.Failure.Key}\n{failure.Set}/{failure.File} variant {failure.Variant} (seed {options.Seed}): {failure.Description}\n\n{failure.Failure.Detail}\n");
        }
    }

    private static void Write(FuzzRunOptions options, FuzzSummary summary)
    {
        var folder = options.OutputFolder!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.txt"), summary.Describe());
        for (var i = 0; i < summary.Failures.Count; i++)
        {
            var failure = summary.Failures[i];
            var directory = Path.Combine(folder, "failures", $"{i + 1:D3}");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "input.cs"), failure.Input);
            if (failure.Minimised is not null)
            {
                File.WriteAllText(Path.Combine(directory, "minimised.cs"), failure.Minimised);
            }

            File.WriteAllText(
                Path.Combine(directory, "failure.txt"),
                $"{failure.Failure.Key}\nseen {failure.Occurrences} times\nfirst input: set {failure.Set}, file {failure.File}, variant {failure.Variant} (seed {options.Seed}): {failure.Description}\nphase: {failure.Failure.Phase}\n\n{failure.Failure.Detail}\n");
        }
    }

    private sealed record WorkItem(SourceSet Set, SourceFile File, int Variants);
}
