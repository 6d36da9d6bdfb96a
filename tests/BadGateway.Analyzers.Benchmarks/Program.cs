using System.Runtime;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Benchmarks;
using BadGateway.Analyzers.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

if (BadGateway.Analyzers.Benchmarks.RealWorld.RealWorldOptions.IsRealWorld(args))
{
    // Real-project mode (docs/performance.md, "Real projects"): a project's compiler arguments instead of the generated corpus.
    return await BadGateway.Analyzers.Benchmarks.RealWorld.RealWorldBenchmark.RunAsync(BadGateway.Analyzers.Benchmarks.RealWorld.RealWorldOptions.Parse(args));
}

var options = BenchmarkOptions.Parse(args);
var report = new StringBuilder();
void Line(string text = "")
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

var corpus = CorpusGenerator.Generate(options.Files, seed: 42).ToList();
var lines = corpus.Sum(f => f.Text.Split('\n').Length);
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var trees = corpus.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.Name)).ToImmutableArray();
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
    .Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .ToImmutableArray();

// Every rule compared here is switched on, whatever its default.
var enabled = new[] { "MA0042", "MA0045", "VSTHRD002", "VSTHRD103", "AsyncFixer02", "CA1849" }
    .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
CSharpCompilation NewCompilation() => CSharpCompilation.Create(
    "Corpus",
    trees,
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, specificDiagnosticOptions: enabled, concurrentBuild: options.Concurrent));

Line("# Performance");
Line();
Line($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}.");
Line($"Corpus: {corpus.Count} generated files, {lines:N0} lines (`CorpusGenerator`, seed 42); {options.Runs} runs, medians.");
Line();

var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine($"The corpus does not compile: {errors[0]}");
    return 1;
}

// One warm-up run before every measurement: the figures are steady-state, not JIT time.
var compileCollections = 0;
var compileMs = Median(Enumerable.Range(0, options.Runs + 1).Select(run =>
{
    var collections = GC.CollectionCount(0);
    var watch = Stopwatch.StartNew();
    NewCompilation().GetDiagnostics();
    var ms = watch.Elapsed.TotalMilliseconds;
    compileCollections += run > 0 ? GC.CollectionCount(0) - collections : 0;
    return ms;
}).ToList().Skip(1));
Line($"Compilation (binding and flow analysis of the whole corpus, `GetDiagnostics()`): **{compileMs:F0} ms**.");
Line();

var ours = typeof(BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer).Assembly.GetTypes()
    .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToList();

var rows = new List<Row>();
var measuredCollections = 0;

// What the driver costs an analyzer that does nothing but ask for the same operations: creating the IOperation
// trees is charged to whichever analyzer first asks for them, so this row is the floor under every other one.
rows.Add(await MeasureAsync("Baseline: no-op operation action", ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer()), Array.Empty<string>(), pattern: null));
foreach (var analyzer in ours)
{
    var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().ToArray();
    rows.Add(await MeasureAsync(analyzer.GetType().Name.Substring(0, 6) + " (BadGateway)", ImmutableArray.Create(analyzer), ids, pattern: PatternOf(ids[0])));
}

rows.Add(await MeasureAsync("All BG analyzers together", ours.ToImmutableArray(), ours.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).Distinct().ToArray(), pattern: null));

foreach (var (package, id, pattern) in options.OursOnly ? Array.Empty<(string, string, string)>() : new[]
{
    ("Microsoft.VisualStudio.Threading.Analyzers", "VSTHRD002", "blocking waits"),
    ("Meziantou.Analyzer", "MA0045", "blocking waits"),
    ("Meziantou.Analyzer", "MA0042", "blocking waits"),
    ("AsyncFixer", "AsyncFixer02", "blocking waits"),
    ("Microsoft.VisualStudio.Threading.Analyzers", "VSTHRD103", "sync calls in async code"),
    ("Microsoft.CodeAnalysis.NetAnalyzers", "CA1849", "sync calls in async code"),
})
{
    var analyzers = PeerAnalyzers.Load(package, id);
    if (analyzers.IsEmpty)
    {
        Line($"_{package} {id}: not found in the package, skipped._");
        continue;
    }

    rows.Add(await MeasureAsync($"{id} ({package})", analyzers, new[] { id }, pattern));
}

Line("| Analyzer | Diagnostics | Median ms | ms / 1k lines | % of compilation | Peer ÷ ours (same pattern) |");
Line("|---|---:|---:|---:|---:|---:|");
foreach (var row in rows.Where(r => !double.IsNaN(r.Ms)))
{
    var ourRow = row.Pattern is null || row.Name.Contains("BadGateway", StringComparison.Ordinal)
        ? null
        : rows.FirstOrDefault(r => r.Pattern == row.Pattern && r.Name.Contains("BadGateway", StringComparison.Ordinal));
    var ratio = row.Name.Contains("BadGateway", StringComparison.Ordinal) || row.Pattern is null
        ? "—"
        : ourRow is null ? "no BG rule yet" : $"{row.Ms / Math.Max(ourRow.Ms, 0.01):F1}×";
    Line($"| {row.Name} | {row.Diagnostics} | {row.Ms:F1} | {row.Ms / (lines / 1000.0):F3} | {100 * row.Ms / compileMs:F2}% | {ratio} |");
}

Line();
Line("Each figure is the median of the runs after one warm-up run. Milliseconds are the analyzers' own execution time as Roslyn's `CompilationWithAnalyzers` logs it, summed over threads; each row is measured alone on a fresh compilation of the same trees, with its references bound first.");
Line(options.Concurrent
    ? "Mode: concurrent (`--concurrent true`): build and analysis on all cores, as in an IDE. The compilation figure is wall-clock time on all cores while analyzer figures are summed over threads, so the percentages overstate the analyzers' share."
    : "Mode: sequential (the default): the compilation and the analysis each run on one thread, so the compilation figure and the analyzer figures are the same kind of time and the percentage is like for like. `--concurrent true` measures as an IDE runs.");
Line(GCSettings.IsServerGC && measuredCollections == 0 && compileCollections == 0
    ? "Garbage collector: server GC (as csc runs), with a gen0 budget large enough that **no collection ran during any measured run** (`DOTNET_GCgen0size`); the figures are the work itself, without pauses that stop every thread."
    : $"Garbage collector: {(GCSettings.IsServerGC ? "server" : "workstation")}; collections during the measured compilations: {compileCollections}, during the measured analyzer runs: {measuredCollections} (`--show-gc true` says which). A collection stops every thread, and one that lands while an analyzer's callback runs is counted in that analyzer's time.");
Line();

// Fix All of BG0101 (dense call chains) and BG0201 (the corpus); --fixall-files 0 skips both.
if (options.FixAllFiles > 0)
{
    await MeasureFixAllAsync(options.FixAllFiles, options.FixAllWaitsPerFile);
}

if (options.Out is not null)
{
    // The page's hand-written parts survive a rerun: the introduction before the "Measured" line and everything from
    // "## Reading the figures" on; only the measured part in between is replaced.
    var path = Path.GetFullPath(options.Out);
    var measured = report.ToString();
    if (File.Exists(path))
    {
        var page = File.ReadAllText(path);
        var measuredAt = page.IndexOf("Measured ", StringComparison.Ordinal);
        var readingAt = page.IndexOf("## Reading the figures", StringComparison.Ordinal);
        var intro = measuredAt > 0 ? page.Substring(0, measuredAt) : "# Performance\n\n";
        var reading = readingAt >= 0 ? "\n" + page.Substring(readingAt) : string.Empty;
        measured = intro + measured.Substring(measured.IndexOf("Measured ", StringComparison.Ordinal)) + reading;
    }

    File.WriteAllText(path, measured);
    Console.WriteLine($"Written to {path}");
}

return 0;

async Task<Row> MeasureAsync(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, string[] ids, string? pattern)
{
    if (options.Only is not null && !name.Contains(options.Only, StringComparison.OrdinalIgnoreCase))
    {
        return new Row(name, 0, double.NaN, pattern);
    }

    var times = new List<double>();
    var found = 0;
    for (var run = 0; run <= options.Runs; run++)
    {
        // Start every run from a collected heap, so one run's garbage is not charged to the next analyzer.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Bind the references first: it is the compiler's first step in any build, and otherwise it is charged to
        // whichever analyzer happens to touch the compilation first (the analyzed compilation shares the binding).
        var compilation = NewCompilation();
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: options.Concurrent, logAnalyzerExecutionTime: true));
        var pausesBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        wall.Stop();
        found = diagnostics.Count(d => ids.Contains(d.Id));
        var ms = 0.0;
        foreach (var analyzer in analyzers)
        {
            ms += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
        }

        if (options.ShowGc)
        {
            Console.Error.WriteLine($"  {name} run {run}: analyzers {ms:F1} ms, wall {wall.ElapsedMilliseconds} ms, GC pauses {(GC.GetTotalPauseDuration() - pausesBefore).TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - collectionsBefore} collections");
        }

        if (run > 0)
        {
            times.Add(ms);
            measuredCollections += GC.CollectionCount(0) - collectionsBefore;
        }
    }

    return new Row(name, found, Median(times), pattern);
}

async Task MeasureFixAllAsync(int files, int waitsPerFile)
{
    Line("## Fix All");
    Line();

    // BG0101 over a dense workload: blocking waits in call chains (each fix makes callers async across files).
    var waits = await TimeFixAllAsync(
        CorpusGenerator.GenerateBlockingWaits(files, waitsPerFile).ToList(),
        new BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer(),
        new BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider(),
        "BG0101.MakeAsync");
    Line($"BG0101 \"Make async and update callers\", project scope, on {files} files with {waits.Diagnostics:N0} blocking waits in call chains: **{waits.Ms:F0} ms** (median of {waits.Runs}); {waits.Remaining} waits left, {waits.Errors} compiler errors after the fix.");
    Line();

    // BG0201 over the benchmark corpus itself: every per-call client becomes a shared static field.
    var clients = await TimeFixAllAsync(
        corpus.Select(f => (f.Name, f.Text)).ToList(),
        new BadGateway.Analyzers.Rules.BG0201HttpClientPerCallAnalyzer(),
        new BadGateway.Analyzers.CodeFixes.Rules.BG0201HttpClientPerCallCodeFixProvider(),
        "BG0201.UseSharedStaticClient");
    Line($"BG0201 \"Use a shared static HttpClient\", solution scope, on the {corpus.Count:N0}-file corpus with {clients.Diagnostics:N0} BG0201 diagnostics: **{clients.Ms:F0} ms** (median of {clients.Runs}); {clients.Remaining} left ({clients.RemainingCompilationEnd} of them clients returned by factory methods, reported at the end of the compilation, for which this fix is not offered), {clients.Errors} new compiler errors after the fix.");
}

async Task<FixAllRun> TimeFixAllAsync(List<(string Name, string Text)> sources, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string equivalenceKey)
{
    var workspace = new AdhocWorkspace();
    var projectId = ProjectId.CreateNewId();
    var solution = workspace.CurrentSolution
        .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "FixAll", "FixAll", LanguageNames.CSharp, compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable), parseOptions: parseOptions))
        .AddMetadataReferences(projectId, references);
    foreach (var (fileName, text) in sources)
    {
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), fileName, SourceText.From(text), filePath: "/fixall/" + fileName);
    }

    var project = solution.GetProject(projectId)!;
    var compilation = (await project.GetCompilationAsync())!;
    var errorsBefore = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
        .Where(d => fix.FixableDiagnosticIds.Contains(d.Id))
        .ToImmutableArray();
    var times = new List<double>();
    Solution? fixedSolution = null;
    for (var run = 0; run <= Math.Min(options.Runs, 3); run++)
    {
        var watch = Stopwatch.StartNew();
        var context = new FixAllContext(project, fix, FixAllScope.Solution, equivalenceKey, fix.FixableDiagnosticIds, new StaticDiagnosticProvider(diagnostics), CancellationToken.None);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);
        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        fixedSolution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        if (run > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    var fixedCompilation = (await fixedSolution!.GetProject(projectId)!.GetCompilationAsync())!;
    var left = (await fixedCompilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
        .Where(d => fix.FixableDiagnosticIds.Contains(d.Id))
        .ToList();
    var remaining = left.Count;
    foreach (var kind in left.GroupBy(d => d.Descriptor.Title.ToString(CultureInfo.InvariantCulture)))
    {
        Console.WriteLine($"  left after Fix All {equivalenceKey}: {kind.Count()} × {kind.Key}, e.g. {kind.First()}");
    }
    var errorsAfter = fixedCompilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    var leftFromFactories = left.Count(d => d.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd));
    return new FixAllRun(diagnostics.Length, Median(times), times.Count, remaining, leftFromFactories, errorsAfter - errorsBefore);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string? PatternOf(string id) => id switch
{
    "BG0101" => "blocking waits",
    "BG0102" => "sync calls in async code",
    _ => null,
};

namespace BadGateway.Analyzers.Benchmarks
{
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
    {
#pragma warning disable RS2008, RS1033
        private static readonly DiagnosticDescriptor Never = new("NOOP0001", "No-op", "No-op", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008, RS1033

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation);
        }
    }

    internal sealed record Row(string Name, int Diagnostics, double Ms, string? Pattern);

    internal sealed record FixAllRun(int Diagnostics, double Ms, int Runs, int Remaining, int RemainingCompilationEnd, int Errors);

    internal sealed record BenchmarkOptions(int Files, int Runs, int FixAllFiles, int FixAllWaitsPerFile, string? Out, bool OursOnly, bool Concurrent = false, string? Only = null, bool ShowGc = false)
    {
        public static BenchmarkOptions Parse(string[] args)
        {
            var options = new BenchmarkOptions(Files: 2000, Runs: 5, FixAllFiles: 100, FixAllWaitsPerFile: 10, Out: null, OursOnly: false);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                options = args[i] switch
                {
                    "--ours-only" => options with { OursOnly = bool.Parse(value) },
                    "--only" => options with { Only = value },
                    "--show-gc" => options with { ShowGc = bool.Parse(value) },
                    "--concurrent" => options with { Concurrent = bool.Parse(value) },
                    "--files" => options with { Files = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--fixall-files" => options with { FixAllFiles = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--fixall-waits" => options with { FixAllWaitsPerFile = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--out" => options with { Out = value },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; use --files, --runs, --concurrent true|false, --only TEXT, --show-gc true|false, --fixall-files, --fixall-waits, --ours-only true|false, --out."),
                };
            }

            return options;
        }
    }

    /// <summary>Loads a peer package's analyzers from the NuGet folder the build recorded, keeping those that report <c>id</c>.</summary>
    internal static class PeerAnalyzers
    {
        public static ImmutableArray<DiagnosticAnalyzer> Load(string package, string id)
        {
            var root = typeof(PeerAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "Peer:" + package)?.Value;
            if (string.IsNullOrEmpty(root) || !Directory.Exists(Path.Combine(root, "analyzers")))
            {
                return ImmutableArray<DiagnosticAnalyzer>.Empty;
            }

            var dlls = Directory.GetFiles(Path.Combine(root, "analyzers"), "*.dll", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}vb{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(p => !p.Contains("CodeFix", StringComparison.OrdinalIgnoreCase))
                .GroupBy(p => Path.GetDirectoryName(p)!)
                .OrderByDescending(g => RoslynVersionOf(g.Key))
                .FirstOrDefault(g => RoslynVersionOf(g.Key) <= typeof(Compilation).Assembly.GetName().Version!);
            if (dlls is null)
            {
                return ImmutableArray<DiagnosticAnalyzer>.Empty;
            }

            var loader = new Loader();
            foreach (var dll in dlls)
            {
                loader.AddDependencyLocation(dll);
            }

            return dlls
                .SelectMany(dll => new AnalyzerFileReference(dll, loader).GetAnalyzers(LanguageNames.CSharp))
                .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
                .ToImmutableArray();
        }

        private static Version RoslynVersionOf(string folder)
        {
            var name = folder.Split(Path.DirectorySeparatorChar).FirstOrDefault(s => s.StartsWith("roslyn", StringComparison.Ordinal));
            return name is not null && Version.TryParse(name.Substring("roslyn".Length), out var version) ? version : new Version(0, 0);
        }

        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }
}
