using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>BG0302: raise a low DefaultConnectionLimit, set it first thing in Main, or remove it where it has no effect (.NET Core).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0302DefaultConnectionLimitCodeFixProvider)), Shared]
public sealed class BG0302DefaultConnectionLimitCodeFixProvider : CodeFixProvider
{
    /// <summary>One key for the edits that write the limit (raise a low value or a named constant, set it in Main), so Fix All applies them in one pass.</summary>
    internal const string EquivalenceKey = "BG0302.SetDefaultConnectionLimit";

    /// <summary>Removing an assignment that has no effect on .NET (Core): a key of its own, it writes no number.</summary>
    internal const string RemoveEquivalenceKey = "BG0302.RemoveAssignmentWithoutEffect";

    /// <summary>Removing a too-low limit from a library that has no chosen number: the app that loads it chooses.</summary>
    internal const string LeaveToTheAppEquivalenceKey = "BG0302.LeaveTheLimitToTheApp";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DefaultConnectionLimit);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => FixGuard.RegisterAsync(context, RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        // A number is written into a library only when its limit is chosen in .editorconfig.
        var mayWrite = ChosenNumbers.MayWrite(context.Document, root.SyntaxTree, RuleOptions.BG0302ConnectionLimit);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.TryGetFixKind(out var fix))
            {
                continue;
            }

            if (fix == FixKind.RemoveAssignment)
            {
                await RegisterRemovalAsync(context, root, diagnostic).ConfigureAwait(false);
                continue;
            }

            if (!mayWrite)
            {
                // A library without a chosen limit: no number is written into it, and a too-low one can go, leaving the
                // limit to the app that loads it.
                if (fix is FixKind.RaiseValue or FixKind.RaiseConstant
                    && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax } lowStatement })
                {
                    await TargetFrameworks.RegisterAsync(
                        context,
                        diagnostic,
                        "Remove the assignment (the app that loads this library chooses the limit)",
                        LeaveToTheAppEquivalenceKey,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(SyntaxEdits.WithoutStatement(root, lowStatement)).Project.Solution)).ConfigureAwait(false);
                }

                continue;
            }

            var limit = RuleOptions.ConnectionLimit(context.Document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider, root.SyntaxTree);
            if (fix == FixKind.RaiseValue
                && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment)
            {
                await TargetFrameworks.RegisterAsync(
                    context,
                    diagnostic,
                    $"Raise DefaultConnectionLimit to {limit}",
                    EquivalenceKey,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(assignment, SyntaxEdits.WithValue(assignment, limit))).Project.Solution)).ConfigureAwait(false);
            }
            else if (fix == FixKind.RaiseConstant
                && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } constantAssignment
                && await NamedConstantLimit.FindAsync(context.Document, constantAssignment, context.CancellationToken).ConfigureAwait(false) is { } constant)
            {
                await TargetFrameworks.RegisterAsync(
                    context,
                    diagnostic,
                    $"Set '{constant.Name}' to {limit}",
                    EquivalenceKey,
                    ct => NamedConstantLimit.SetAsync(constant.Document, constant.Declarator, limit, ct)).ConfigureAwait(false);
            }
            else if (fix == FixKind.InsertInMain
                && diagnostic.AdditionalLocations.FirstOrDefault() is { SourceTree: { } mainTree } mainLocation
                && context.Document.Project.Solution.GetDocument(mainTree) is { } mainDocument
                && await TargetFrameworks.HoldsInEveryOtherAsync(mainDocument, (model, _) => KnownTypes.Create(model.Compilation).IsNetFramework, context.CancellationToken).ConfigureAwait(false))
            {
                // Where the app also targets .NET (Core), the line would do nothing there and BG0302 would report it.
                await TargetFrameworks.RegisterAsync(
                    context,
                    diagnostic,
                    $"Set ServicePointManager.DefaultConnectionLimit = {limit} at the start of the program",
                    EquivalenceKey,
                    ct => InsertInMainAsync(mainDocument, mainLocation, limit, ct)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// "Remove the assignment": only where every target framework that compiles the file is .NET (Core), since on
    /// .NET Framework the same line sets the limit, and so does a .NET Standard build when an app on .NET Framework loads it.
    /// What the value runs stays (<see cref="NoEffectRemoval"/>). The title points to where the project creates its
    /// clients, where the limit that counts is set (BG0301).
    /// </summary>
    private static async Task RegisterRemovalAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { } assignment
            || model is null
            || !KnownTypes.Create(model.Compilation).IsNetCore
            || NoEffectRemoval.Remove(root, model, assignment) is not { } newRoot
            || !await TargetFrameworks.HoldsInEveryOtherAsync(context.Document, (other, _) => KnownTypes.Create(other.Compilation).IsNetCore, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var clients = await FirstClientCreationAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false);
        var title = clients is null
            ? "Remove the assignment (it has no effect on .NET Core)"
            : $"Remove the assignment (it has no effect on .NET Core; set MaxConnectionsPerServer on the handler of the clients created in {clients})";
        await TargetFrameworks.RegisterAsync(
            context,
            diagnostic,
            title,
            RemoveEquivalenceKey,
            async ct => (await DocumentCleanup.CleanupAsync(context.Document.WithSyntaxRoot(newRoot), ct).ConfigureAwait(false)).Project.Solution).ConfigureAwait(false);
    }

    /// <summary>The file name of the first document of the project that creates an HttpClient or a handler, or null.</summary>
    private static async Task<string?> FirstClientCreationAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var document in project.Documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not null && root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Any(c => IsClientOrHandler(c.Type)))
            {
                return System.IO.Path.GetFileName(document.FilePath ?? document.Name);
            }
        }

        return null;
    }

    private static bool IsClientOrHandler(TypeSyntax type)
    {
        var name = type is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (type as IdentifierNameSyntax)?.Identifier.ValueText;
        return name is "HttpClient" or "SocketsHttpHandler" or "HttpClientHandler";
    }

    /// <summary>
    /// <c>static void Main() =&gt; Run();</c> → <c>{ limit; Run(); }</c>; a Main that returns a value (<c>int</c>,
    /// <c>Task</c> without async, <c>async Task&lt;int&gt;</c>) returns the expression.
    /// </summary>
    private static MethodDeclarationSyntax WithBlockBody(MethodDeclarationSyntax main, ArrowExpressionClauseSyntax arrow, StatementSyntax first)
    {
        var isAsync = main.Modifiers.Any(SyntaxKind.AsyncKeyword);
        var returnsNothing = main.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || (isAsync && main.ReturnType is IdentifierNameSyntax { Identifier.ValueText: "Task" } or QualifiedNameSyntax { Right: IdentifierNameSyntax { Identifier.ValueText: "Task" } });
        var expression = arrow.Expression.WithoutTrivia();
        StatementSyntax last = returnsNothing ? SyntaxFactory.ExpressionStatement(expression) : SyntaxFactory.ReturnStatement(expression);
        var endOfLine = SyntaxEdits.EndOfLine(main);
        var trailing = main.SemicolonToken.TrailingTrivia;
        var body = SyntaxFactory.Block(
                first.WithTrailingTrivia(endOfLine),
                last.WithTrailingTrivia(trailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ? trailing : trailing.Add(endOfLine)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return main
            .WithParameterList(main.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(body)
            .WithTrailingTrivia(endOfLine);
    }

    private static async Task<Solution> InsertInMainAsync(Document document, Location mainLocation, int limit, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document.Project.Solution;
        }

        var statement = SyntaxFactory.ParseStatement($"System.Net.ServicePointManager.DefaultConnectionLimit = {limit};")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation);
        var node = root.FindNode(mainLocation.SourceSpan, getInnermostNodeForTie: true);
        SyntaxNode newRoot;
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { Body: { } body })
        {
            var newBody = body.WithStatements(body.Statements.Insert(0, statement.WithTrailingTrivia(SyntaxEdits.EndOfLine(root))));
            if (body.Statements.Count == 0)
            {
                // Main() { } on one line: the braces get lines of their own; there is nothing else in it to reformat.
                newBody = newBody.WithAdditionalAnnotations(Formatter.Annotation);
            }

            newRoot = root.ReplaceNode(body, newBody);
        }
        else if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { ExpressionBody: { } arrow } main)
        {
            newRoot = root.ReplaceNode(main, WithBlockBody(main, arrow, statement));
        }
        else if (node.FirstAncestorOrSelf<GlobalStatementSyntax>() is { } first && root is CompilationUnitSyntax unit)
        {
            var global = SyntaxFactory.GlobalStatement(statement)
                .WithLeadingTrivia(first.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxEdits.EndOfLine(root));
            var index = unit.Members.IndexOf(first);
            newRoot = unit.WithMembers(unit.Members.Replace(first, first.WithoutLeadingTrivia()).Insert(index, global));
        }
        else
        {
            return document.Project.Solution;
        }

        var cleaned = await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
        return cleaned.Project.Solution;
    }
}
