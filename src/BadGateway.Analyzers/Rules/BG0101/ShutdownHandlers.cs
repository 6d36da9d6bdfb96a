using BadGateway.Analyzers.Infrastructure;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0101: a wait inside a handler of the process's last moments (<c>AppDomain.ProcessExit</c>,
/// <c>AppDomain.UnhandledException</c>, <c>AppDomain.DomainUnload</c>, <c>AssemblyLoadContext.Unloading</c>) must block:
/// the process ends as soon as the handler returns, so an awaited flush would be lost. Found on real code (Exceptionless
/// flushing its queue). The handler is a lambda or method handed to the event (directly, or through a local or field
/// subscribed in the same member), or any lambda of type <c>UnhandledExceptionEventHandler</c>; also a callback the
/// host runs as it stops (<c>IHostApplicationLifetime.ApplicationStopping.Register(...)</c>).
/// </summary>
internal static class ShutdownHandlers
{
    /// <summary>Whether <paramref name="wait"/> runs inside such a handler.</summary>
    public static bool Contains(IOperation wait, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        for (var current = wait.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return IsShutdownLambda(lambda, cancellationToken);
            }

            if (current is ILocalFunctionOperation)
            {
                return false;
            }
        }

        return containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: 2 } method
            && CanHandleShutdownEvent(method)
            && IsSubscribedInItsType(method, cancellationToken);
    }

    /// <summary>
    /// Whether the method's parameters take what these events pass, <c>(object, EventArgs)</c> or <c>(object,
    /// UnhandledExceptionEventArgs)</c> (or a base type of it): only then can it be their handler. Checked before the
    /// type's syntax is read, which for a large type is milliseconds (NBitcoin's <c>RPCClient.GetAddedNodeInfo(bool,
    /// EndPoint)</c>, 3 ms in every build).
    /// </summary>
    private static bool CanHandleShutdownEvent(IMethodSymbol method) =>
        IsObject(method.Parameters[0].Type)
        && (IsObject(method.Parameters[1].Type)
            || method.Parameters[1].Type is INamedTypeSymbol { Name: "EventArgs" or "UnhandledExceptionEventArgs", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    private static bool IsObject(ITypeSymbol type) => type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic;

    private static bool IsShutdownLambda(IAnonymousFunctionOperation lambda, CancellationToken cancellationToken)
    {
        var conversion = lambda.Parent as IDelegateCreationOperation;
        if (conversion?.Type is { Name: "UnhandledExceptionEventHandler", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return true;
        }

        var consumer = conversion?.Parent;
        while (consumer is IConversionOperation or IParenthesizedOperation)
        {
            consumer = consumer.Parent;
        }

        switch (consumer)
        {
            case IEventAssignmentOperation { Adds: true } subscription:
                return IsShutdownEvent(subscription);
            case ISimpleAssignmentOperation { Target: var target }:
                return IsSubscribedInSameMember(lambda, target, cancellationToken);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsSubscribedInSameMember(lambda, declarator.Symbol, cancellationToken);
            case IArgumentOperation { Parent: IInvocationOperation registration }:
                return IsHostStoppingRegistration(registration);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>lifetime.ApplicationStopping.Register(() =&gt; ...)</c> (or <c>ApplicationStopped</c>) of the generic host's
    /// <c>IHostApplicationLifetime</c> or the older <c>IApplicationLifetime</c>: the host runs the callback, an
    /// <c>Action</c>, while it shuts down, and goes on when it returns, so a flush there must block (Exceptionless's
    /// <c>UseExceptionless</c> without its hosted service). Awaiting belongs in a hosted service's <c>StopAsync</c>.
    /// </summary>
    private static bool IsHostStoppingRegistration(IInvocationOperation registration) =>
        registration.TargetMethod is { Name: "Register" or "UnsafeRegister", ContainingType: { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } }
        && registration.Instance?.WithoutConversions() is IPropertyReferenceOperation { Property: { Name: "ApplicationStopping" or "ApplicationStopped" } property }
        && property.ContainingType is { Name: "IHostApplicationLifetime" or "IApplicationLifetime" } lifetime
        && lifetime.ContainingNamespace?.ToDisplayString() is "Microsoft.Extensions.Hosting" or "Microsoft.AspNetCore.Hosting";

    /// <summary>A lambda kept in a local or field, then added to a shutdown event in the same member (<c>_onExit = (s, e) =&gt; ...; AppDomain.CurrentDomain.ProcessExit += _onExit;</c>).</summary>
    private static bool IsSubscribedInSameMember(IOperation lambda, object target, CancellationToken cancellationToken)
    {
        var symbol = target switch
        {
            ISymbol s => s,
            IFieldReferenceOperation field => field.Field,
            ILocalReferenceOperation local => local.Local,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (symbol is null)
        {
            return false;
        }

        var root = lambda;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var subscription in root.Descendants().OfType<IEventAssignmentOperation>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (subscription.Adds && IsShutdownEvent(subscription) && SymbolEqualityComparer.Default.Equals(Referenced(subscription.HandlerValue), symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? Referenced(IOperation handler)
    {
        var current = handler;
        while (current is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
        {
            current = current switch
            {
                IConversionOperation conversion => conversion.Operand,
                IDelegateCreationOperation creation => creation.Target,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => current,
            };
        }

        return current switch
        {
            IFieldReferenceOperation field => field.Field,
            ILocalReferenceOperation local => local.Local,
            IPropertyReferenceOperation property => property.Property,
            IMethodReferenceOperation method => method.Method,
            _ => null,
        };
    }

    private static bool IsShutdownEvent(IEventAssignmentOperation subscription) =>
        subscription.EventReference is IEventReferenceOperation { Event: { } e } && IsShutdownEvent(e.Name, e.ContainingType);

    private static bool IsShutdownEvent(string name, INamedTypeSymbol? type) =>
        (name is "ProcessExit" or "UnhandledException" or "DomainUnload" && type is { Name: "AppDomain", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        || (name == "Unloading" && type is { Name: "AssemblyLoadContext" });

    /// <summary>A method of two parameters added to a shutdown event in its own type (<c>AppDomain.CurrentDomain.ProcessExit += OnExit;</c>), read from the syntax.</summary>
    private static bool IsSubscribedInItsType(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
        {
            var type = reference.GetSyntax(cancellationToken);
            foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (assignment.IsKind(SyntaxKind.AddAssignmentExpression)
                    && assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ProcessExit" or "UnhandledException" or "DomainUnload" or "Unloading" }
                    && HandlerName(assignment.Right) == method.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? HandlerName(ExpressionSyntax handler) => handler switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
        ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } => HandlerName(arguments[0].Expression),
        _ => null,
    };
}
