using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Benchmarks.RealWorld;

/// <summary>
/// The real-project mode: <c>--rsp PATH</c> or <c>--real-world /work/corpus</c>. For each project: the compile time and
/// each analyzer set's execution time (<see cref="AnalyzerTimes"/>), the lightbulb latency of its BG diagnostics and
/// one Fix All per rule (<see cref="FixTimes"/>); a markdown report on stdout (and in <c>--out FILE</c>), progress on stderr.
/// </summary>
internal static class RealWorldBenchmark
{
    private const double LightbulbBudgetMs = 50;

    public static async Task<int> RunAsync(RealWorldOptions options)
    {
        var ours = typeof(BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        var fixes = typeof(BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        var sets = AnalyzerTimes.Sets(ours, BadGateway.Analyzers.Benchmarks.PeerAnalyzers.Load);
        RealProject.ForcedIds = sets.SelectMany(s => s.Ids).Distinct().ToImmutableArray();

        var projectTimes = new List<ProjectTimes>();
        var lightbulbs = new List<RuleLightbulb>();
        var fixAlls = new List<FixAllResult>();
        var skipped = new List<string>();
        var loads = new List<string>();
        var started = DateTime.UtcNow;
        var inputs = options.Inputs.Where(p => options.Only is null || RealProject.NameOf(p).Contains(options.Only, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var (input, pass) in Enumerable.Range(1, Math.Max(1, options.Passes)).SelectMany(pass => inputs.Select(input => (input, pass))))
        {
            RealProject project;
            try
            {
                project = RealProject.Load(input, options.Concurrent);
                if (pass > 1)
                {
                    project.Name += $" pass {pass}";
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                skipped.Add($"{RealProject.NameOf(input)}: not loaded ({e.Message})");
                continue;
            }

            Console.Error.WriteLine($"{project.Name}: {project.SourceTrees.Length} files, {project.Lines:N0} lines, {project.GeneratedTrees.Length} generated, {project.Errors.Length} errors; load {LoadAverage()}");
            if (!project.Errors.IsEmpty)
            {
                skipped.Add($"{project.Name}: {project.Errors.Length} compiler errors with its {project.Generators.Length} source generators run in process (first: `{project.Errors[0]}`)");
                continue;
            }

            var before = LoadAverage();
            if (options.Analyzers)
            {
                projectTimes.Add(await AnalyzerTimes.MeasureAsync(project, sets, options.Runs, options.Concurrent));
            }

            if (options.Lightbulb || options.FixAll)
            {
                await MeasureFixesAsync(project, options.LinkedTfms ? LinkedTfms(input, options.Concurrent) : Array.Empty<RealProject>(), ours, fixes, options, lightbulbs, fixAlls);
            }

            loads.Add($"{project.Name}: {before} → {LoadAverage()}");
        }

        var report = new StringBuilder();
        void Line(string text = "") => report.AppendLine(text);
        Line($"Measured {started:yyyy-MM-dd HH:mm}–{DateTime.UtcNow:HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(options.Concurrent ? "concurrent" : "sequential")} mode; {options.Runs} measured runs after the first.");
        Line($"Load average (1, 5, 15 min) before → after each project: {string.Join("; ", loads)}.");
        Line();
        if (projectTimes.Count > 0)
        {
            WriteAnalyzerTables(Line, projectTimes);
        }

        if (lightbulbs.Count > 0)
        {
            WriteLightbulbTables(Line, lightbulbs, options.CheckActions);
        }

        if (fixAlls.Count > 0)
        {
            WriteFixAllTable(Line, fixAlls);
        }

        foreach (var reason in skipped)
        {
            Line($"- Skipped {reason}.");
        }

        Console.Write(report.ToString());
        if (options.Out is not null)
        {
            File.WriteAllText(options.Out, report.ToString());
            Console.Error.WriteLine($"Written to {Path.GetFullPath(options.Out)}");
        }

        return 0;
    }

    /// <summary>The other target frameworks of the project logged in <paramref name="input"/> (<c>--linked-tfms</c>): the logs beside it that differ only in the framework.</summary>
    private static IReadOnlyList<RealProject> LinkedTfms(string input, bool concurrent)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(input), @"^(?<stem>.+\.measured\.)[^.]+(\.[^.]+)*?\.log$");
        if (!match.Success)
        {
            return Array.Empty<RealProject>();
        }

        var stem = match.Groups["stem"].Value;
        return Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(input))!, stem + "*.log")
            .Where(p => !string.Equals(Path.GetFullPath(p), Path.GetFullPath(input), StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => RealProject.Load(p, concurrent))
            .ToList();
    }

    private static async Task MeasureFixesAsync(RealProject project, IReadOnlyList<RealProject> linked, List<DiagnosticAnalyzer> ours, List<CodeFixProvider> fixes, RealWorldOptions options, List<RuleLightbulb> lightbulbs, List<FixAllResult> fixAlls)
    {
        var times = new FixTimes(project, linked) { CheckActions = options.CheckActions };
        if (linked.Count > 0)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await times.WarmCompilationsAsync();
            Console.Error.WriteLine($"  {project.Name}: linked to {string.Join(", ", linked.Select(l => l.Name))}; every compilation built in {watch.Elapsed.TotalMilliseconds:F0} ms (not counted)");
        }

        var diagnostics = await times.DiagnosticsAsync(times.Solution, ours);
        if (options.WarmIndex)
        {
            Console.Error.WriteLine($"  {project.Name}: reference-search indexes built in {await times.WarmIndexAsync():F0} ms (not counted)");
        }

        foreach (var byRule in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var provider = fixes.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(byRule.Key));
            if (provider is null)
            {
                continue;
            }

            var all = byRule.ToList();
            var lightbulb = await times.LightbulbAsync(byRule.Key, provider, all, options.Lightbulb ? options.LightbulbCap : 1);
            if (options.Lightbulb)
            {
                lightbulbs.Add(lightbulb);
                Console.Error.WriteLine($"  {project.Name} {byRule.Key}: lightbulb on {lightbulb.Samples.Count} of {all.Count}, median {AnalyzerTimes.Median(lightbulb.Samples.Select(s => s.RegisterMs)):F1} ms, p95 {AnalyzerTimes.Percentile(lightbulb.Samples.Select(s => s.RegisterMs), 0.95):F1} ms");
            }

            var key = lightbulb.Samples.Select(s => s.FirstAction).FirstOrDefault(k => k is not null);
            if (options.FixAll && key is not null)
            {
                var result = await times.FixAllAsync(byRule.Key, provider, key, byRule.ToImmutableArray(), ours, options.FixAllTimeoutSeconds);
                fixAlls.Add(result);
                Console.Error.WriteLine($"  {project.Name} {byRule.Key}: Fix All {key} {result.Ms:F0} ms, fixed {result.Fixed} of {result.Diagnostics}, new errors {result.NewErrors} {result.Error}");
            }
        }
    }

    private static void WriteAnalyzerTables(Action<string> line, List<ProjectTimes> projects)
    {
        static string Ms(SetTimes? set) => set is null ? "—" : set.MedianMs.ToString("F1", CultureInfo.InvariantCulture);
        static string Ratio(double? ratio) => ratio is null ? "—" : ratio.Value.ToString("F1", CultureInfo.InvariantCulture) + "×";
        string Percent(ProjectTimes p, SetTimes? set, bool first = false) => set is null ? "—" : (100 * (first ? set.FirstMs / p.CompileFirstMs : set.MedianMs / p.CompileMedianMs)).ToString("F2", CultureInfo.InvariantCulture) + "%";

        line("### Median of the measured runs (ms of analyzer execution time; % of the compile)");
        line("");
        line("| Project | Files | Lines | Compile ms | All BG ms | All BG % | BG0101 | VSTHRD002 | ÷ | BG0102 | VSTHRD103 | CA1849 | ÷ | BG0201 | BG0301 | BG0302 |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in projects)
        {
            line($"| {p.Project.Name} | {p.Project.SourceTrees.Length} | {p.Project.Lines:N0} | {p.CompileMedianMs:F0} | {Ms(p["All BG"])} | {Percent(p, p["All BG"])} | {Ms(p["BG0101"])} | {Ms(p["VSTHRD002"])} | {Ratio(p.PeerRatio("BG0101"))} | {Ms(p["BG0102"])} | {Ms(p["VSTHRD103"])} | {Ms(p["CA1849"])} | {Ratio(p.PeerRatio("BG0102"))} | {Ms(p["BG0201"])} | {Ms(p["BG0301"])} | {Ms(p["BG0302"])} |");
        }

        var shares = projects.Select(p => 100 * p["All BG"]!.MedianMs / p.CompileMedianMs).ToList();
        line("");
        line($"All BG together: median {AnalyzerTimes.Median(shares):F2}% of the compile over {projects.Count} projects, highest {shares.Max():F2}% ({projects[shares.IndexOf(shares.Max())].Project.Name}). `÷` is the faster peer for the same pattern divided by ours (BG0101: VSTHRD002; BG0102: the faster of VSTHRD103 and CA1849); the target is at least 2×.");
        line("");
        line("### First (cold) run: the JIT compiles each analyzer's code (ReportAnalyzer builds are first runs; see the notes below for how this column overstates them)");
        line("");
        line("| Project | Compile ms | All BG ms | All BG % | BG0101 | VSTHRD002 | BG0102 | VSTHRD103 | CA1849 | BG0201 | BG0301 | BG0302 |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        static string First(SetTimes? set) => set is null ? "—" : set.FirstMs.ToString("F1", CultureInfo.InvariantCulture);
        foreach (var p in projects)
        {
            line($"| {p.Project.Name} | {p.CompileFirstMs:F0} | {First(p["All BG"])} | {Percent(p, p["All BG"], first: true)} | {First(p["BG0101"])} | {First(p["VSTHRD002"])} | {First(p["BG0102"])} | {First(p["VSTHRD103"])} | {First(p["CA1849"])} | {First(p["BG0201"])} | {First(p["BG0301"])} | {First(p["BG0302"])} |");
        }

        line("");
        line("### Diagnostics reported (rules forced to Warn) and the spread of the measured runs (min–max ms)");
        line("");
        line("| Project | " + string.Join(" | ", projects[0].Sets.Select(s => s.Set.Name)) + " |");
        line("|---|" + string.Concat(projects[0].Sets.Select(_ => "---:|")));
        foreach (var p in projects)
        {
            line($"| {p.Project.Name} | " + string.Join(" | ", p.Sets.Select(s => $"{s.Diagnostics} ({s.Runs.Min():F0}–{s.Runs.Max():F0})")) + " |");
        }

        line("");
        WriteMemoryTable(line, projects);
    }

    /// <summary>
    /// Megabytes allocated while each set analyzed a fresh compilation (median of the measured runs), less what the no-op
    /// set allocated (the driver binding every body and building its operation tree): each set's own allocations, which
    /// decide how often it starts a collection inside a build, where a collection's pause is charged to the callbacks it stops.
    /// </summary>
    private static void WriteMemoryTable(Action<string> line, List<ProjectTimes> projects)
    {
        var sets = projects[0].Sets.Where(s => s.Set.Name != AnalyzerTimes.NoOp).ToList();
        line("### Memory allocated by each set beyond the no-op set (MB, median of the measured runs; the no-op set's own figure first)");
        line("");
        line("| Project | No-op MB | " + string.Join(" | ", sets.Select(s => s.Set.Name)) + " |");
        line("|---|---:|" + string.Concat(sets.Select(_ => "---:|")));
        foreach (var p in projects)
        {
            var baseline = p[AnalyzerTimes.NoOp]?.MedianAllocatedMb ?? 0;
            line($"| {p.Project.Name} | {baseline.ToString("F1", CultureInfo.InvariantCulture)} | " + string.Join(" | ", sets.Select(s => p[s.Set.Name] is { } set ? (set.MedianAllocatedMb - baseline).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "—")) + " |");
        }

        line("");
    }

    private static void WriteLightbulbTables(Action<string> line, List<RuleLightbulb> rules, bool checkedActions)
    {
        static string F(double value) => double.IsNaN(value) ? "—" : value.ToString("F1", CultureInfo.InvariantCulture);
        line("### Lightbulb latency per rule (all projects): `RegisterCodeFixesAsync` until the fix list is ready; then the first action's `GetOperationsAsync`");
        line("");
        line("| Rule | Projects | Diagnostics (measured) | Fix list median ms | p95 | max | CPU median / p95 ms | No fix offered | Offered actions changing nothing | First action's changed solution median ms | p95 | max | CPU median / p95 ms | Cold (first in process) list / solution ms |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rule in rules.GroupBy(r => r.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var samples = rule.SelectMany(r => r.Samples).ToList();
            var register = samples.Select(s => s.RegisterMs).ToList();
            var operations = samples.Where(s => s.OperationsMs is not null).Select(s => s.OperationsMs!.Value).ToList();
            var registerCpu = samples.Select(s => s.RegisterCpuMs).ToList();
            var operationsCpu = samples.Where(s => s.OperationsCpuMs is not null).Select(s => s.OperationsCpuMs!.Value).ToList();
            var cold = rule.First(r => !double.IsNaN(r.ColdRegisterMs));
            line($"| {rule.Key} | {rule.Count()} | {rule.Sum(r => r.Diagnostics)} ({samples.Count}) | {F(AnalyzerTimes.Median(register))} | {F(AnalyzerTimes.Percentile(register, 0.95))} | {F(register.Max())} | {F(AnalyzerTimes.Median(registerCpu))} / {F(AnalyzerTimes.Percentile(registerCpu, 0.95))} | {samples.Count(s => s.Actions == 0)} | {(checkedActions ? $"{samples.Sum(s => s.ActionsChangingNothing)} of {samples.Sum(s => s.Actions)}" : "not checked")} | {F(AnalyzerTimes.Median(operations))} | {F(AnalyzerTimes.Percentile(operations, 0.95))} | {(operations.Count == 0 ? "—" : F(operations.Max()))} | {F(AnalyzerTimes.Median(operationsCpu))} / {F(AnalyzerTimes.Percentile(operationsCpu, 0.95))} | {F(cold.ColdRegisterMs)} / {(cold.ColdOperationsMs is null ? "—" : F(cold.ColdOperationsMs.Value))} |");
        }

        line("");
        line("### Lightbulb latency per project and rule");
        line("");
        line("| Project | Rule | Diagnostics (measured) | Fix list median ms | p95 | CPU median / p95 ms | Changed solution median ms | p95 | CPU median / p95 ms | Fix list p95 over 50 ms (wall / CPU) |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rules)
        {
            var register = r.Samples.Select(s => s.RegisterMs).ToList();
            var operations = r.Samples.Where(s => s.OperationsMs is not null).Select(s => s.OperationsMs!.Value).ToList();
            var registerCpu = r.Samples.Select(s => s.RegisterCpuMs).ToList();
            var operationsCpu = r.Samples.Where(s => s.OperationsCpuMs is not null).Select(s => s.OperationsCpuMs!.Value).ToList();
            var p95 = AnalyzerTimes.Percentile(register, 0.95);
            var p95Cpu = AnalyzerTimes.Percentile(registerCpu, 0.95);
            line($"| {r.Project} | {r.Rule} | {r.Diagnostics} ({r.Samples.Count}) | {F(AnalyzerTimes.Median(register))} | {F(p95)} | {F(AnalyzerTimes.Median(registerCpu))} / {F(p95Cpu)} | {F(AnalyzerTimes.Median(operations))} | {F(AnalyzerTimes.Percentile(operations, 0.95))} | {F(AnalyzerTimes.Median(operationsCpu))} / {F(AnalyzerTimes.Percentile(operationsCpu, 0.95))} | {(p95 > LightbulbBudgetMs ? "**yes**" : "no")} / {(p95Cpu > LightbulbBudgetMs ? "**yes**" : "no")} |");
        }

        line("");
        var slow = rules.SelectMany(r => r.Samples).Where(s => s.RegisterMs > LightbulbBudgetMs).OrderByDescending(s => s.RegisterMs).ToList();
        line(slow.Count == 0
            ? $"No fix list took more than {LightbulbBudgetMs:F0} ms."
            : $"Fix lists over {LightbulbBudgetMs:F0} ms: {slow.Count} of {rules.Sum(r => r.Samples.Count)} ({string.Join(", ", slow.GroupBy(s => s.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}); the slowest:");
        foreach (var s in slow.Take(12))
        {
            line($"- {s.Rule} {s.Project} `{s.Where}`: fix list {s.RegisterMs:F0} ms, CPU {s.RegisterCpuMs:F0} ms ({s.Actions} actions, first `{s.FirstAction}`), changed solution {(s.OperationsMs is null ? "—" : s.OperationsMs.Value.ToString("F0", CultureInfo.InvariantCulture))} ms");
        }

        foreach (var s in rules.SelectMany(r => r.Samples).Where(s => s.ActionsChangingNothing > 0).Take(10))
        {
            line($"- Offered, changes nothing: {s.Rule} {s.Project} `{s.Where}`: {s.ActionsChangingNothing} of {s.Actions} actions");
        }

        foreach (var s in rules.SelectMany(r => r.Samples).Where(s => s.Error is not null).Take(10))
        {
            line($"- Error: {s.Rule} {s.Project} `{s.Where}`: {s.Error}");
        }

        line("");
    }

    private static void WriteFixAllTable(Action<string> line, List<FixAllResult> results)
    {
        line("### Fix All per project and rule (the first action's equivalence key; time to the changed solution with every changed document's text)");
        line("");
        line("| Project | Rule | Equivalence key | Scope | Diagnostics | Fixed | ms | CPU ms | Changed documents | New compiler errors |");
        line("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            line($"| {r.Project} | {r.Rule} | `{r.EquivalenceKey}` | {r.Scope} | {r.Diagnostics} | {r.Fixed} | {(r.Ms is null ? r.Error : r.Ms.Value.ToString("F0", CultureInfo.InvariantCulture))} | {(r.CpuMs is null ? "—" : r.CpuMs.Value.ToString("F0", CultureInfo.InvariantCulture))} | {r.ChangedDocuments} | {r.NewErrors} |");
        }

        line("");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
