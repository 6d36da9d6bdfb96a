using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Making a member of a hierarchy async: the interface member or abstract/virtual declaration, every override and every
/// implementation in the solution are converted together (renamed <c>MAsync</c>, returning <c>Task</c>/<c>Task&lt;T&gt;</c>),
/// with the callers of each. A member whose body ends up with an await becomes <c>async</c>; one without keeps its body
/// and wraps its results (<c>Task.FromResult(x)</c>, <c>Task.CompletedTask</c>), so no async method lacks an await
/// (CS1998). Nothing is converted when a member of the family is in metadata, is used as a method group, or cannot change.
/// </summary>
internal sealed partial class AsyncConversion
{
    /// <summary>A bound on the family, so a fix on a huge hierarchy stays quick (and is refused instead).</summary>
    private const int MaxFamilySize = 64;

    private readonly HashSet<(SyntaxTree Tree, TextSpan Span)> _familyDeclarations = new();

    /// <summary>An interface member, an abstract/virtual/override member, or the implementation of an interface member.</summary>
    private static bool IsInHierarchy(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation
        && (method.IsAbstract || method.IsVirtual || method.IsOverride
            || !method.ExplicitInterfaceImplementations.IsEmpty
            || method.ContainingType?.TypeKind == TypeKind.Interface
            || ImplementsInterfaceMember(method));

    private async Task<bool> TryConvertFamilyAsync(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences is { Length: 1 } references && _familyDeclarations.Contains((references[0].SyntaxTree, references[0].Span)))
        {
            return true;
        }

        if (_notConvertible.Contains(method))
        {
            return false;
        }

        // Every member of the family must change, the method itself first: checked before the family is searched for
        // (a solution-wide search of implementations and overrides), which a public interface member of a library, say,
        // never needs (issue #16: about 100 ms of a lightbulb offering nothing on bezzad/Downloader's Download.Stop).
        if (!IsPlannable(method)
            || await PlanMembersAsync(new List<IMethodSymbol> { method }).ConfigureAwait(false) is not { } self)
        {
            _notConvertible.Add(method);
            return false;
        }

        // The family starts with the method itself, planned above: the others are planned after it, in the family's order.
        var family = await FindFamilyAsync(method).ConfigureAwait(false);
        var others = family is null ? null : await PlanMembersAsync(family.Where(m => !SymbolEqualityComparer.Default.Equals(m, method)).ToList()).ConfigureAwait(false);
        var members = others is null ? null : self.Concat(others).ToList();
        var newName = members is null ? null : FamilyName(family!);
        var callers = newName is null ? null : await FindFamilyCallersAsync(family!).ConfigureAwait(false);
        if (callers is null)
        {
            foreach (var member in family ?? new List<IMethodSymbol> { method })
            {
                _notConvertible.Add(member);
            }

            return false;
        }

        foreach (var member in members!)
        {
            _converting[member.Symbol] = newName!;
            _familyDeclarations.Add((member.Declaration.SyntaxTree, member.Declaration.Span));
        }

        foreach (var member in members!)
        {
            var plan = member;
            AddEdit(plan.Document, plan.Declaration, current => ChangeFamilyMember((MethodDeclarationSyntax)current, plan, newName!), isDeclaration: true);
            AddWaitsOf(plan.Document, plan.Declaration, plan.Model);
        }

        await AddCallerEditsAsync(callers, newName!).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The members linked to <paramref name="start"/> by overriding or implementing, transitively, in the solution; null
    /// when one of them is not in source (a framework interface or base class) or the family is too large.
    /// </summary>
    private async Task<List<IMethodSymbol>?> FindFamilyAsync(IMethodSymbol start)
    {
        var family = new List<IMethodSymbol>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var member = (IMethodSymbol)queue.Dequeue().OriginalDefinition;
            if (!seen.Add(member))
            {
                continue;
            }

            if (family.Count == MaxFamilySize || !IsPlannable(member))
            {
                return null;
            }

            family.Add(member);
            foreach (var related in await RelatedMembersAsync(member).ConfigureAwait(false))
            {
                queue.Enqueue(related);
            }
        }

        return family;
    }

    /// <summary>
    /// Whether every member of <paramref name="member"/>'s family can change, as <see cref="TryConvertFamilyAsync"/> asks
    /// it, without editing anything: the member's signature first, then the signatures of what it overrides or implements
    /// (known without a search: MailKit's internal <c>WebProxyClient.Connect</c> overrides the public
    /// <c>ProxyClient.Connect</c>), then their bodies, and only then the solution-wide search for the rest.
    /// </summary>
    private async Task<bool> FamilyCanChangeAsync(IMethodSymbol member)
    {
        // Signatures before bodies: a member that is public API decides without binding a body (issue #16: MailKit's
        // WebProxyClient.Connect took 35 ms of a lightbulb to bind before its base, the public ProxyClient.Connect, said no),
        // and the member's own before the interfaces of its type are walked (ImapClient.Connect is public itself).
        if (_notConvertible.Contains(member) || !IsPlannable(member) || !await SignaturesCanChangeAsync(new List<IMethodSymbol> { member }).ConfigureAwait(false))
        {
            return false;
        }

        var above = new List<IMethodSymbol>();
        var queue = new Queue<IMethodSymbol>(RelatedWithoutSearch(member));
        while (queue.Count > 0 && above.Count < MaxFamilySize)
        {
            var next = (IMethodSymbol)queue.Dequeue().OriginalDefinition;
            if (!above.Contains(next, SymbolEqualityComparer.Default))
            {
                above.Add(next);
                foreach (var related in RelatedWithoutSearch(next))
                {
                    queue.Enqueue(related);
                }
            }
        }

        return above.All(IsPlannable)
            && await SignaturesCanChangeAsync(above).ConfigureAwait(false)
            && await PlanMembersAsync(above.Prepend(member).ToList()).ConfigureAwait(false) is not null
            && await FindFamilyAsync(member).ConfigureAwait(false) is { } family
            && await PlanMembersAsync(family).ConfigureAwait(false) is not null;
    }

    /// <summary>Declared once, in a document of the solution (what <see cref="PlanMembersAsync"/> reads).</summary>
    private bool IsPlannable(IMethodSymbol member) =>
        member.DeclaringSyntaxReferences.Length == 1 && _solution.GetDocument(member.DeclaringSyntaxReferences[0].SyntaxTree) is not null;

    /// <summary>The member <paramref name="member"/> overrides and the interface members it implements.</summary>
    private static IEnumerable<IMethodSymbol> RelatedWithoutSearch(IMethodSymbol member)
    {
        var related = new List<IMethodSymbol>();
        if (member.OverriddenMethod is { } overridden)
        {
            related.Add(overridden);
        }

        related.AddRange(member.ExplicitInterfaceImplementations);
        if (member.ContainingType is { } type)
        {
            related.AddRange(type.AllInterfaces
                .SelectMany(i => i.GetMembers(member.Name).OfType<IMethodSymbol>())
                .Where(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m)?.OriginalDefinition, member)));
        }

        return related;
    }

    private async Task<IEnumerable<IMethodSymbol>> RelatedMembersAsync(IMethodSymbol member)
    {
        var related = new List<ISymbol>(RelatedWithoutSearch(member));
        if (member.IsAbstract || member.IsVirtual || member.IsOverride)
        {
            related.AddRange(await SymbolFinder.FindOverridesAsync(member, _solution, cancellationToken: _cancellationToken).ConfigureAwait(false));
        }

        if (member.ContainingType?.TypeKind == TypeKind.Interface)
        {
            related.AddRange(await SymbolFinder.FindImplementationsAsync(member, _solution, cancellationToken: _cancellationToken).ConfigureAwait(false));
        }

        var project = ProjectOf(member);
        return related.OfType<IMethodSymbol>().Where(m => !IsDeclaredInALinkedCopy(m, project));
    }

    /// <summary>What each member needs to change; null when one cannot.</summary>
    private async Task<List<FamilyMember>?> PlanMembersAsync(List<IMethodSymbol> family)
    {
        var members = new List<FamilyMember>();
        foreach (var symbol in family)
        {
            if (await MemberDeclarationAsync(symbol).ConfigureAwait(false) is not var (document, declaration, model)
                || !CanConvertMember(symbol, declaration, model, document))
            {
                return null;
            }

            members.Add(new FamilyMember(symbol, document.Id, declaration, model, NeedsTypeArgument(declaration, model), EndIsReachable(declaration, model)));
        }

        return members;
    }

    private bool CanConvertMember(IMethodSymbol member, MethodDeclarationSyntax declaration, SemanticModel model, Document document)
    {
        if (!SignatureCanChange(member, declaration, model, document))
        {
            return false;
        }

        var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        return body is null || !HoldsRefLikeState(body, model);
    }

    /// <summary>What <see cref="CanConvertMember"/> asks of the declaration alone, without binding its body.</summary>
    private bool SignatureCanChange(IMethodSymbol member, MethodDeclarationSyntax declaration, SemanticModel model, Document document) =>
        !(member.IsAsync || member.IsExtern || member.IsStatic || member.IsGenericMethod
            || member.ReturnsByRef || member.ReturnsByRefReadonly
            || member.PartialDefinitionPart is not null || member.PartialImplementationPart is not null
            || (member.ContainingType.TypeKind == TypeKind.Interface && !member.IsAbstract)
            || member.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || IsAwaitable(member.ReturnType)
            || AsyncContext.IsIterator(declaration)
            || !AsyncContext.AwaitAllowedAt(declaration, declaration))
        && MayChangeSignature(member, document, declaration.SyntaxTree, model.Compilation);

    /// <summary><see cref="SignatureCanChange"/> for each of <paramref name="members"/> (each declared once in the solution).</summary>
    private async Task<bool> SignaturesCanChangeAsync(List<IMethodSymbol> members)
    {
        foreach (var member in members)
        {
            if (await MemberDeclarationAsync(member).ConfigureAwait(false) is not var (document, declaration, model)
                || !SignatureCanChange(member, declaration, model, document))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one declaration of a plannable member (<see cref="IsPlannable"/>), with its document and model; null when it is no method declaration.</summary>
    private async Task<(Document Document, MethodDeclarationSyntax Declaration, SemanticModel Model)?> MemberDeclarationAsync(IMethodSymbol member)
    {
        var reference = member.DeclaringSyntaxReferences[0];
        var document = _solution.GetDocument(reference.SyntaxTree)!;
        return await GetDocumentAsync(document.Id).ConfigureAwait(false) is var (model, _)
            && await reference.GetSyntaxAsync(_cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax declaration
                ? (document, declaration, model)
                : null;
    }

    /// <summary>
    /// <c>MAsync</c>; <c>M</c> when it has the suffix, or when a type of the family already has a member named <c>MAsync</c>
    /// (often the very method M waits on): the family then keeps its name and returns a task, as a single method does.
    /// </summary>
    private static string FamilyName(List<IMethodSymbol> family)
    {
        var name = family.First(m => m.MethodKind != MethodKind.ExplicitInterfaceImplementation).Name;
        if (name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
        {
            return name;
        }

        var original = name;
        name += AsyncSuffix;
        foreach (var member in family)
        {
            var type = member.ContainingType;
            var types = new List<ITypeSymbol>(type.AllInterfaces);
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                types.Add(current);
            }

            if (types.Any(t => !t.GetMembers(name).IsEmpty))
            {
                return original;
            }
        }

        return name;
    }

    /// <summary>The calls of every member of the family, each once; null when one is used as a method group.</summary>
    private async Task<List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>?> FindFamilyCallersAsync(List<IMethodSymbol> family)
    {
        var all = new List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>();
        var seen = new HashSet<(DocumentId, TextSpan)>();
        foreach (var member in family)
        {
            if (await FindCallersAsync(member, isEventHandler: false).ConfigureAwait(false) is not { } callers)
            {
                return null;
            }

            all.AddRange(callers.Where(c => seen.Add((c.Document, c.Name.Span))));
        }

        return all;
    }

    /// <summary>
    /// The declaration with its new name and return type: as it is without a body; <c>async</c> where its body (as the
    /// other edits left it) awaits; else with its results wrapped in tasks.
    /// </summary>
    private static SyntaxNode ChangeFamilyMember(MethodDeclarationSyntax current, FamilyMember member, string newName)
    {
        var returnsValue = !member.Symbol.ReturnsVoid;
        if (current.Body is null && current.ExpressionBody is null)
        {
            return WithTaskSignature(current, returnsValue, newName);
        }

        if (current.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).Any(n => n is AwaitExpressionSyntax))
        {
            return SyntaxEdits.WithAsync(current, returnType => TaskOf(returnsValue ? returnType : null), newName).WithAdditionalAnnotations(MadeAsync);
        }

        var wrapped = returnsValue ? WrapReturnedValues(current, member.NeedsTypeArgument) : ReturnCompletedTask(current, member.EndIsReachable);
        return WithTaskSignature(wrapped, returnsValue, newName);
    }

    private static MethodDeclarationSyntax WithTaskSignature(MethodDeclarationSyntax method, bool returnsValue, string newName) =>
        method
            .WithReturnType(TaskOf(returnsValue ? method.ReturnType : null).WithTriviaFrom(method.ReturnType))
            .WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(method.Identifier));

    /// <summary><c>return x;</c> → <c>return Task.FromResult(x);</c>, <c>=> x</c> → <c>=> Task.FromResult(x)</c>; a <c>throw</c> stays.</summary>
    private static MethodDeclarationSyntax WrapReturnedValues(MethodDeclarationSyntax method, bool typeArgument)
    {
        var returned = OwnReturns(method).Select(r => r.Expression).OfType<ExpressionSyntax>().ToList();
        if (method.ExpressionBody is { } arrow)
        {
            returned.Add(arrow.Expression);
        }

        var fromResult = typeArgument
            ? SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                TasksType(),
                SyntaxFactory.GenericName(SyntaxFactory.Identifier("FromResult"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(method.ReturnType.WithoutTrivia()))))
            : (ExpressionSyntax)SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TasksType(), SyntaxFactory.IdentifierName("FromResult"));
        return method.ReplaceNodes(
            returned.Where(e => e is not ThrowExpressionSyntax),
            (original, _) => SyntaxFactory.InvocationExpression(fromResult, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(original.WithoutTrivia()))))
                .WithTriviaFrom(original));
    }

    /// <summary>
    /// <c>return;</c> → <c>return Task.CompletedTask;</c>, and one more at the end where the end is reachable; an
    /// expression body becomes a block (<c>=> throw ...</c> stays).
    /// </summary>
    private static MethodDeclarationSyntax ReturnCompletedTask(MethodDeclarationSyntax method, bool endIsReachable)
    {
        var completed = SyntaxFactory.ReturnStatement(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TasksType(), SyntaxFactory.IdentifierName("CompletedTask")));
        if (method.ExpressionBody is { } arrow)
        {
            if (arrow.Expression is ThrowExpressionSyntax)
            {
                return method;
            }

            var block = SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()), completed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            return method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block)
                .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                .WithTrailingTrivia(method.SemicolonToken.TrailingTrivia);
        }

        method = method.ReplaceNodes(OwnReturns(method), (original, _) => original.WithExpression(completed.Expression!.WithLeadingTrivia(SyntaxFactory.Space)));
        return endIsReachable && method.Body is { } body
            ? method.WithBody(body.AddStatements(completed.WithAdditionalAnnotations(Formatter.Annotation)))
            : method;
    }

    private static IEnumerable<ReturnStatementSyntax> OwnReturns(MethodDeclarationSyntax method) =>
        method.Body is null
            ? Enumerable.Empty<ReturnStatementSyntax>()
            : method.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>();

    private static ExpressionSyntax TasksType() =>
        SyntaxFactory.ParseName("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>Whether a returned value's type differs from the return type (<c>null</c>, a derived type): then <c>Task.FromResult&lt;T&gt;</c>.</summary>
    private bool NeedsTypeArgument(MethodDeclarationSyntax declaration, SemanticModel model)
    {
        var returned = OwnReturns(declaration).Select(r => r.Expression).OfType<ExpressionSyntax>().ToList();
        if (declaration.ExpressionBody is { } arrow)
        {
            returned.Add(arrow.Expression);
        }

        return returned.Any(e =>
        {
            var info = model.GetTypeInfo(e, _cancellationToken);
            return info.Type is null || !SymbolEqualityComparer.IncludeNullability.Equals(info.Type, info.ConvertedType);
        });
    }

    private static bool EndIsReachable(MethodDeclarationSyntax declaration, SemanticModel model)
    {
        if (declaration.Body is not { } body || body.Statements.Count == 0)
        {
            return true;
        }

        var flow = model.AnalyzeControlFlow(body.Statements.First(), body.Statements.Last());
        return flow is null || !flow.Succeeded || flow.EndPointIsReachable;
    }

    private sealed record FamilyMember(IMethodSymbol Symbol, DocumentId Document, MethodDeclarationSyntax Declaration, SemanticModel Model, bool NeedsTypeArgument, bool EndIsReachable);
}
