using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Tests.Conventions;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>Runs every BG analyzer and fix the way an IDE does: in-process, concurrently, on whatever code there is.</summary>
internal static class AnalyzerHarness
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_references = new(() =>
        ReferenceAssemblyPresets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = RuleCatalog.AnalyzerTypes
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixes { get; } = RuleCatalog.CodeFixTypes
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Task<ImmutableArray<MetadataReference>> ReferencesAsync() => s_references.Value;

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A one-project solution holding <paramref name="sources"/>.</summary>
    public static async Task<Project> CreateProjectAsync(IEnumerable<(string Name, string Text)> sources)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp, compilationOptions: CompilationOptions, parseOptions: ParseOptions))
            .AddMetadataReferences(projectId, await ReferencesAsync().ConfigureAwait(false));
        foreach (var (name, text) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/corpus/" + name);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>Every BG diagnostic of the project, and every exception an analyzer threw.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Exceptions)> AnalyzeAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        return (diagnostics.Where(d => d.Id.StartsWith("BG", StringComparison.Ordinal)).ToImmutableArray(), exceptions);
    }

    /// <summary>The code actions every fix offers for <paramref name="diagnostic"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> FixesForAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        var actions = new List<CodeAction>();
        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return actions;
        }

        foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add(action); } }, cancellationToken);
            await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }

        return actions;
    }

    public static async Task<Solution> ApplyAsync(CodeAction action, Solution solution, CancellationToken cancellationToken = default)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution ?? solution;
    }

    public static async Task<IReadOnlyList<string>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }

    /// <summary>Every comment of the project, as text.</summary>
    public static async Task<List<string>> CommentsAsync(Project project)
    {
        var comments = new List<string>();
        foreach (var document in project.Documents)
        {
            var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
            comments.AddRange(root!.DescendantTrivia(descendIntoTrivia: true)
                .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                .Select(t => t.ToString().Trim()));
        }

        return comments;
    }

    /// <summary>The comments of <paramref name="before"/> that <paramref name="after"/> no longer has (as a multiset).</summary>
    public static List<string> LostComments(List<string> before, List<string> after)
    {
        var left = after.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var missing = new List<string>();
        foreach (var comment in before)
        {
            if (left.TryGetValue(comment, out var count) && count > 0)
            {
                left[comment] = count - 1;
            }
            else
            {
                missing.Add(comment);
            }
        }

        return missing;
    }

    /// <summary>
    /// <paramref name="solution"/> with every document of <paramref name="projectId"/> parsed again from its text: the code
    /// as written to disk. A fix can leave a tree no parser makes (a member binding outside its conditional access), which
    /// reads as valid text but crashes the binder (dotnet format's NullReferenceException in FindConditionalAccessNodeForBinding).
    /// </summary>
    public static async Task<Solution> ReparsedAsync(Solution solution, ProjectId projectId)
    {
        foreach (var document in solution.GetProject(projectId)!.Documents)
        {
            var text = await document.GetTextAsync().ConfigureAwait(false);
            solution = solution.WithDocumentText(document.Id, SourceText.From(text.ToString()));
        }

        return solution;
    }

    /// <summary>Compiler errors (parse and bind) per document and id: what a fix may not add.</summary>
    public static async Task<Dictionary<(string Document, string Id), List<string>>> ErrorsByDocumentAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .GroupBy(d => (Document: d.Location.SourceTree?.FilePath ?? "(project)", d.Id))
            .ToDictionary(g => g.Key, g => g.Select(Describe).ToList());
    }

    /// <summary>Where a diagnostic is and what it says, for a failure message: <c>BG0101 /corpus/A.cs(12): 'x.Result' ... | line text</c>.</summary>
    public static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Id} {diagnostic.Location.SourceTree?.FilePath}({diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}): {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} | {LineText(diagnostic)}";

    /// <summary>The text of the line a diagnostic starts on, trimmed and with runs of white space collapsed.</summary>
    public static string LineText(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return string.Empty;
        }

        var line = tree.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString();
        return string.Join(" ", line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The BG diagnostics of <paramref name="after"/> that were not there in <paramref name="before"/>. A diagnostic was there
    /// before if one of the same id in the same document is on a line with the same text, or failing that has the same
    /// message (it names the expression: a diagnostic left in place on a line another fix rewrote); each diagnostic of
    /// <paramref name="before"/> vouches for one of <paramref name="after"/> only.
    /// </summary>
    public static List<Diagnostic> NewDiagnostics(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after)
    {
        static string Document(Diagnostic d) => d.Location.SourceTree?.FilePath ?? string.Empty;
        static string Message(Diagnostic d) => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

        var unmatched = before.ToList();
        var unexplained = new List<Diagnostic>();
        foreach (var diagnostic in after)
        {
            var sameLine = unmatched.FindIndex(d => d.Id == diagnostic.Id && Document(d) == Document(diagnostic) && LineText(d) == LineText(diagnostic));
            if (sameLine >= 0)
            {
                unmatched.RemoveAt(sameLine);
            }
            else
            {
                unexplained.Add(diagnostic);
            }
        }

        var added = new List<Diagnostic>();
        foreach (var diagnostic in unexplained)
        {
            var sameMessage = unmatched.FindIndex(d => d.Id == diagnostic.Id && Document(d) == Document(diagnostic) && Message(d) == Message(diagnostic));
            if (sameMessage >= 0)
            {
                unmatched.RemoveAt(sameMessage);
            }
            else
            {
                added.Add(diagnostic);
            }
        }

        return added;
    }

    /// <summary>Every equivalence key <paramref name="fix"/> declares: its string constants that start with one of its ids and a dot.</summary>
    public static IReadOnlyList<string> EquivalenceKeys(CodeFixProvider fix) => fix.GetType()
        .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(key => fix.FixableDiagnosticIds.Any(id => key.StartsWith(id + ".", StringComparison.Ordinal)))
        .OrderBy(key => key, StringComparer.Ordinal)
        .ToList();

    /// <summary>An exception in one line: type, message, and the first frame in our code.</summary>
    public static string Short(Exception exception)
    {
        var frames = (exception.StackTrace ?? string.Empty).Split('\n').Select(f => f.Trim()).ToList();
        var ours = frames.FirstOrDefault(f => f.Contains("BadGateway.Analyzers.", StringComparison.Ordinal) && !f.Contains(".Tests.", StringComparison.Ordinal));
        return $"{exception.GetType().Name}: {exception.Message} {ours ?? frames.FirstOrDefault()}";
    }

    /// <summary>
    /// The equivalence key <c>dotnet format</c> uses for <paramref name="fix"/>: that of the first action the fix registers
    /// for the first diagnostic (null when it registers none).
    /// </summary>
    public static async Task<string?> FirstEquivalenceKeyAsync(Solution solution, CodeFixProvider fix, Diagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        var document = solution.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return null;
        }

        CodeAction? first = null;
        var context = new CodeFixContext(document, diagnostic, (action, _) => first ??= action, cancellationToken);
        await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return first?.EquivalenceKey;
    }

    /// <summary>
    /// Fix All in solution scope for one diagnostic id, as <c>dotnet format analyzers</c> runs it
    /// (<c>SolutionCodeFixApplier</c>): <paramref name="diagnostics"/> computed on <paramref name="solution"/> just before,
    /// the fix's Fix All provider asked once, its one <see cref="ApplyChangesOperation"/> applied. Exceptions propagate
    /// (dotnet format logs them and writes nothing for the id).
    /// </summary>
    public static async Task<Solution> FixAllInSolutionAsync(Solution solution, CodeFixProvider fix, string diagnosticId, string? equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
    {
        var provider = fix.GetFixAllProvider();
        var first = diagnostics.FirstOrDefault(d => d.Id == diagnosticId && d.Location.SourceTree is not null);
        if (provider is null || first is null || !provider.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            return solution;
        }

        var document = solution.GetDocument(first.Location.SourceTree)!;
        var context = new FixAllContext(
            document,
            fix,
            FixAllScope.Solution,
            equivalenceKey!,
            new[] { diagnosticId },
            new BadGateway.Analyzers.Corpus.StaticDiagnosticProvider(diagnostics.Where(d => d.Id == diagnosticId).ToImmutableArray()),
            cancellationToken);
        var action = await provider.GetFixAsync(context).ConfigureAwait(false);
        if (action is null)
        {
            return solution;
        }

        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution ?? solution;
    }

    /// <summary>Fix All, project scope, for one fix and equivalence key.</summary>
    public static async Task<Solution> FixAllAsync(Project project, CodeFixProvider fix, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = fix.GetFixAllProvider();
        if (provider is null)
        {
            return project.Solution;
        }

        var context = new FixAllContext(
            project,
            fix,
            FixAllScope.Project,
            equivalenceKey,
            fix.FixableDiagnosticIds,
            new BadGateway.Analyzers.Corpus.StaticDiagnosticProvider(diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray()),
            CancellationToken.None);
        var action = await provider.GetFixAsync(context).ConfigureAwait(false);
        return action is null ? project.Solution : await ApplyAsync(action, project.Solution).ConfigureAwait(false);
    }
}
