using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// BG0201's "Use IHttpClientFactory": inject the factory through the constructor of a non-static class (adding a field,
/// a parameter and its assignment, or a constructor), and get the client from it where it was created. Per-instance
/// configuration stays: a client from the factory is cheap and may be configured per call; only its handlers are shared.
/// </summary>
internal static class FactoryClientPlan
{
    private const string FieldName = "_httpClientFactory";
    private const string ParameterName = "httpClientFactory";

    public static async Task<Document?> ApplyAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var factoryType = model?.Compilation.GetTypeByMetadataName("System.Net.Http.IHttpClientFactory");
        if (model is null || root is null || factoryType is null
            || creation.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } type
            || type.Modifiers.Any(SyntaxKind.StaticKeyword)
            || type.ParameterList is not null
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || creation.Initializer is not null
            || model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol
            || IsInStaticOrFieldContext(creation)
            || typeSymbol.InstanceConstructors.Count(c => !c.IsImplicitlyDeclared) > 1
            || await IsConstructedInSourceAsync(document.Project.Solution, typeSymbol, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var fieldExists = typeSymbol.GetMembers(FieldName).OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.Type, factoryType));
        if (!fieldExists && !typeSymbol.GetMembers(FieldName).IsEmpty)
        {
            return null;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var createClient = SyntaxFactory.ParseExpression(FieldName + ".CreateClient()");
        if (!TryReplaceCreation(editor, creation, createClient, model, cancellationToken))
        {
            return null;
        }

        if (!fieldExists)
        {
            InjectFactory(editor, type);
        }

        var newRoot = SyntaxEdits.RemoveMarkedStatements(editor.GetChangedRoot());
        return await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    private static bool IsInStaticOrFieldContext(SyntaxNode node) =>
        node.Ancestors().Any(a => a switch
        {
            FieldDeclarationSyntax or PropertyDeclarationSyntax { ExpressionBody: null, Initializer: not null } => a.Span.Contains(node.Span) && a is FieldDeclarationSyntax,
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.StaticKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.StaticKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers.Any(SyntaxKind.StaticKeyword),
            _ => false,
        });

    /// <summary>Adding a constructor parameter would break <c>new T(...)</c> calls the solution has.</summary>
    private static async Task<bool> IsConstructedInSourceAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            var references = await SymbolFinder.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false);
            if (references.SelectMany(r => r.Locations).Any())
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReplaceCreation(SyntaxEditor editor, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax createClient, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (creation.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator }
                when model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local:
                var scope = declaration.Parent?.Parent;
                if (scope is null || Escapes(scope, local, model, cancellationToken, out var disposals))
                {
                    return false;
                }

                editor.ReplaceNode(creation, createClient.WithTriviaFrom(creation));
                foreach (var dispose in disposals)
                {
                    editor.ReplaceNode(dispose, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation));
                }

                switch (declaration.Parent)
                {
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } usingDeclaration:
                        // Disposing a client from the factory is harmless but pointless: the lifetime goes, as with the shared field.
                        editor.ReplaceNode(usingDeclaration, (current, _) =>
                        {
                            var statement = (LocalDeclarationStatementSyntax)current;
                            return statement.WithUsingKeyword(default).WithLeadingTrivia(statement.UsingKeyword.LeadingTrivia);
                        });
                        break;
                    case UsingStatementSyntax usingStatement when usingStatement.Parent is BlockSyntax:
                        editor.ReplaceNode(usingStatement, (current, _) =>
                        {
                            var statement = (UsingStatementSyntax)current;
                            var local2 = SyntaxFactory.LocalDeclarationStatement(statement.Declaration!.WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
                            var body = statement.Statement is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(statement.Statement);
                            return SyntaxFactory.Block(body.Insert(0, local2)).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);
                        });
                        break;
                    case LocalDeclarationStatementSyntax:
                        break;
                    default:
                        return false;
                }

                return true;

            case MemberAccessExpressionSyntax memberAccess when memberAccess.Expression == creation:
                editor.ReplaceNode(creation, createClient.WithTriviaFrom(creation));
                return true;

            default:
                return false;
        }
    }

    /// <summary>Whether the client leaves the method (returned, stored, passed on); its Dispose() calls, to remove.</summary>
    private static bool Escapes(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken, out List<StatementSyntax> disposals)
    {
        disposals = new List<StatementSyntax>();
        foreach (var reference in scope.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == local.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax dispose } })
            {
                disposals.Add(dispose);
                continue;
            }

            if (reference.Parent is not MemberAccessExpressionSyntax member || member.Expression != reference)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A readonly field, and a constructor parameter assigned to it (a new constructor where there is none).</summary>
    private static void InjectFactory(SyntaxEditor editor, ClassDeclarationSyntax type)
    {
        var factoryType = SyntaxFactory.ParseTypeName("global::System.Net.Http.IHttpClientFactory").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(factoryType, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FieldName))))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(ParameterName)).WithType(factoryType);
        var assignment = SyntaxFactory.ParseStatement($"{FieldName} = {ParameterName};").WithTrailingTrivia(SyntaxEdits.EndOfLine(editor.OriginalRoot)).WithAdditionalAnnotations(Formatter.Annotation);
        var constructor = type.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));

        var firstNonField = type.Members.FirstOrDefault(m => m is not FieldDeclarationSyntax);
        if (firstNonField is not null)
        {
            editor.InsertBefore(firstNonField, field);
        }
        else
        {
            editor.AddMember(type, field);
        }

        if (constructor is null)
        {
            var newConstructor = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter)))
                .WithBody(SyntaxFactory.Block(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var firstMethod = type.Members.FirstOrDefault(m => m is not (FieldDeclarationSyntax or ConstructorDeclarationSyntax));
            if (firstMethod is not null)
            {
                editor.InsertBefore(firstMethod, newConstructor);
            }
            else
            {
                editor.AddMember(type, newConstructor);
            }

            return;
        }

        editor.ReplaceNode(constructor, (current, _) =>
        {
            var ctor = (ConstructorDeclarationSyntax)current;
            ctor = ctor.WithParameterList(ctor.ParameterList.AddParameters(parameter));
            if (ctor.Body is { } body)
            {
                return ctor.WithBody(body.WithStatements(body.Statements.Insert(0, assignment)));
            }

            // An expression-bodied constructor becomes a block with both statements.
            var expression = SyntaxFactory.ExpressionStatement(ctor.ExpressionBody!.Expression);
            return ctor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block(assignment, expression)).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }
}
