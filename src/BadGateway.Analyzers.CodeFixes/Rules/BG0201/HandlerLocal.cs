using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// <c>var handler = new HttpClientHandler { UseCookies = false }; using var client = new HttpClient(handler);</c>: a handler
/// local created, with a constant configuration, just before the client and only handed to it. The shared client's field
/// creates the handler; the local goes.
/// </summary>
internal sealed class HandlerLocal
{
    private HandlerLocal(ArgumentSyntax argument, LocalDeclarationStatementSyntax declaration, BaseObjectCreationExpressionSyntax creation)
    {
        Argument = argument;
        Declaration = declaration;
        Creation = creation;
    }

    /// <summary>The client creation's argument that names the local.</summary>
    public ArgumentSyntax Argument { get; }

    public LocalDeclarationStatementSyntax Declaration { get; }

    /// <summary>The handler's creation, the local's initializer.</summary>
    public BaseObjectCreationExpressionSyntax Creation { get; }

    public static HandlerLocal? Find(BaseObjectCreationExpressionSyntax client, SemanticModel model, CancellationToken cancellationToken)
    {
        if (client.ArgumentList?.Arguments is not { Count: 1 } arguments
            || arguments[0] is not { NameColon: null, Expression: IdentifierNameSyntax name } argument
            || model.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
            {
                Initializer.Value: BaseObjectCreationExpressionSyntax creation,
                Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } declaration },
            }
            || declaration.Parent is not BlockSyntax block
            || client.FirstAncestorOrSelf<StatementSyntax>() is not { } clientStatement
            || clientStatement.Parent != block
            || !SharedClientPlan.IsConstant(creation, model, cancellationToken))
        {
            return null;
        }

        // Used once, by this creation: configured after its creation, disposed or shared, it is not the call's alone.
        var uses = block.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Count(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));
        return uses == 1 ? new HandlerLocal(argument, declaration, creation) : null;
    }

    /// <summary>
    /// The handler with <c>MaxConnectionsPerServer = n</c> added when <paramref name="maxConnectionsPerServer"/> is set (an
    /// executable, where BG0301 would report a shared handler without it), its type has the property and it sets none.
    /// </summary>
    public static BaseObjectCreationExpressionSyntax WithConnectionLimit(BaseObjectCreationExpressionSyntax handler, int? maxConnectionsPerServer, SemanticModel model, CancellationToken cancellationToken)
    {
        if (maxConnectionsPerServer is not { } limit
            || model.GetTypeInfo(handler, cancellationToken).Type is not INamedTypeSymbol type
            || !type.GetMembers("MaxConnectionsPerServer").OfType<IPropertySymbol>().Any(p => p.SetMethod is not null)
            || handler.Initializer?.Expressions.Any(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "MaxConnectionsPerServer" } }) == true
            || handler.Initializer is { RawKind: not (int)SyntaxKind.ObjectInitializerExpression })
        {
            return handler;
        }

        var setting = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("MaxConnectionsPerServer"),
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(limit)));
        return handler.Initializer is { } initializer
            ? handler.WithInitializer(initializer.AddExpressions(setting))
            : handler.WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(setting)));
    }
}
