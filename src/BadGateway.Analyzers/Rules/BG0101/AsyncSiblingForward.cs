using System;
using System.Collections.Generic;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A library's deliberate sync-over-async boundary (issue #15): a member whose whole body forwards to its own async
/// sibling, <c>M(a, b) =&gt; MAsync(a, b).GetAwaiter().GetResult()</c> (also <c>.Wait()</c>, <c>.Result</c>, a
/// <c>ConfigureAwait(false)</c> or <c>.AsTask()</c> on the way, a block with that one statement or <c>return</c>).
/// BG0101 does not report it: the sync member stays for sync callers, and BG0102 reports the sync calls in async code.
/// </summary>
internal static class AsyncSiblingForward
{
    private const string AsyncSuffix = "Async";

    public static bool IsForward(BlockingCall call, ISymbol containingSymbol)
    {
        if (IsConstructorForward(call.Operation.Syntax, containingSymbol))
        {
            return true;
        }

        // Syntax first: the wait must be the member's whole body.
        if (!IsWholeBody(call.Operation.Syntax)
            || containingSymbol is not IMethodSymbol method
            || call.Task is null)
        {
            return false;
        }

        var task = BlockingCall.WithoutConfigureAwait(call.Task);
        if (task is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask })
        {
            task = valueTask.WithoutConversions();
        }

        return task is IInvocationOperation sibling && IsSiblingCall(sibling, method);
    }

    /// <summary>
    /// A public constructor that keeps its signature for sync callers: its body empty, the wait an argument of its
    /// <c>: this(...)</c>, beside a <c>static CreateAsync</c> with its parameters (<c>public Connection(string host) :
    /// this(host, HandshakeAsync(host).GetAwaiter().GetResult()) { }</c>).
    /// </summary>
    private static bool IsConstructorForward(SyntaxNode wait, ISymbol containingSymbol) =>
        wait.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ConstructorInitializerSyntax { RawKind: (int)SyntaxKind.ThisConstructorInitializer, Parent: ConstructorDeclarationSyntax { Body.Statements.Count: 0, ExpressionBody: null } } } }
        && containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
        && constructor.ContainingType.GetMembers("CreateAsync").Any(member => member is IMethodSymbol { IsStatic: true } factory
            && factory.Parameters.Select(p => p.Type).SequenceEqual(constructor.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default));

    private static bool IsWholeBody(SyntaxNode wait) => wait.Parent switch
    {
        ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax } => true,
        ExpressionStatementSyntax or ReturnStatementSyntax => wait.Parent.Parent is BlockSyntax { Parent: MethodDeclarationSyntax or AccessorDeclarationSyntax } block
            && block.Statements[block.Statements.Count - 1] == wait.Parent
            && GuardsOnly(block.Statements, block.Statements.Count - 1),
        _ => false,
    };

    /// <summary>
    /// Argument checks before the forward: <c>if (x is null) throw ...;</c> without <c>else</c>, or a
    /// <c>ThrowIf...(...)</c> call (<c>ArgumentNullException.ThrowIfNull(x)</c>, <c>token.ThrowIfCancellationRequested()</c>).
    /// </summary>
    private static bool GuardsOnly(SyntaxList<StatementSyntax> statements, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var isGuard = statements[i] switch
            {
                IfStatementSyntax { Else: null, Statement: var then } => then is ThrowStatementSyntax || (then is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is ThrowStatementSyntax),
                ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } } }
                    => name.StartsWith("ThrowIf", StringComparison.Ordinal),
                _ => false,
            };
            if (!isGuard)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>MAsync</c>; for an accessor <c>GetXAsync</c> / <c>SetXAsync</c>, for an indexer's <c>GetItemAsync</c> /
    /// <c>SetItemAsync</c> (its metadata name).
    /// </summary>
    private static string SiblingName(IMethodSymbol method) => method switch
    {
        { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property } => "Get" + NameOf(property) + AsyncSuffix,
        { MethodKind: MethodKind.PropertySet, AssociatedSymbol: IPropertySymbol property } => "Set" + NameOf(property) + AsyncSuffix,
        _ => method.Name + AsyncSuffix,
    };

    private static string NameOf(IPropertySymbol property) => property.IsIndexer ? property.MetadataName : property.Name;

    /// <summary>The type itself, or (for an override's inherited sibling, <c>FlushAsync</c>) a base type whose member the type overrides.</summary>
    private static bool IsOwnOrOverridden(IMethodSymbol target, INamedTypeSymbol type)
    {
        if (SymbolEqualityComparer.Default.Equals(target.ContainingType.OriginalDefinition, type.OriginalDefinition))
        {
            return true;
        }

        foreach (var member in type.GetMembers(target.Name))
        {
            for (var overridden = (member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, target.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A trailing <c>CancellationToken.None</c> or <c>default</c> that M does not have (<c>Flush() =&gt; FlushAsync(CancellationToken.None)...</c>).</summary>
    private static bool IsNoToken(IArgumentOperation argument) =>
        argument.Parameter?.Type is { Name: "CancellationToken" }
        && argument.Value.WithoutConversions() switch
        {
            IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } } => true,
            IDefaultValueOperation => true,
            _ => false,
        };

    /// <summary>
    /// <c>MAsync(a, b)</c> on the same type, same static-ness, on <c>this</c>, with M's parameters passed through in order;
    /// or, to another overload of the sibling, each of M's parameters once among arguments built only from them,
    /// constants and object creations (<c>SendAsync(new Request(name, args), token)</c>,
    /// <c>SendToAddressAsync(address, amount, null, token)</c>).
    /// </summary>
    private static bool IsSiblingCall(IInvocationOperation sibling, IMethodSymbol method)
    {
        if (!IsSiblingTarget(sibling, method))
        {
            return false;
        }

        if (PassesParametersThrough(sibling, method))
        {
            return true;
        }

        var read = new List<IParameterSymbol>();
        foreach (var argument in sibling.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && !IsPlain(argument.Value, read))
            {
                return false;
            }
        }

        // Each parameter read once; a call that only reorders M's parameters (SwappedAsync(b, a)) is not an adapted forward.
        return read.Count == method.Parameters.Length
            && read.Distinct(SymbolEqualityComparer.Default).Count() == read.Count
            && method.Parameters.All(p => read.Contains(p, SymbolEqualityComparer.Default))
            && sibling.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Value.WithoutConversions() is not IParameterReferenceOperation);
    }

    /// <summary>
    /// A value that only reads parameters (added to <paramref name="read"/> in order) and constants, or creates an object
    /// from them: it runs none of the program's code but constructors.
    /// </summary>
    private static bool IsPlain(IOperation? operation, List<IParameterSymbol> read)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                return IsPlain(conversion.Operand, read);
            case IParameterReferenceOperation parameter:
                read.Add(parameter.Parameter);
                return true;
            case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or INameOfOperation:
                return true;
            case IFieldReferenceOperation { Instance: null }:
            case IPropertyReferenceOperation { Instance: null, Arguments.IsEmpty: true }:
                return true;
            case IObjectCreationOperation { Type.Name: "CancellationToken" }:
                // A token made here (new CancellationToken(true)) is not M's: the forward changes what the call does.
                return false;
            case IObjectCreationOperation creation:
                return creation.Arguments.All(a => IsPlain(a.Value, read))
                    && (creation.Initializer is null || creation.Initializer.Initializers.All(i => IsPlainInitializer(i, read)));
            default:
                return false;
        }
    }

    private static bool IsPlainInitializer(IOperation initializer, List<IParameterSymbol> read) =>
        initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } } } assignment
        && IsPlain(assignment.Value, read);

    private static bool IsSiblingTarget(IInvocationOperation sibling, IMethodSymbol method)
    {
        var target = sibling.TargetMethod;
        if (!string.Equals(target.Name, SiblingName(method), StringComparison.Ordinal)
            || target.IsStatic != method.IsStatic
            || !IsOwnOrOverridden(target, method.ContainingType)
            || (sibling.Instance is not null && sibling.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            || target.TypeArguments.Length != method.TypeParameters.Length)
        {
            return false;
        }

        for (var i = 0; i < target.TypeArguments.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(target.TypeArguments[i], method.TypeParameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool PassesParametersThrough(IInvocationOperation sibling, IMethodSymbol method)
    {
        var target = sibling.TargetMethod;
        var passed = 0;
        foreach (var argument in sibling.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (passed == method.Parameters.Length && argument.Parameter?.Ordinal == passed && argument.Parameter.Ordinal == target.Parameters.Length - 1 && IsNoToken(argument))
            {
                continue;
            }

            if (passed >= method.Parameters.Length
                || argument.Parameter?.Ordinal != passed
                || argument.Value.WithoutConversions() is not IParameterReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Parameter, method.Parameters[passed]))
            {
                return false;
            }

            passed++;
        }

        return passed == method.Parameters.Length;
    }
}
