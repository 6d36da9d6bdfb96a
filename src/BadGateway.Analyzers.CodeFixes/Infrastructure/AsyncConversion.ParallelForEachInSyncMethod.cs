using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <c>Parallel.ForEach</c> with a wait in its body, in a synchronous method (issue #15, parts 1 and 6): the method is made
/// async (<see cref="Mode.MakeAsync"/>) or gets an async sibling (<see cref="Mode.AddAsyncSibling"/>, the wrapper of public
/// API of a library), and the loop in the async body becomes <c>await Parallel.ForEachAsync(...)</c>, as in async code.
/// </summary>
internal sealed partial class AsyncConversion
{
    /// <summary>
    /// The synchronous method (not a local function: its callers are in the same body) around a <c>Parallel.ForEach</c>
    /// whose body is <paramref name="function"/>, or null.
    /// </summary>
    internal static MethodDeclarationSyntax? SyncMethodAroundParallelForEach(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
        function is AnonymousFunctionExpressionSyntax
        && AsyncContext.Classify(function) == FunctionKind.SyncLambda
        && ParallelForEachAround(function, model, cancellationToken) is MethodDeclarationSyntax outer
        && AsyncContext.Classify(outer) == FunctionKind.SyncMethod
            ? outer
            : null;

    /// <summary>Converts or wraps the method around the loop, then plans the wait and the loop; false when the method cannot be.</summary>
    private async Task<bool> TryConvertAroundParallelForEachAsync(DocumentId documentId, SyntaxNode lambda, MethodDeclarationSyntax outer, SemanticModel model)
    {
        if (model.GetDeclaredSymbol(outer, _cancellationToken) is not IMethodSymbol method)
        {
            return false;
        }

        var converted = _mode == Mode.AddAsyncSibling
            ? await TryWrapAsync(method).ConfigureAwait(false)
            : await TryConvertAsync(method).ConfigureAwait(false);
        if (converted)
        {
            AddForEachAsync(documentId, lambda);
        }

        return converted;
    }
}
