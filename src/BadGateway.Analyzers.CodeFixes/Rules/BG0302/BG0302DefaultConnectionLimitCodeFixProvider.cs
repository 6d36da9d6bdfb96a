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

/// <summary>BG0302: raise a low DefaultConnectionLimit, or set it first thing in Main.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0302DefaultConnectionLimitCodeFixProvider)), Shared]
public sealed class BG0302DefaultConnectionLimitCodeFixProvider : CodeFixProvider
{
    /// <summary>One key for both edits (raise a low value, set it in Main), so Fix All applies them in one pass.</summary>
    internal const string EquivalenceKey = "BG0302.SetDefaultConnectionLimit";

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

        // In a library only with a limit chosen in .editorconfig.
        if (!ChosenNumbers.MayWrite(context.Document, root.SyntaxTree, RuleOptions.BG0302ConnectionLimit))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.TryGetFixKind(out var fix))
            {
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
