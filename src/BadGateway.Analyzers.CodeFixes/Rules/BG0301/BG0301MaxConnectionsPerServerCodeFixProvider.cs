using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>BG0301: set MaxConnectionsPerServer to the configured value.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0301MaxConnectionsPerServerCodeFixProvider)), Shared]
public sealed class BG0301MaxConnectionsPerServerCodeFixProvider : CodeFixProvider
{
    /// <summary>
    /// One key for the three edits (set it, add a handler that sets it, raise a low value): they all make the limit
    /// a decision, and Fix All applies them together in one pass.
    /// </summary>
    internal const string EquivalenceKey = "BG0301.SetMaxConnectionsPerServer";

    /// <summary>Removing a too-low limit from a library that has no chosen number: the app that uses it chooses.</summary>
    internal const string LeaveToTheAppEquivalenceKey = "BG0301.LeaveTheLimitToTheApp";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MaxConnectionsPerServer);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => FixGuard.RegisterAsync(context, RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        // In a library (where only a constant below the minimum is reported) a number is written only with a limit chosen
        // in .editorconfig; without one, the too-low setting can go, leaving the limit to the app.
        var mayWrite = ChosenNumbers.MayWrite(context.Document, root.SyntaxTree, RuleOptions.BG0301MaxConnectionsPerServer);
        var provider = context.Document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.TryGetFixKind(out var fix))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!mayWrite)
            {
                if (fix == FixKind.RaiseValue && node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } lowSetting && WithoutSetting(root, lowSetting) is { } withoutSetting)
                {
                    await TargetFrameworks.RegisterAsync(
                        context,
                        diagnostic,
                        "Remove the setting (the app that uses this library chooses the limit)",
                        LeaveToTheAppEquivalenceKey,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(withoutSetting).Project.Solution)).ConfigureAwait(false);
                }

                continue;
            }

            var value = RuleOptions.MaxConnectionsPerServer(provider, root.SyntaxTree);
            switch (fix)
            {
                case FixKind.SetInInitializer
                    when node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                    await TargetFrameworks.RegisterAsync(
                        context,
                        diagnostic,
                        $"Set MaxConnectionsPerServer = {value}",
                        EquivalenceKey,
                        async ct => (await ReplaceAsync(context.Document, creation, SyntaxEdits.AddToInitializer(creation, HandlerFlow.MaxConnectionsPerServer, SyntaxEdits.IntLiteral(value)), ct).ConfigureAwait(false)).Project.Solution).ConfigureAwait(false);
                    break;

                case FixKind.AddHandler
                    when node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } client
                        && diagnostic.Properties.TryGetValue(BG0301MaxConnectionsPerServerAnalyzer.HandlerTypeKey, out var handlerType)
                        && handlerType is not null:
                    // The handler the analyzer chose for this target framework (SocketsHttpHandler on .NET), else, in a
                    // file also compiled for .NET Framework or .NET Standard, HttpClientHandler, which has the property
                    // in all of them: the same text whichever target framework's report the fix starts from.
                    foreach (var candidate in new[] { handlerType, WellKnownTypeNames.HttpClientHandler }.Distinct())
                    {
                        if (await TargetFrameworks.TryRegisterAsync(
                            context,
                            diagnostic,
                            $"Create the client over a {candidate.Split('.').Last()} with MaxConnectionsPerServer = {value}",
                            EquivalenceKey,
                            async ct => (await AddHandlerAsync(context.Document, client, candidate, value, ct).ConfigureAwait(false)).Project.Solution).ConfigureAwait(false))
                        {
                            break;
                        }
                    }

                    break;

                case FixKind.RaiseValue
                    when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment:
                    await TargetFrameworks.RegisterAsync(
                        context,
                        diagnostic,
                        $"Raise MaxConnectionsPerServer to {value}",
                        EquivalenceKey,
                        async ct => (await ReplaceAsync(context.Document, assignment, SyntaxEdits.WithValue(assignment, value), ct).ConfigureAwait(false)).Project.Solution).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// <c>handler.MaxConnectionsPerServer = 2;</c> removed with its line, or <c>MaxConnectionsPerServer = 2</c> removed from
    /// an object initializer (with the initializer when it was the only member: <c>new HttpClientHandler()</c>). Null for
    /// any other place of the assignment.
    /// </summary>
    private static SyntaxNode? WithoutSetting(SyntaxNode root, AssignmentExpressionSyntax assignment)
    {
        switch (assignment.Parent)
        {
            case ExpressionStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax } statement:
                return SyntaxEdits.WithoutStatement(root, statement);

            case InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } initializer when initializer.IsKind(SyntaxKind.ObjectInitializerExpression):
                if (initializer.Expressions.Count > 1)
                {
                    var index = initializer.Expressions.IndexOf(assignment);
                    var expressions = initializer.Expressions.RemoveAt(index);
                    return root.ReplaceNode(initializer, initializer.WithExpressions(expressions).WithAdditionalAnnotations(Formatter.Annotation));
                }

                SyntaxNode withoutInitializer = creation switch
                {
                    ObjectCreationExpressionSyntax explicitCreation => explicitCreation
                        .WithType(explicitCreation.Type.WithoutTrailingTrivia())
                        .WithArgumentList(explicitCreation.ArgumentList ?? SyntaxFactory.ArgumentList())
                        .WithInitializer(null),
                    ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithInitializer(null),
                    _ => creation,
                };
                return root.ReplaceNode(creation, withoutInitializer.WithTrailingTrivia(initializer.GetTrailingTrivia()));

            default:
                return null;
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }

    private static async Task<Document> AddHandlerAsync(Document document, BaseObjectCreationExpressionSyntax client, string handlerTypeName, int value, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handlerType = editor.SemanticModel.Compilation.GetTypeByMetadataName(handlerTypeName);
        if (handlerType is null)
        {
            return document;
        }

        var handlerTypeSyntax = ((TypeSyntax)editor.Generator.TypeExpression(handlerType)).WithAdditionalAnnotations(Simplifier.Annotation);
        var handler = SyntaxFactory.ObjectCreationExpression(handlerTypeSyntax)
            .WithInitializer(SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(HandlerFlow.MaxConnectionsPerServer),
                    SyntaxEdits.IntLiteral(value)))));
        var arguments = (client.ArgumentList ?? SyntaxFactory.ArgumentList()).AddArguments(SyntaxFactory.Argument(handler));
        SyntaxNode newClient = client switch
        {
            ObjectCreationExpressionSyntax explicitCreation => explicitCreation.WithArgumentList(arguments),
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithArgumentList(arguments),
            _ => client,
        };
        editor.ReplaceNode(client, newClient.WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }
}
