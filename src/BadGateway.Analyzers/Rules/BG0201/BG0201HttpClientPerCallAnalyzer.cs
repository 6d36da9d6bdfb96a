using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0201: an <c>HttpClient</c> that lives for one call or one short-lived object. Static storage, composition roots,
/// DI registrations and factories used only to initialize static storage create it once and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class BG0201HttpClientPerCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Methods whose arguments are registrations run once at startup.</summary>
    private static readonly ImmutableHashSet<string> s_registrationMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AddSingleton", "TryAddSingleton", "AddHttpClient", "ConfigureHttpClient", "ConfigurePrimaryHttpMessageHandler", "AddTypedClient");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.BG0201HttpClientPerCall,
        Descriptors.BG0201SharedHandlerDisposed,
        Descriptors.BG0201FactoryClientPerCall,
        Descriptors.BG0201FactoryImplementationClientPerCall);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);
        context.RegisterCompilationStartAction(start =>
        {
            // No symbol is touched here (see KnownTypes): HttpClient is resolved when a creation, call or method group of
            // a type named HttpClient first appears; a compilation without it, or a Blazor WebAssembly app, stops there.
            var types = KnownTypes.Create(start.Compilation);
            var client = new ClientType(start.Compilation, types);
            var factories = new FactoryCalls();
            start.RegisterHandWrittenOperationAction(
                c =>
                {
                    if (IsNamedHttpClient(c.Operation.Type) && client.Symbol is { } httpClient)
                    {
                        AnalyzeCreation(c, httpClient, types, factories);
                    }
                },
                OperationKind.ObjectCreation);
            start.RegisterHandWrittenOperationAction(
                c =>
                {
                    // A call's type is its method's return type, read without the cast and the method (every call comes here).
                    if (IsNamedHttpClient(c.Operation.Type) && client.Symbol is { } httpClient)
                    {
                        factories.Record((IInvocationOperation)c.Operation, c.ContainingSymbol, httpClient, types, c.CancellationToken);
                    }
                },
                OperationKind.Invocation);
            start.RegisterHandWrittenOperationAction(
                c =>
                {
                    var reference = (IMethodReferenceOperation)c.Operation;
                    if (IsNamedHttpClient(reference.Method.ReturnType) && client.Symbol is { } httpClient)
                    {
                        factories.RecordReference(reference, httpClient, types, c.CancellationToken);
                    }
                },
                OperationKind.MethodReference);
            start.RegisterCompilationEndAction(factories.Report);
        });
    }

    /// <summary>The name test every creation, call and method group passes through before any symbol is compared.</summary>
    private static bool IsNamedHttpClient(ITypeSymbol? type) => type?.Name == "HttpClient";

    /// <summary>
    /// System.Net.Http.HttpClient, resolved once per compilation when first asked; null when the compilation lacks it or
    /// is a Blazor WebAssembly app (the browser's fetch owns the connections, there are no sockets to exhaust).
    /// </summary>
    private sealed class ClientType
    {
        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private object? _symbol;

        public ClientType(Compilation compilation, KnownTypes types)
        {
            _compilation = compilation;
            _types = types;
        }

        public INamedTypeSymbol? Symbol
        {
            get
            {
                var value = Volatile.Read(ref _symbol);
                if (value is null)
                {
                    // Two threads may resolve it at once; both find the same answer.
                    value = (object?)Resolve() ?? this;
                    Volatile.Write(ref _symbol, value);
                }

                return value as INamedTypeSymbol;
            }
        }

        private INamedTypeSymbol? Resolve() =>
            _types.HttpClient is { } httpClient && !_compilation.ReferencedAssemblyNames.Any(a => a.Name == "Microsoft.AspNetCore.Components.WebAssembly")
                ? httpClient
                : null;
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types, FactoryCalls factories)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, httpClient))
        {
            return;
        }

        switch (Lifetime(creation, context.ContainingSymbol, context.Options, types, out var factory, context.CancellationToken))
        {
            case ClientLifetime.Once:
                return;

            case ClientLifetime.Returned:
                var factoryDescriptor = ImplementsHttpClientFactory(factory!) ? Descriptors.BG0201FactoryImplementationClientPerCall : Descriptors.BG0201FactoryClientPerCall;
                factories.AddCreation(factory!, !types.IsExecutable && IsPublicLibraryApi(factory!), Diagnostic.Create(factoryDescriptor, creation.Syntax.GetLocation(), DisplayText.Of(creation.Syntax), factory!.ExplicitInterfaceImplementations.FirstOrDefault()?.Name ?? factory.Name));
                return;
        }

        // The fix passes disposeHandler: false over a shared handler, and otherwise shares the client. A client a
        // factory returns (the Returned case above) gets no kind, so no fix: sharing it is the callers' decision.
        var (descriptor, fix) = OverSharedHandlerItDisposes(creation)
            ? (Descriptors.BG0201SharedHandlerDisposed, FixKind.KeepSharedHandler)
            : (Descriptors.BG0201HttpClientPerCall, FixKind.ShareClient);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, creation.Syntax.GetLocation(), FixKinds.Properties(fix), DisplayText.Of(creation.Syntax)));
    }

    /// <summary>
    /// Whether <paramref name="factory"/> is <c>CreateClient</c> of an <c>IHttpClientFactory</c> (Microsoft.Extensions.Http's
    /// <c>System.Net.Http.IHttpClientFactory</c>), implicitly or explicitly: "use IHttpClientFactory" is no advice there
    /// (MinIO's fallback factory, found on the real-world corpus), so the report says what the implementation defeats.
    /// </summary>
    private static bool ImplementsHttpClientFactory(IMethodSymbol factory)
    {
        if (factory.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (candidate is { Name: "IHttpClientFactory", ContainingNamespace: { Name: "Http", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
            {
                foreach (var member in candidate.GetMembers("CreateClient"))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, factory.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="handler"/> goes to a <c>new HttpClient(...)</c> (directly or through a local) that BG0201
    /// reports as created per call. BG0301 asks too: such a handler is this rule's report, one problem, one report.
    /// </summary>
    internal static bool IsHandedToPerCallClient(IObjectCreationOperation handler, INamedTypeSymbol httpClient, ISymbol containingSymbol, AnalyzerOptions options, KnownTypes types, CancellationToken cancellationToken) =>
        ClientOf(handler, httpClient, cancellationToken) is { } client && Lifetime(client, containingSymbol, options, types, out _, cancellationToken) == ClientLifetime.PerCall;

    /// <summary>The <c>new HttpClient(handler)</c> the handler goes to: as the argument itself, or through a local.</summary>
    private static IObjectCreationOperation? ClientOf(IObjectCreationOperation handler, INamedTypeSymbol httpClient, CancellationToken cancellationToken)
    {
        var consumer = handler.ConsumerOf(out _);
        if (consumer is IArgumentOperation { Parent: IObjectCreationOperation direct } && SymbolEqualityComparer.Default.Equals(direct.Type, httpClient))
        {
            return direct;
        }

        if (consumer is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return null;
        }

        return handler.Root().Descendants(cancellationToken).OfType<IObjectCreationOperation>()
            .FirstOrDefault(c => SymbolEqualityComparer.Default.Equals(c.Type, httpClient)
                && c.Arguments.Any(a => SymbolEqualityComparer.Default.Equals(a.Value.ReferencedSymbol(), declarator.Symbol)));
    }

    private enum ClientLifetime
    {
        PerCall,
        Once,
        Returned,
    }

    /// <summary>How long the client created by <paramref name="creation"/> lives.</summary>
    private static ClientLifetime Lifetime(IObjectCreationOperation creation, ISymbol containingSymbol, AnalyzerOptions options, KnownTypes types, out IMethodSymbol? factory, CancellationToken cancellationToken)
    {
        factory = null;
        if (IsOverHandlerItDidNotCreate(creation, cancellationToken) || IsStoredOnce(creation, types, cancellationToken))
        {
            return ClientLifetime.Once;
        }

        var inLoop = false;
        for (var current = creation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation:
                    inLoop = true;
                    break;
                case IArgumentOperation { Parent: IInvocationOperation registration } when IsRegistration(registration):
                    return ClientLifetime.Once;
                case IAnonymousFunctionOperation { Parent: var parent } when IsRegistrationLambda(parent) || IsStaticInitializerLambda(parent):
                    return ClientLifetime.Once;
            }
        }

        var consumer = creation.ConsumerOf(out var child);
        switch (consumer)
        {
            case IAssignmentOperation assignment when assignment.Value == child && IsStaticStorage(assignment.Target):
                return ClientLifetime.Once;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "EnsureInitialized" } ensure }
                when ensure.Arguments.Length > 0 && IsStaticStorage(ensure.Arguments[0].Value):
                return ClientLifetime.Once;
        }

        if (inLoop)
        {
            return ClientLifetime.PerCall;
        }

        switch (containingSymbol)
        {
            case IFieldSymbol { IsStatic: true }:
            case IPropertySymbol { IsStatic: true }:
            case IMethodSymbol { MethodKind: MethodKind.StaticConstructor }:
                return ClientLifetime.Once;
            // Kept by the instance (not in a lambda or local function, which may run on any later call): lives as long as its owner.
            case IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor }
                when creation.EnclosingAnonymousFunction() is null
                    && (creation.EnclosingLocalFunction() is not { } localFunction || RunsOnlyDuringConstruction(localFunction, cancellationToken)):
                return ReportsInstanceMember(options, creation, containingSymbol.ContainingType) ? ClientLifetime.PerCall : ClientLifetime.Once;
            case IMethodSymbol root when IsCompositionRoot(root) && creation.EnclosingAnonymousFunction() is null:
                return ClientLifetime.Once;
        }

        // A factory: returned directly or through a local. Its callers decide, at the end of the compilation.
        if (creation.EnclosingAnonymousFunction() is null
            && containingSymbol is IMethodSymbol method
            && (method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation || (!types.IsExecutable && IsPublicLibraryApi(method)))
            && IsReturned(creation, consumer, cancellationToken))
        {
            factory = creation.EnclosingLocalFunction()?.Symbol ?? method;
            return ClientLifetime.Returned;
        }

        // Wrapped in an object a library's public factory returns: the library's callers decide.
        if (IsReturnedFromPublicLibraryApi(creation, containingSymbol, types, cancellationToken))
        {
            return ClientLifetime.Once;
        }

        return ClientLifetime.PerCall;
    }

    /// <summary>
    /// A local function of a constructor that runs only while the object is built (RestSharp's <c>GetClient()</c>): called
    /// directly, outside loops and lambdas, or handed as a method group to a call whose result the constructor keeps
    /// (<c>HttpClient = SimpleClientFactory.GetClient(url, GetClient);</c>). Anything else (stored, handed to a lambda, called
    /// in a loop) may run later, on every call.
    /// </summary>
    private static bool RunsOnlyDuringConstruction(ILocalFunctionOperation localFunction, CancellationToken cancellationToken)
    {
        var uses = 0;
        foreach (var operation in localFunction.Root().Descendants(cancellationToken))
        {
            switch (operation)
            {
                case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod, localFunction.Symbol):
                    if (!RunsOnceInTheMember(call))
                    {
                        return false;
                    }

                    uses++;
                    break;
                case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method, localFunction.Symbol):
                    if (reference.Parent.OutsideDelegateCreation() is not IArgumentOperation { Parent: IInvocationOperation receiver }
                        || !RunsOnceInTheMember(receiver)
                        || receiver.ConsumerOf(out var value) is not ISimpleAssignmentOperation assignment
                        || assignment.Value != value)
                    {
                        return false;
                    }

                    uses++;
                    break;
            }
        }

        return uses > 0;
    }

    private static bool RunsOnceInTheMember(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsReturned(IOperation value, IOperation? consumer, CancellationToken cancellationToken)
    {
        if (consumer is IReturnOperation)
        {
            return true;
        }

        if (consumer is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        return value.Root().Descendants(cancellationToken).OfType<IReturnOperation>()
            .Any(r => r.ReturnedValue is { } value && SymbolEqualityComparer.Default.Equals(value.ReferencedSymbol(), declarator.Symbol));
    }

    private static bool IsCompositionRoot(IMethodSymbol method) =>
        method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

    private static bool IsRegistration(IInvocationOperation invocation) =>
        s_registrationMethods.Contains(invocation.TargetMethod.Name)
        && (invocation.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions", StringComparison.Ordinal) ?? false);

    private static bool IsRegistrationLambda(IOperation? parent) =>
        parent.OutsideDelegateCreation() is IArgumentOperation { Parent: IInvocationOperation registration } && IsRegistration(registration);

    /// <summary>The factory of <c>LazyInitializer.EnsureInitialized(ref s_client, () => ...)</c>.</summary>
    private static bool IsStaticInitializerLambda(IOperation? parent)
    {
        return parent.OutsideDelegateCreation() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "EnsureInitialized" } ensure }
            && ensure.Arguments.Length > 0
            && IsStaticStorage(ensure.Arguments[0].Value);
    }

    /// <summary>A static field or property (also <c>Lazy&lt;HttpClient&gt;</c>'s value and <c>ref s_client</c>).</summary>
    private static bool IsStaticStorage(IOperation target) => target.WithoutConversions() switch
    {
        IFieldReferenceOperation field => field.Field.IsStatic,
        IPropertyReferenceOperation property => property.Property.IsStatic,
        _ => false,
    };

    /// <summary><c>new HttpClient(s_handler, disposeHandler: false)</c> over a static or constructor-parameter handler.</summary>
    private static bool IsOverSharedHandlerItKeeps(IObjectCreationOperation creation) =>
        SharedHandlerArgument(creation) is not null && KeepsHandler(creation);

    private static bool KeepsHandler(IObjectCreationOperation creation) =>
        creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "disposeHandler")?.Value.ConstantValue is { HasValue: true, Value: false };

    /// <summary>
    /// <c>new HttpClient(handler, disposeHandler: false)</c> over a handler this code did not create: a field or property, a
    /// parameter, a cache lookup (<c>_handlers[host]</c>, <c>_handlers.GetOrAdd(...)</c>), or a local holding one. A cheap
    /// client over a pooled handler, as IHttpClientFactory does: not a pool per call.
    /// </summary>
    private static bool IsOverHandlerItDidNotCreate(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        if (creation.Arguments.Length < 2 || !KeepsHandler(creation))
        {
            return false;
        }

        var handler = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WithoutConversions();
        if (handler is ILocalReferenceOperation local)
        {
            // Every value the local is given must be one of those.
            var values = creation.Root().Descendants(cancellationToken)
                .Select(o => o switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local) => declarator.Initializer?.Value,
                    IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local.Local) => assignment.Value,
                    _ => null,
                })
                .Where(v => v is not null)
                .ToList();
            return values.Count > 0 && values.All(v => IsHandlerNotCreatedHere(v!, cancellationToken));
        }

        return handler is not null && IsHandlerNotCreatedHere(handler, cancellationToken);
    }

    private static bool IsHandlerNotCreatedHere(IOperation handler, CancellationToken cancellationToken) => handler.WithoutConversions() switch
    {
        IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation => true,
        IInvocationOperation { TargetMethod.Name: "GetOrAdd" or "GetOrCreate" or "GetValueOrDefault" } lookup => CacheOf(lookup) is { } cache && IsMember(cache),
        IInvocationOperation call => IsSourceMethodThatCreatesNoHandler(call.TargetMethod, cancellationToken),
        _ => false,
    };

    /// <summary>
    /// A method of this compilation that hands out a handler without creating one in its body (elastic's
    /// <c>CreateHandler(key, config)</c> returns the pooled entry of a cache; the entry factory lives elsewhere). Read from
    /// its syntax: any <c>new ...Handler(...)</c> in it, or no source, counts as creating one.
    /// </summary>
    private static bool IsSourceMethodThatCreatesNoHandler(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var references = method.OriginalDefinition.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return false;
        }

        foreach (var reference in references)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax { Type: var type }
                    && type.ToString().EndsWith("Handler", StringComparison.Ordinal))
                {
                    return false;
                }

                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitObjectCreationExpressionSyntax)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A per-call client over a shared handler that disposing the client disposes.</summary>
    private static bool OverSharedHandlerItDisposes(IObjectCreationOperation creation) =>
        SharedHandlerArgument(creation) is not null && !IsOverSharedHandlerItKeeps(creation);

    private static IOperation? SharedHandlerArgument(IObjectCreationOperation creation)
    {
        var handler = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WithoutConversions();
        return handler switch
        {
            IFieldReferenceOperation { Field.IsStatic: true } => handler,
            IPropertyReferenceOperation { Property.IsStatic: true } => handler,
            IFieldReferenceOperation { Field.IsReadOnly: true } => handler,
            IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } => handler,
            _ => null,
        };
    }

    /// <summary>
    /// Whether a client kept by an instance of <paramref name="owner"/> (created in its constructor or an instance field or
    /// property initializer) is reported: <c>bg0201.report_instance_members = true</c> always, <c>false</c> never, unset only
    /// when the owner is a per-request type (the client lives as long as its owner).
    /// </summary>
    private static bool ReportsInstanceMember(AnalyzerOptions options, IOperation operation, INamedTypeSymbol? owner)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(operation.Syntax.SyntaxTree);
        return config.TryGetValue(RuleOptions.BG0201ReportInstanceMembers, out var text) && bool.TryParse(text.Trim(), out var value)
            ? value
            : PerRequestTypes.IsPerRequest(owner);
    }

    /// <summary>Factories and their call sites; a factory whose every call initializes static storage creates its client once.</summary>
    private sealed class FactoryCalls
    {
        private readonly ConcurrentBag<(IMethodSymbol Factory, bool IsPublicApi, Diagnostic Diagnostic)> _creations = new();
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _calledPerCall = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _calledOnce = new(SymbolEqualityComparer.Default);

        /// <summary>Factories whose result a library's public API member returns: its callers, outside the compilation, decide.</summary>
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _handedOut = new(SymbolEqualityComparer.Default);

        /// <summary>A factory's creation; <paramref name="isPublicApi"/>: a library's public factory, whose callers are mostly outside the compilation.</summary>
        public void AddCreation(IMethodSymbol factory, bool isPublicApi, Diagnostic diagnostic) => _creations.Add((factory.OriginalDefinition, isPublicApi, diagnostic));

        public void Record(IInvocationOperation invocation, ISymbol containingSymbol, INamedTypeSymbol httpClient, KnownTypes types, CancellationToken cancellationToken)
        {
            // Every invocation comes here: the name settles almost all of them before the symbols are compared.
            var returnType = invocation.TargetMethod.ReturnType;
            if (returnType.Name != httpClient.Name
                || !SymbolEqualityComparer.Default.Equals(returnType, httpClient)
                || invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            var factory = invocation.TargetMethod.OriginalDefinition;
            var consumer = invocation.ConsumerOf(out var child);
            var once = containingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IMethodSymbol { MethodKind: MethodKind.StaticConstructor }
                || (consumer is IAssignmentOperation assignment && assignment.Value == child && IsStaticStorage(assignment.Target))
                || IsStoredOnce(invocation, types, cancellationToken);
            var calls = once ? _calledOnce : IsReturnedFromPublicLibraryApi(invocation, containingSymbol, types, cancellationToken) ? _handedOut : _calledPerCall;
            calls.TryAdd(factory, 0);
        }

        /// <summary>A factory handed on as a method group: <c>new Lazy&lt;HttpClient&gt;(Create)</c> calls it once, anything else may call it per call.</summary>
        public void RecordReference(IMethodReferenceOperation reference, INamedTypeSymbol httpClient, KnownTypes types, CancellationToken cancellationToken)
        {
            var returnType = reference.Method.ReturnType;
            if (returnType.Name != httpClient.Name
                || !SymbolEqualityComparer.Default.Equals(returnType, httpClient)
                || reference.Method.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            (IsValueFactory(reference, types, cancellationToken) ? _calledOnce : _calledPerCall).TryAdd(reference.Method.OriginalDefinition, 0);
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (_creations.IsEmpty)
            {
                // Almost every compilation: return before the sort below is JIT-compiled (a value-tuple instantiation).
                return;
            }

            foreach (var (factory, isPublicApi, diagnostic) in _creations.OrderBy(c => c.Diagnostic.Location.SourceSpan.Start))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                // A call through the interface member or the overridden method the factory implements calls it too.
                // Reported when some call is per call, or when nothing keeps it once and no caller outside the compilation may.
                var called = CalledAs(factory);
                if (called.Any(_calledPerCall.ContainsKey)
                    || (!isPublicApi && !called.Any(_calledOnce.ContainsKey) && !called.Any(_handedOut.ContainsKey)))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        private static List<IMethodSymbol> CalledAs(IMethodSymbol factory)
        {
            var methods = new List<IMethodSymbol> { factory };
            for (var overridden = factory.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                methods.Add(overridden.OriginalDefinition);
            }

            methods.AddRange(factory.ExplicitInterfaceImplementations.Select(m => m.OriginalDefinition));
            if (factory.ContainingType is { } type && factory.DeclaredAccessibility == Accessibility.Public && !factory.IsStatic)
            {
                foreach (var candidate in type.AllInterfaces.SelectMany(i => i.GetMembers(factory.Name)).OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, factory))
                    {
                        methods.Add(candidate.OriginalDefinition);
                    }
                }
            }

            return methods;
        }
    }
}
