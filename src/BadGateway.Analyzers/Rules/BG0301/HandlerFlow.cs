using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>Where a new HTTP handler (or a value holding one) goes after it is created.</summary>
internal enum HandlerDestination
{
    /// <summary>Used where it is created: handed to a client, returned from a lambda, used in place.</summary>
    InPlace,

    /// <summary>Stored in a local or parameter of the same member.</summary>
    Local,

    /// <summary>Stored in a field or property.</summary>
    Member,

    /// <summary>Returned from a method or local function: its callers decide.</summary>
    Returned,

    /// <summary>Handed to code that may configure it.</summary>
    Escapes,
}

/// <summary>The outcome of looking at every use of a local that holds a handler.</summary>
internal enum LocalHandlerUse
{
    NotConfigured,
    Configured,
    Escapes,
    Returned,
}

/// <summary>Follows HTTP handlers from their creation to where they are configured or handed on (BG0301).</summary>
internal static class HandlerFlow
{
    public const string MaxConnectionsPerServer = nameof(MaxConnectionsPerServer);

    /// <summary>Where the value of <paramref name="value"/> goes, and the variable, member or method it goes to.</summary>
    public static HandlerDestination Classify(IOperation value, KnownTypes types, ISymbol containingSymbol, out ISymbol? symbol)
    {
        symbol = null;
        var consumer = value.ConsumerOf(out var child);
        switch (consumer)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                symbol = declarator.Symbol;
                return HandlerDestination.Local;

            case IAssignmentOperation assignment when assignment.Value == child:
                switch (assignment.Target)
                {
                    case ILocalReferenceOperation local:
                        symbol = local.Local;
                        return HandlerDestination.Local;
                    case IParameterReferenceOperation parameter:
                        symbol = parameter.Parameter;
                        return HandlerDestination.Local;
                    case IFieldReferenceOperation field:
                        symbol = field.Field;
                        return HandlerDestination.Member;
                    case IPropertyReferenceOperation property when property.Property.Name != MaxConnectionsPerServer:
                        symbol = property.Property;
                        return HandlerDestination.Member;
                    default:
                        return HandlerDestination.Escapes;
                }

            case IFieldInitializerOperation fieldInitializer:
                symbol = fieldInitializer.InitializedFields.FirstOrDefault();
                return symbol is null ? HandlerDestination.Escapes : HandlerDestination.Member;

            case IPropertyInitializerOperation propertyInitializer:
                symbol = propertyInitializer.InitializedProperties.FirstOrDefault();
                return symbol is null ? HandlerDestination.Escapes : HandlerDestination.Member;

            case IArgumentOperation argument:
                return IsHandedToClient(argument, types) ? HandlerDestination.InPlace : HandlerDestination.Escapes;

            case IReturnOperation returned:
                if (returned.EnclosingAnonymousFunction() is not null)
                {
                    // The result of a lambda such as ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()).
                    return HandlerDestination.InPlace;
                }

                symbol = returned.EnclosingLocalFunction()?.Symbol ?? containingSymbol;
                return symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction }
                    ? HandlerDestination.Returned
                    : HandlerDestination.InPlace;

            default:
                return HandlerDestination.InPlace;
        }
    }

    /// <summary>Looks at every use of <paramref name="local"/> in the block of <paramref name="creation"/>.</summary>
    public static LocalHandlerUse AnalyzeLocal(IOperation creation, ISymbol local, KnownTypes types, ISymbol containingSymbol, out ISymbol? returnedFrom, CancellationToken cancellationToken)
    {
        returnedFrom = null;
        var creationLambda = creation.EnclosingAnonymousFunction();
        var result = LocalHandlerUse.NotConfigured;
        foreach (var operation in creation.Root().Descendants(cancellationToken))
        {
            ISymbol? referenced = operation switch
            {
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            if (!SymbolEqualityComparer.Default.Equals(referenced, local))
            {
                continue;
            }

            var consumer = operation.ConsumerOf(out var child);
            switch (consumer)
            {
                case IPropertyReferenceOperation property when property.Property.Name == MaxConnectionsPerServer:
                    if (property.Parent is IAssignmentOperation configuring && configuring.Target == property)
                    {
                        result = LocalHandlerUse.Configured;
                    }

                    break;

                case IArgumentOperation argument when !IsHandedToClient(argument, types):
                    return LocalHandlerUse.Escapes;

                case IAssignmentOperation assignment when assignment.Value == child:
                    return LocalHandlerUse.Escapes;

                case IVariableInitializerOperation:
                    return LocalHandlerUse.Escapes;

                case IReturnOperation returned:
                    var returnLambda = returned.EnclosingAnonymousFunction();
                    if (returnLambda is not null)
                    {
                        if (returnLambda != creationLambda)
                        {
                            // Captured by a lambda that hands it elsewhere.
                            return LocalHandlerUse.Escapes;
                        }

                        break;
                    }

                    returnedFrom = returned.EnclosingLocalFunction()?.Symbol ?? containingSymbol;
                    if (result != LocalHandlerUse.Configured && returnedFrom is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction })
                    {
                        result = LocalHandlerUse.Returned;
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>Whether an initializer of <paramref name="creation"/> sets MaxConnectionsPerServer.</summary>
    public static bool InitializerSetsMaxConnections(IObjectCreationOperation creation) =>
        creation.Initializer is { } initializer
        && initializer.Initializers.Any(i => i is IAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: MaxConnectionsPerServer } });

    /// <summary>An argument of the constructor of an HttpClient, HttpMessageInvoker or DelegatingHandler: it configures nothing.</summary>
    public static bool IsHandedToClient(IArgumentOperation argument, KnownTypes types) =>
        argument.Parameter?.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
        && KnownTypes.IsOrDerivesFrom(constructor.ContainingType, types.HttpMessageInvoker, types.DelegatingHandler);
}
