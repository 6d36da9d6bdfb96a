using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0201: <c>var lazy = new Lazy&lt;HttpClient&gt;(() =&gt; new HttpClient());</c> created per call: the Lazy hands out the
/// shared client (<c>() =&gt; s_httpClient</c>), so each call's Lazy no longer makes a connection pool of its own. Only
/// when the Lazy is a local whose every use is <c>lazy.Value.GetAsync(...)</c> (a request) or <c>lazy.IsValueCreated</c>:
/// a Lazy handed on, or a client disposed or configured through <c>lazy.Value</c>, is refused.
/// </summary>
internal static class LazyClient
{
    public static bool TryPlan(BaseObjectCreationExpressionSyntax creation, SemanticModel model, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        if (creation.Parent is not LambdaExpressionSyntax lambda
            || lambda.ExpressionBody != creation
            || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: BaseObjectCreationExpressionSyntax lazy } }
            || model.GetTypeInfo(lazy, cancellationToken).Type is not INamedTypeSymbol { Name: "Lazy", Arity: 1, ContainingNamespace.Name: "System" }
            || lazy.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } declaration }
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || declaration.Parent is null)
        {
            return false;
        }

        foreach (var reference in declaration.Parent.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == local.Name))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local) && !IsRequestOrCheck(reference))
            {
                return false;
            }
        }

        edits.Add((editor, name) => editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)));
        return true;
    }

    /// <summary><c>lazy.Value.GetStringAsync(url)</c> or <c>lazy.IsValueCreated</c>.</summary>
    private static bool IsRequestOrCheck(IdentifierNameSyntax reference) => reference.Parent switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsValueCreated" } check => check.Expression == reference,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } request } value =>
            value.Expression == reference
            && request.Expression == value
            && invocation.Expression == request
            && InstanceFieldClient.Requests.Contains(request.Name.Identifier.ValueText),
        _ => false,
    };
}
