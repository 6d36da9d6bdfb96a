using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// The wrapper for an iterator (issue #15): a public <c>IEnumerable&lt;T&gt; M(...)</c> of a library that waits gets
/// <c>async IAsyncEnumerable&lt;T&gt; MAsync(...)</c> with M's body awaited, and <c>M</c> keeps its signature as
/// <c>=&gt; MAsync(...).ToBlockingEnumerable()</c>: as lazy as the iterator was (each item is produced, and waited for,
/// when it is asked for). <c>foreach</c> over <c>M(...)</c> in async code becomes <c>await foreach</c> over <c>MAsync(...)</c>.
/// Offered only where every target framework has <c>ToBlockingEnumerable</c> (.NET 7 and later): elsewhere the forward
/// would not compile, and the fix is refused by the compile check of each target.
/// </summary>
internal sealed partial class AsyncConversion
{
    private const string AsyncEnumerableName = "System.Collections.Generic.IAsyncEnumerable`1";
    private const string BlockingEnumerableHolder = "System.Threading.Tasks.TaskAsyncEnumerableExtensions";
    private const string BlockingEnumerableMethod = "ToBlockingEnumerable";

    /// <summary>
    /// An ordinary iterator returning <c>IEnumerable&lt;T&gt;</c>, not a member the framework calls, whose await would be
    /// allowed in an async iterator, in a compilation that has <c>IAsyncEnumerable&lt;T&gt;</c> and <c>ToBlockingEnumerable</c>.
    /// </summary>
    private static bool CanWrapIterator(IMethodSymbol method, MethodDeclarationSyntax declaration, Compilation compilation) =>
        declaration.Body is not null
        && !method.IsOverride
        && !ImplementsInterfaceMember(method)
        && method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
        && returned.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
        && EnumeratedType(declaration.ReturnType) is not null
        && compilation.GetTypeByMetadataName(AsyncEnumerableName) is not null
        && compilation.GetTypeByMetadataName(BlockingEnumerableHolder) is { } holder
        && !holder.GetMembers(BlockingEnumerableMethod).IsEmpty
        && AsyncContext.AwaitAllowedOnceAsyncIterator(declaration, declaration);

    /// <summary>The <c>T</c> of a written <c>IEnumerable&lt;T&gt;</c> (also qualified or aliased), or null.</summary>
    private static TypeSyntax? EnumeratedType(TypeSyntax returnType) => returnType switch
    {
        GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic => generic.TypeArgumentList.Arguments[0],
        QualifiedNameSyntax qualified => EnumeratedType(qualified.Right),
        AliasQualifiedNameSyntax aliased => EnumeratedType(aliased.Name),
        _ => null,
    };

    /// <summary><c>IEnumerable&lt;T&gt;</c> → <c>IAsyncEnumerable&lt;T&gt;</c>, with a using added where needed.</summary>
    private static TypeSyntax AsyncEnumerableOf(TypeSyntax returnType) =>
        SyntaxFactory.QualifiedName(
                SyntaxFactory.ParseName("global::System.Collections.Generic"),
                SyntaxFactory.GenericName(
                    SyntaxFactory.Identifier("IAsyncEnumerable"),
                    SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(EnumeratedType(returnType)!.WithoutTrivia()))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>
    /// <c>MAsync(...).ToBlockingEnumerable()</c> where <c>System.Threading.Tasks</c> is in scope of the declaration, else
    /// the static form (<c>TaskAsyncEnumerableExtensions.ToBlockingEnumerable(MAsync(...))</c>, with its using added).
    /// </summary>
    private static ExpressionSyntax BlockingEnumerable(ExpressionSyntax call, bool extensionInScope) =>
        extensionInScope
            ? Invoke(call, BlockingEnumerableMethod)
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::" + BlockingEnumerableHolder).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.IdentifierName(BlockingEnumerableMethod)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(call))));

    private static bool BlockingEnumerableInScope(SemanticModel model, MethodDeclarationSyntax declaration) =>
        !model.LookupNamespacesAndTypes(declaration.SpanStart, name: BlockingEnumerableHolder.Substring(BlockingEnumerableHolder.LastIndexOf('.') + 1)).IsEmpty;

    /// <summary>
    /// <c>foreach (var x in M(...))</c> in async code (an async method, lambda or local function, top-level statements):
    /// <c>await foreach (var x in MAsync(...))</c>. Other calls stay on the wrapper: they use the sequence as a sequence.
    /// </summary>
    private async Task AddAwaitForeachCallersAsync(IMethodSymbol method, string newName)
    {
        foreach (var (documentId, model, invocation) in await DirectCallsAsync(method).ConfigureAwait(false))
        {
            if (invocation.Parent is CommonForEachStatementSyntax { AwaitKeyword.RawKind: 0 } loop
                && loop.Expression == invocation
                && AsyncContext.EnclosingFunction(loop) is { } callerFunction
                && AsyncContext.Classify(callerFunction) is FunctionKind.Async or FunctionKind.TopLevel
                && AsyncContext.AwaitAllowedAt(loop, callerFunction))
            {
                AddEdit(documentId, invocation, current => SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, newName));
                AddEdit(documentId, loop, current => WithAwaitForeach((CommonForEachStatementSyntax)current));
            }
        }
    }

    private static SyntaxNode WithAwaitForeach(CommonForEachStatementSyntax loop)
    {
        var awaitKeyword = SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(loop.ForEachKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);
        return loop
            .WithForEachKeyword(loop.ForEachKeyword.WithLeadingTrivia(SyntaxTriviaList.Empty))
            .WithAwaitKeyword(awaitKeyword);
    }
}
