using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Benchmarks.RealWorld;

/// <summary>One analyzer set measured on a project: each BG rule alone, all BG rules together, or one peer.</summary>
internal sealed record AnalyzerSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<string> Ids, bool IsOurs);

/// <summary>What one set cost on one project: the first (cold) run and the median of the measured runs, in time and in bytes allocated.</summary>
internal sealed record SetTimes(AnalyzerSet Set, int Diagnostics, double FirstMs, double MedianMs, IReadOnlyList<double> Runs, double MedianAllocatedMb);

internal sealed record ProjectTimes(RealProject Project, double CompileFirstMs, double CompileMedianMs, IReadOnlyList<SetTimes> Sets)
{
    public SetTimes? this[string name] => Sets.FirstOrDefault(s => s.Set.Name == name);

    /// <summary>Peer ÷ ours for the same pattern (BG0101: VSTHRD002; BG0102: the faster of VSTHRD103 and CA1849), or null.</summary>
    public double? PeerRatio(string rule)
    {
        var ours = this[rule];
        var peers = rule switch
        {
            "BG0101" => new[] { this["VSTHRD002"] },
            "BG0102" => new[] { this["VSTHRD103"], this["CA1849"] },
            _ => Array.Empty<SetTimes?>(),
        };
        var fastest = peers.Where(p => p is not null).Select(p => p!.MedianMs).DefaultIfEmpty(double.NaN).Min();
        return ours is null || double.IsNaN(fastest) ? null : fastest / Math.Max(ours.MedianMs, 0.01);
    }
}

/// <summary>
/// Compile time and analyzer execution time on one real project: every run builds a fresh compilation of the same
/// trees for the compile figure and one for each analyzer set, the sets in alternating order (BG, peer, BG, ...;
/// reversed on every other run) so that a change in the machine's load reaches ours and the peers alike.
/// </summary>
internal static class AnalyzerTimes
{
    public static ImmutableArray<AnalyzerSet> Sets(IReadOnlyList<DiagnosticAnalyzer> ours, Func<string, string, ImmutableArray<DiagnosticAnalyzer>> loadPeer)
    {
        AnalyzerSet Ours(DiagnosticAnalyzer a) => new(a.GetType().Name.Substring(0, 6), ImmutableArray.Create(a), a.SupportedDiagnostics.Select(d => d.Id).Distinct().ToImmutableArray(), true);
        AnalyzerSet Peer(string package, string id) => new(id, loadPeer(package, id), ImmutableArray.Create(id), false);
        var byId = ours.ToDictionary(a => a.GetType().Name.Substring(0, 6), StringComparer.Ordinal);
        var together = new AnalyzerSet("All BG", ours.ToImmutableArray(), ours.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).Distinct().ToImmutableArray(), true);

        // The order of a run: the together set first (its first run is the cold one a ReportAnalyzer build sees),
        // then each BG rule next to its peer.
        var sets = new List<AnalyzerSet> { together, Ours(byId["BG0101"]), Peer("Microsoft.VisualStudio.Threading.Analyzers", "VSTHRD002"), Ours(byId["BG0102"]), Peer("Microsoft.VisualStudio.Threading.Analyzers", "VSTHRD103"), Peer("Microsoft.CodeAnalysis.NetAnalyzers", "CA1849") };
        sets.AddRange(byId.Where(p => p.Key is not ("BG0101" or "BG0102")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Ours(p.Value)));

        // The driver's own share: an analyzer whose operation actions do nothing still makes the driver bind every body
        // and build its operation tree; the memory table subtracts this set's allocations from every other set's.
        sets.Add(new AnalyzerSet(NoOp, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer()), ImmutableArray<string>.Empty, false));
        return sets.Where(s => !s.Analyzers.IsEmpty).ToImmutableArray();
    }

    /// <summary>The name of the set whose operation actions do nothing (see <see cref="Sets"/>).</summary>
    public const string NoOp = "No-op";

    public static async Task<ProjectTimes> MeasureAsync(RealProject project, ImmutableArray<AnalyzerSet> sets, int runs, bool concurrent)
    {
        var compile = new List<double>();
        var times = sets.ToDictionary(s => s.Name, _ => new List<double>(), StringComparer.Ordinal);
        var allocated = sets.ToDictionary(s => s.Name, _ => new List<double>(), StringComparer.Ordinal);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var run = 0; run <= runs; run++)
        {
            compile.Add(Compile(project));
            var order = run % 2 == 0 ? sets : sets.Reverse().ToImmutableArray();
            foreach (var set in order)
            {
                var (ms, diagnostics, mb) = await AnalyzeAsync(project, set, concurrent);
                times[set.Name].Add(ms);
                allocated[set.Name].Add(mb);
                found[set.Name] = diagnostics;
            }

            Console.Error.WriteLine($"  {project.Name} run {run}: compile {compile[^1]:F0} ms, " + string.Join(", ", sets.Select(s => $"{s.Name} {times[s.Name][^1]:F0}")));
        }

        return new ProjectTimes(
            project,
            compile[0],
            Median(compile.Skip(1)),
            sets.Select(s => new SetTimes(s, found[s.Name], times[s.Name][0], Median(times[s.Name].Skip(1)), times[s.Name].Skip(1).ToList(), Median(allocated[s.Name].Skip(1)))).ToList());
    }

    private static double Compile(RealProject project)
    {
        Collect();
        var compilation = project.NewCompilation();
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        var watch = Stopwatch.StartNew();
        _ = compilation.GetDiagnostics();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// One analysis of a fresh compilation: the set's execution time, what it reported, and the megabytes the whole
    /// process allocated meanwhile (the driver's binding of every body included: compare with the no-op set).
    /// </summary>
    private static async Task<(double Ms, int Diagnostics, double AllocatedMb)> AnalyzeAsync(RealProject project, AnalyzerSet set, bool concurrent)
    {
        Collect();
        var compilation = project.NewCompilation();
        // The references are bound first, as the compiler does before any analyzer runs (see Program.cs).
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        var withAnalyzers = compilation.WithAnalyzers(
            set.Analyzers,
            new CompilationWithAnalyzersOptions(project.AnalyzerOptions, null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - before) / (1024.0 * 1024.0);
        var ms = 0.0;
        foreach (var analyzer in set.Analyzers)
        {
            ms += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
        }

        return (ms, diagnostics.Count(d => set.Ids.Contains(d.Id)), allocatedMb);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the values lie (nearest rank).</summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
