using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0302: <c>ServicePointManager.DefaultConnectionLimit = Limit;</c> where <c>const int Limit = 2;</c> is too low:
/// "Set 'Limit' to N" changes the constant where it is declared, when it is an <c>int</c> constant declared in source
/// and every use of it in the solution is the value of an assignment to <c>DefaultConnectionLimit</c> (raising a
/// constant that also sizes a buffer or a retry count would change them too).
/// </summary>
internal static class NamedConstantLimit
{
    /// <summary>The constant's declarator, when the fix may change it; null otherwise.</summary>
    public static async Task<(Document Document, VariableDeclaratorSyntax Declarator, string Name)?> FindAsync(Document document, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetOperation(assignment, cancellationToken) is not ISimpleAssignmentOperation { Value: IFieldReferenceOperation { Field: { IsConst: true, Type.SpecialType: SpecialType.System_Int32 } field } }
            || field.DeclaringSyntaxReferences.Length != 1
            || await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax { Initializer: not null } declarator
            || document.Project.Solution.GetDocument(declarator.SyntaxTree) is not { } declaringDocument)
        {
            return null;
        }

        var references = await SymbolFinder.FindReferencesAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.IsImplicit || !await IsConnectionLimitValueAsync(location, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return (declaringDocument, declarator, field.Name);
    }

    /// <summary><c>const int Limit = 2;</c> → <c>const int Limit = 50;</c>; a comment after the value stays.</summary>
    public static async Task<Solution> SetAsync(Document document, VariableDeclaratorSyntax declarator, int limit, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var value = declarator.Initializer!.Value;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(limit)).WithTriviaFrom(value);
        return document.WithSyntaxRoot(root!.ReplaceNode(value, literal)).Project.Solution;
    }

    /// <summary>The reference is the whole value of <c>ServicePointManager.DefaultConnectionLimit = ...</c>.</summary>
    private static async Task<bool> IsConnectionLimitValueAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node?.Parent is MemberAccessExpressionSyntax access && access.Name == node)
        {
            node = access;
        }

        return node?.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
            && assignment.Right == node
            && model?.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "DefaultConnectionLimit", ContainingType: { Name: "ServicePointManager", ContainingNamespace: { Name: "Net", ContainingNamespace.Name: "System" } } } } };
    }
}
