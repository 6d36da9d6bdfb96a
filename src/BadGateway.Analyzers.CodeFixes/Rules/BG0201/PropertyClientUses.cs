using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// A property that hands out a new client on each access (<c>public HttpClient Client => new HttpClient();</c>): it can hand
/// out one shared client only when no caller disposes, configures or keeps what it gets.
/// </summary>
internal static class PropertyClientUses
{
    /// <summary>
    /// The property whose getter returns <paramref name="creation"/> (<c>=> new HttpClient()</c>, <c>get => ...</c>,
    /// <c>get { return ...; }</c>); null for anything else, and for a property others can override or implement.
    /// </summary>
    public static IPropertySymbol? GetterOf(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode? owner = creation.Parent switch
        {
            ArrowExpressionClauseSyntax arrow => arrow.Parent,
            ReturnStatementSyntax @return when @return.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null
                && @return.FirstAncestorOrSelf<LocalFunctionStatementSyntax>() is null => @return.FirstAncestorOrSelf<AccessorDeclarationSyntax>(),
            _ => null,
        };
        if (owner is AccessorDeclarationSyntax accessor)
        {
            owner = accessor.IsKind(SyntaxKind.GetAccessorDeclaration) ? accessor.Parent?.Parent : null;
        }

        return owner is PropertyDeclarationSyntax declaration
            && model.GetDeclaredSymbol(declaration, cancellationToken) is { IsVirtual: false, IsAbstract: false, IsOverride: false, ExplicitInterfaceImplementations.IsEmpty: true } property
            && !ImplementsInterface(property)
            ? property
            : null;
    }

    private static bool ImplementsInterface(IPropertySymbol property) =>
        property.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(property.Name)).OfType<IPropertySymbol>()
            .Any(member => SymbolEqualityComparer.Default.Equals(property.ContainingType.FindImplementationForInterfaceMember(member), property));

    /// <summary>
    /// Whether every use of <paramref name="property"/> in the solution only calls or reads members of the client
    /// (<c>Client.GetAsync(url)</c>, <c>Client.Timeout</c>): a <c>using</c>, a <c>Dispose()</c>, a setting, or a client
    /// handed on or kept (in a local, a field, an argument) would dispose or change the shared client. A property callers
    /// outside the solution can reach (public API of a library) is never shared.
    /// </summary>
    public static async Task<bool> AreSafeAsync(IPropertySymbol property, Solution solution, bool isExecutable, CancellationToken cancellationToken)
    {
        if (!isExecutable && IsVisibleOutside(property))
        {
            return false;
        }

        foreach (var referenced in await ReferenceSearch.FindReferencesAsync(property, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in referenced.Locations)
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root?.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true) is not { } node)
                {
                    return false;
                }

                if (!IsSafeUse(node))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsSafeUse(SyntaxNode node)
    {
        if (node.FirstAncestorOrSelf<StructuredTriviaSyntax>() is not null || node.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } })
        {
            return true;
        }

        // Client, this.Client, api.Client, Api.Client: the whole access, then a call or a read on it; not a setting
        // (Client.Timeout = ...), not a change of every caller's client (Dispose, CancelPendingRequests, DefaultRequestHeaders).
        var access = node.Parent is MemberAccessExpressionSyntax member && member.Name == node ? member : node;
        return access.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: not ("Dispose" or "CancelPendingRequests" or "DefaultRequestHeaders") } use
            && use.Expression == access
            && !(use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use);
    }

    private static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
