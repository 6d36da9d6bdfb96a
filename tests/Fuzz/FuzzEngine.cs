using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// One input through everything a user's editor and <c>dotnet format</c> do with it: every BG analyzer with concurrent
/// execution on and then off, every fix provider asked for its actions on every BG diagnostic, the first action of each
/// applied, and Fix All of each rule once. Anything that throws is a <see cref="FuzzFailure"/>; so is a fix whose output
/// has a syntax error the input did not have, or that the compiler cannot compile without crashing.
/// </summary>
public sealed class FuzzEngine
{
    private static readonly AsyncLocal<InputScope?> s_scope = new();

    static FuzzEngine()
    {
        // A fix provider swallows its own exceptions (FixGuard) so that users see no gold bar; the fuzzer wants to see them.
        FixGuard.Swallowed += exception => s_scope.Value?.Fail("swallowed-by-" + s_scope.Value.Phase, exception);
    }

    /// <summary>An engine for every BG analyzer and fix, or for the ones given (the engine's own tests give throwing ones).</summary>
    public FuzzEngine(TimeSpan timeout, ImmutableArray<DiagnosticAnalyzer>? analyzers = null, ImmutableArray<CodeFixProvider>? fixes = null)
    {
        Timeout = timeout;
        Analyzers = analyzers ?? AllAnalyzers;
        Fixes = fixes ?? AllFixes;
    }

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = ConcreteTypes<DiagnosticAnalyzer>(typeof(Rules.BG0101BlockingWaitAnalyzer).Assembly);

    public static ImmutableArray<CodeFixProvider> AllFixes { get; } = ConcreteTypes<CodeFixProvider>(typeof(FixGuard).Assembly);

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixes { get; }

    public TimeSpan Timeout { get; }

    public async Task<InputOutcome> RunAsync(SourceSet set, string path, string text, CancellationToken cancellationToken = default)
    {
        var scope = new InputScope();
        s_scope.Value = scope;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await RunAsync(scope, set, path, text, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            scope.Add(new FailureRecord("timeout", $"timeout in {scope.Phase}", $"the input took longer than {Timeout.TotalSeconds:0} s in {scope.Phase}"));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            scope.Fail(scope.Phase, exception);
        }
        finally
        {
            s_scope.Value = null;
        }

        return scope.ToOutcome();
    }

    private async Task RunAsync(InputScope scope, SourceSet set, string path, string text, CancellationToken cancellationToken)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Fuzz", "Fuzz", LanguageNames.CSharp, compilationOptions: set.CompilationOptions, parseOptions: set.ParseOptions))
            .AddMetadataReferences(projectId, set.References)
            .AddDocument(documentId, System.IO.Path.GetFileName(path), SourceText.From(text), filePath: "/fuzz/" + path);
        var project = solution.GetProject(projectId)!;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        scope.Phase = "compile";
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var inputTree = compilation.SyntaxTrees.Single();
        var inputSyntaxErrors = SyntaxErrorCounts(inputTree, cancellationToken);
        scope.Time("compile", clock);

        scope.Phase = "analyzer";
        var diagnostics = await AnalyzeAsync(scope, compilation, concurrent: true, cancellationToken).ConfigureAwait(false);
        scope.Time("analyze concurrent", clock);
        scope.Phase = "analyzer-sequential";
        var sequential = await AnalyzeAsync(scope, compilation, concurrent: false, cancellationToken).ConfigureAwait(false);
        scope.Time("analyze sequential", clock);
        if (!Keys(diagnostics).SequenceEqual(Keys(sequential)))
        {
            scope.Add(new FailureRecord("concurrency", "diagnostics differ with concurrent execution", $"concurrent: {string.Join(", ", Keys(diagnostics))}; sequential: {string.Join(", ", Keys(sequential))}"));
        }

        foreach (var diagnostic in diagnostics)
        {
            scope.Diagnostics.Add(diagnostic.Id);
        }

        var firstKeys = new Dictionary<string, (CodeFixProvider Fix, string Key)>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await GuardedAsync(scope, "fix-registration " + fix.GetType().Name, async () =>
                {
                    var actions = new List<CodeAction>();
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add(action); } }, cancellationToken)).ConfigureAwait(false);
                    scope.ActionsOffered += actions.Count;
                    if (actions.Count == 0)
                    {
                        return;
                    }

                    if (actions[0].EquivalenceKey is { } key && !firstKeys.ContainsKey(diagnostic.Id))
                    {
                        firstKeys[diagnostic.Id] = (fix, key);
                    }

                    scope.Phase = "fix-application " + fix.GetType().Name;
                    var operations = await actions[0].GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                    scope.ActionsApplied++;
                    await CheckOutputAsync(scope, set, project.Solution, operations, inputSyntaxErrors, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
        }

        scope.Time("fixes", clock);
        foreach (var (id, (fix, key)) in firstKeys.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await GuardedAsync(scope, "fix-all " + fix.GetType().Name, async () =>
            {
                var provider = fix.GetFixAllProvider();
                if (provider is null || !provider.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
                {
                    return;
                }

                var ofId = diagnostics.Where(d => d.Id == id).ToImmutableArray();
                var context = new FixAllContext(project.GetDocument(ofId[0].Location.SourceTree)!, fix, FixAllScope.Solution, key, new[] { id }, new StaticDiagnosticProvider(ofId), cancellationToken);
                var action = await provider.GetFixAsync(context).ConfigureAwait(false);
                scope.FixAlls++;
                if (action is not null)
                {
                    var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                    await CheckOutputAsync(scope, set, project.Solution, operations, inputSyntaxErrors, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }

        scope.Time("fix all", clock);
    }

    /// <summary>Runs one step; an exception is recorded and the next step still runs. Cancellation goes on up.</summary>
    private static async Task GuardedAsync(InputScope scope, string phase, Func<Task> step)
    {
        scope.Phase = phase;
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            scope.Fail(scope.Phase, exception);
        }
    }

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(InputScope scope, Compilation compilation, bool concurrent, CancellationToken cancellationToken)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => scope.Fail((concurrent ? "analyzer " : "analyzer-sequential ") + analyzer.GetType().Name, exception),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var all = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var crash in all.Where(d => d.Id == "AD0001"))
        {
            scope.Add(new FailureRecord(scope.Phase, "AD0001 " + crash.GetMessage(CultureInfo.InvariantCulture).Split('\n')[0], crash.GetMessage(CultureInfo.InvariantCulture)));
        }

        return all.Where(d => d.Id.StartsWith("BG", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>
    /// A fix's output as it is written to disk: parsed again from its text (a fix can build a tree no parser makes), with no
    /// syntax error the input did not have, and compiled without the compiler crashing.
    /// </summary>
    private static async Task CheckOutputAsync(InputScope scope, SourceSet set, Solution before, ImmutableArray<CodeActionOperation> operations, Dictionary<string, int> inputSyntaxErrors, CancellationToken cancellationToken)
    {
        var after = operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution;
        if (after is null)
        {
            return;
        }

        var phase = scope.Phase;
        foreach (var documentId in after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            var text = await after.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var reparsed = CSharpSyntaxTree.ParseText(text, set.ParseOptions, cancellationToken: cancellationToken);
            var added = SyntaxErrorCounts(reparsed, cancellationToken)
                .Where(p => p.Value > (inputSyntaxErrors.TryGetValue(p.Key, out var count) ? count : 0))
                .Select(p => p.Key)
                .ToList();
            if (added.Count > 0)
            {
                var first = reparsed.GetDiagnostics(cancellationToken).First(d => added.Contains(d.Id));
                var line = text.Lines[first.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
                scope.Add(new FailureRecord("output-syntax " + phase, $"fix output has new {string.Join(", ", added)}", $"{first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)} | {line}"));
            }

            scope.Phase = "output-compile " + phase;
            CSharpCompilation.Create("Output", new[] { reparsed }, set.References, set.CompilationOptions).GetDiagnostics(cancellationToken);
            scope.Phase = phase;
        }
    }

    private static Dictionary<string, int> SyntaxErrorCounts(SyntaxTree tree, CancellationToken cancellationToken) => tree
        .GetDiagnostics(cancellationToken)
        .Where(d => d.Severity == DiagnosticSeverity.Error)
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static IEnumerable<string> Keys(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id}@{d.Location.SourceSpan.Start}").OrderBy(k => k, StringComparer.Ordinal);

    private static ImmutableArray<T> ConcreteTypes<T>(Assembly assembly) => assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (T)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>What happened to one input so far; the fix guard's event finds it through an async-local.</summary>
    private sealed class InputScope
    {
        public string Phase { get; set; } = "start";

        public List<FailureRecord> Failures { get; } = new();

        public List<string> Diagnostics { get; } = new();

        public int ActionsOffered { get; set; }

        public int ActionsApplied { get; set; }

        public int FixAlls { get; set; }

        public Dictionary<string, TimeSpan> Timings { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds the time since the clock's last restart to <paramref name="step"/>, and restarts it.</summary>
        public void Time(string step, System.Diagnostics.Stopwatch clock)
        {
            Timings[step] = (Timings.TryGetValue(step, out var before) ? before : TimeSpan.Zero) + clock.Elapsed;
            clock.Restart();
        }

        public void Fail(string phase, Exception exception) =>
            Add(new FailureRecord(phase, FailureRecord.SignatureOf(exception), exception.ToString()));

        public void Add(FailureRecord failure)
        {
            lock (Failures)
            {
                Failures.Add(failure);
            }
        }

        public InputOutcome ToOutcome()
        {
            lock (Failures)
            {
                return new InputOutcome(Failures.ToImmutableArray(), Diagnostics.ToImmutableArray(), ActionsOffered, ActionsApplied, FixAlls, Timings.ToImmutableDictionary());
            }
        }
    }
}

/// <summary>One failure: where it happened (analyzer, fix registration, fix application, Fix All, output), what, and the details.</summary>
public sealed record FailureRecord(string Phase, string Signature, string Detail)
{
    /// <summary>The same bug, whatever input hit it: the exception's type and the first frame in our code, without line numbers.</summary>
    public static string SignatureOf(Exception exception)
    {
        var frames = (exception.StackTrace ?? string.Empty).Split('\n').Select(f => f.Trim()).Where(f => f.Length > 0).ToList();
        var ours = frames.FirstOrDefault(f => f.Contains("BadGateway.Analyzers.", StringComparison.Ordinal) && !f.Contains("BadGateway.Analyzers.Fuzz.", StringComparison.Ordinal));
        var frame = ours ?? frames.FirstOrDefault() ?? "(no stack)";
        var inFile = frame.IndexOf(" in ", StringComparison.Ordinal);
        return $"{exception.GetType().Name} {(inFile < 0 ? frame : frame.Substring(0, inFile))}";
    }

    /// <summary>Two failures are the same bug when they happen in the same kind of step with the same signature.</summary>
    public string Key => $"{Phase.Split(' ')[0]} | {Signature}";
}

/// <summary>What one input did: its failures, the BG diagnostics reported, the actions offered and applied, the Fix Alls run.</summary>
public sealed record InputOutcome(ImmutableArray<FailureRecord> Failures, ImmutableArray<string> Diagnostics, int ActionsOffered, int ActionsApplied, int FixAlls, ImmutableDictionary<string, TimeSpan> Timings);
