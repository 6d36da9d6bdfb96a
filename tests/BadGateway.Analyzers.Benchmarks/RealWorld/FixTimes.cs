using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Benchmarks.RealWorld;

/// <summary>The lightbulb on one diagnostic: the fix list, then the first action's changed solution.</summary>
/// <remarks>
/// <c>...Ms</c> is wall-clock time; <c>...CpuMs</c> the process's CPU time over the same stretch (every thread: the
/// fix's own work, whatever the machine's load; only one fix runs at a time, and collections are rare with the
/// benchmark's gen0 budget).
/// </remarks>
internal sealed record LightbulbSample(string Project, string Rule, string Where, double RegisterMs, int Actions, string? FirstAction, double? OperationsMs, string? Error)
{
    public double RegisterCpuMs { get; init; }

    public double? OperationsCpuMs { get; init; }

    /// <summary>Offered actions whose changed solution changes no document (an action computed when applied can).</summary>
    public int ActionsChangingNothing { get; init; }
}

internal sealed record RuleLightbulb(string Project, string Rule, int Diagnostics, IReadOnlyList<LightbulbSample> Samples, double ColdRegisterMs, double? ColdOperationsMs);

internal sealed record FixAllResult(string Project, string Rule, string EquivalenceKey, FixAllScope Scope, int Diagnostics, double? Ms, int Fixed, int NewErrors, int ChangedDocuments, string? Error)
{
    public double? CpuMs { get; init; }
}

/// <summary>
/// The code-fix side on a real project: an <see cref="AdhocWorkspace"/> holding the project's sources, the generators'
/// output (as plain documents), its references, options and analyzer config files; the BG diagnostics of its
/// compilation; then the lightbulb latency of each diagnostic (capped per rule, sampled evenly) and one Fix All per rule.
/// </summary>
internal sealed class FixTimes
{
    private static readonly HashSet<string> WarmedUp = new(StringComparer.Ordinal);

    private readonly RealProject _project;
    private readonly AdhocWorkspace _workspace = new();
    private readonly ProjectId _projectId = ProjectId.CreateNewId();

    /// <summary>See <see cref="RealWorldOptions.CheckActions"/>.</summary>
    public bool CheckActions { get; init; }

    public FixTimes(RealProject project)
        : this(project, Array.Empty<RealProject>())
    {
    }

    /// <summary>
    /// <paramref name="linked"/>: the same project's other target frameworks, each added as its own project whose files
    /// have the same paths, so that every document has linked copies (<see cref="Document.GetLinkedDocumentIds"/>), as
    /// Visual Studio and <c>dotnet format</c> load a multi-targeting project. The diagnostics are still the first
    /// project's (the IDE's active context).
    /// </summary>
    public FixTimes(RealProject project, IReadOnlyList<RealProject> linked)
    {
        _project = project;
        var solution = AddProject(_workspace.CurrentSolution, _projectId, project, project.AssemblyName);
        foreach (var other in linked)
        {
            solution = AddProject(solution, ProjectId.CreateNewId(), other, other.AssemblyName + " (" + other.Name + ")");
        }

        Solution = solution;
        LinkedProjects = linked.Count;
    }

    /// <summary>The project's name in the tables, with its linked target frameworks.</summary>
    private string Name => LinkedProjects == 0 ? _project.Name : $"{_project.Name} + {LinkedProjects} linked";

    /// <summary>How many other target frameworks' copies each document has.</summary>
    public int LinkedProjects { get; }

    private static Solution AddProject(Solution solution, ProjectId id, RealProject project, string name)
    {
        solution = solution.AddProject(ProjectInfo.Create(
            id,
            VersionStamp.Default,
            name,
            project.AssemblyName,
            LanguageNames.CSharp,
            compilationOptions: project.CompilationOptions,
            parseOptions: project.ParseOptions,
            metadataReferences: project.References));
        foreach (var tree in project.SourceTrees.Concat(project.GeneratedTrees))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), System.IO.Path.GetFileName(tree.FilePath), tree.GetText(), filePath: tree.FilePath);
        }

        foreach (var (path, text) in project.AnalyzerConfigFiles)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), System.IO.Path.GetFileName(path), Microsoft.CodeAnalysis.Text.SourceText.From(text), filePath: path);
        }

        return solution;
    }

    /// <summary>Every project's compilation built, untimed (the linked copies' too: an IDE builds them in the background).</summary>
    public async Task WarmCompilationsAsync()
    {
        foreach (var project in Solution.Projects)
        {
            _ = await project.GetCompilationAsync();
        }
    }

    public Solution Solution { get; }

    private Project Project => Solution.GetProject(_projectId)!;

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Solution solution, IReadOnlyList<DiagnosticAnalyzer> ours)
    {
        var project = solution.GetProject(_projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        return (await compilation.WithAnalyzers(ours.ToImmutableArray(), project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Id.StartsWith("BG", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>One reference search over the project (see <see cref="RealWorldOptions.WarmIndex"/>); its wall-clock ms.</summary>
    public async Task<double> WarmIndexAsync()
    {
        var watch = Stopwatch.StartNew();
        var compilation = (await Project.GetCompilationAsync())!;
        var method = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member).OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary);
        if (method is not null)
        {
            _ = await Microsoft.CodeAnalysis.FindSymbols.SymbolFinder.FindReferencesAsync(method, Solution);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    public async Task<int> ErrorsAsync(Solution solution) =>
        (await solution.GetProject(_projectId)!.GetCompilationAsync())!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

    public async Task<RuleLightbulb> LightbulbAsync(string rule, CodeFixProvider provider, IReadOnlyList<Diagnostic> diagnostics, int cap)
    {
        var sampled = diagnostics.Count <= cap
            ? diagnostics.ToList()
            : Enumerable.Range(0, cap).Select(i => diagnostics[(int)((long)i * diagnostics.Count / cap)]).ToList();

        // The first lightbulb of a rule in the process pays for JIT compilation of the fix's code: measured once,
        // reported as "cold", and not counted in the medians.
        double coldRegister = double.NaN;
        double? coldOperations = null;
        if (WarmedUp.Add(rule))
        {
            var cold = await OneAsync(rule, provider, sampled[0]);
            coldRegister = cold.RegisterMs;
            coldOperations = cold.OperationsMs;
        }

        var samples = new List<LightbulbSample>();
        foreach (var diagnostic in sampled)
        {
            samples.Add(await OneAsync(rule, provider, diagnostic));
        }

        return new RuleLightbulb(Name, rule, diagnostics.Count, samples, coldRegister, coldOperations);
    }

    private async Task<LightbulbSample> OneAsync(string rule, CodeFixProvider provider, Diagnostic diagnostic)
    {
        var document = Solution.GetDocument(diagnostic.Location.SourceTree)!;
        var where = $"{System.IO.Path.GetFileName(diagnostic.Location.SourceTree!.FilePath)}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}";
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        var cpu = Cpu();
        var watch = Stopwatch.StartNew();
        try
        {
            await provider.RegisterCodeFixesAsync(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new LightbulbSample(Name, rule, where, watch.Elapsed.TotalMilliseconds, 0, null, null, e.GetType().Name + ": " + e.Message);
        }

        var registerMs = watch.Elapsed.TotalMilliseconds;
        var registerCpu = Cpu() - cpu;
        var first = actions.Count == 0 ? null : FirstLeaf(actions[0]);
        if (first is null)
        {
            return new LightbulbSample(Name, rule, where, registerMs, 0, null, null, null) { RegisterCpuMs = registerCpu };
        }

        cpu = Cpu();
        watch.Restart();
        try
        {
            _ = await first.GetOperationsAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new LightbulbSample(Name, rule, where, registerMs, actions.Count, first.EquivalenceKey, null, e.GetType().Name + ": " + e.Message) { RegisterCpuMs = registerCpu };
        }

        var operationsMs = watch.Elapsed.TotalMilliseconds;
        var operationsCpu = Cpu() - cpu;

        // Untimed: every offered action is applied once more, and one that changes no document is counted (the promise of
        // a lightbulb computed lazily is that it offers nothing it cannot do).
        var changingNothing = 0;
        var results = new List<string>();
        foreach (var action in CheckActions ? actions.SelectMany(Leaves) : Enumerable.Empty<CodeAction>())
        {
            try
            {
                var applied = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                var changed = applied?.GetChanges(Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)).ToList() ?? new List<DocumentId>();
                if (changed.Count == 0)
                {
                    changingNothing++;
                }

                // The changed documents' new text, hashed: two builds of the fixes compared action by action.
                var text = new System.Text.StringBuilder();
                foreach (var id in changed.OrderBy(id => applied!.GetDocument(id)?.FilePath, StringComparer.Ordinal))
                {
                    text.Append(applied!.GetDocument(id)?.FilePath).Append('\n').Append(await applied.GetDocument(id)!.GetTextAsync());
                }

                results.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..12]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                changingNothing++;
                results.Add(e.GetType().Name);
            }
        }

        if (CheckActions)
        {
            // One line per lightbulb, to compare the offered actions of two builds of the fixes.
            Console.Error.WriteLine($"  actions {rule} {Name} {where}: {string.Join(" | ", actions.SelectMany(Leaves).Select(a => $"{a.EquivalenceKey} \"{a.Title}\""))}; results {string.Join(" ", results)}; changing nothing: {changingNothing}");
        }

        return new LightbulbSample(Name, rule, where, registerMs, actions.Count, first.EquivalenceKey, operationsMs, null) { RegisterCpuMs = registerCpu, OperationsCpuMs = operationsCpu, ActionsChangingNothing = changingNothing };
    }

    private static IEnumerable<CodeAction> Leaves(CodeAction action) => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Leaves);

    /// <summary>The process's CPU time so far, in ms.</summary>
    internal static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    private static CodeAction FirstLeaf(CodeAction action) => action.NestedActions.IsDefaultOrEmpty ? action : FirstLeaf(action.NestedActions[0]);

    public async Task<FixAllResult> FixAllAsync(string rule, CodeFixProvider provider, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<DiagnosticAnalyzer> ours, int timeoutSeconds)
    {
        var fixAll = provider.GetFixAllProvider();
        var scope = fixAll is null ? FixAllScope.Project : fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution) ? FixAllScope.Solution : FixAllScope.Project;
        if (fixAll is null)
        {
            return new FixAllResult(Name, rule, equivalenceKey, scope, diagnostics.Length, null, 0, 0, 0, "no Fix All provider");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var cpu = Cpu();
        var watch = Stopwatch.StartNew();
        Solution changed;
        int changedDocuments;
        try
        {
            var context = new FixAllContext(Project, provider, scope, equivalenceKey, diagnostics.Select(d => d.Id).Distinct(), new StaticDiagnosticProvider(diagnostics), timeout.Token);
            var action = await fixAll.GetFixAsync(context);
            if (action is null)
            {
                return new FixAllResult(Name, rule, equivalenceKey, scope, diagnostics.Length, watch.Elapsed.TotalMilliseconds, 0, 0, 0, "no Fix All action");
            }

            var operations = await action.GetOperationsAsync(timeout.Token);
            changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            // Ready to write, as dotnet format would: the text of every changed document.
            var documents = changed.GetChanges(Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)).ToList();
            foreach (var id in documents)
            {
                _ = await changed.GetDocument(id)!.GetTextAsync(timeout.Token);
            }

            changedDocuments = documents.Count;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new FixAllResult(Name, rule, equivalenceKey, scope, diagnostics.Length, null, 0, 0, 0, $"cancelled after {timeoutSeconds} s");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new FixAllResult(Name, rule, equivalenceKey, scope, diagnostics.Length, null, 0, 0, 0, e.GetType().Name + ": " + e.Message);
        }

        var ms = watch.Elapsed.TotalMilliseconds;
        var cpuMs = Cpu() - cpu;
        var ids = diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var left = (await DiagnosticsAsync(changed, ours)).Count(d => ids.Contains(d.Id));
        var newErrors = await ErrorsAsync(changed) - await ErrorsAsync(Solution);
        return new FixAllResult(Name, rule, equivalenceKey, scope, diagnostics.Length, ms, diagnostics.Length - left, newErrors, changedDocuments, null) { CpuMs = cpuMs };
    }
}
