using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0301: an HTTP handler whose MaxConnectionsPerServer nobody chose (in an executable), or chose too low (anywhere).
/// A library leaves an unset limit to the app that uses it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BG0301MaxConnectionsPerServerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property of a <see cref="FixKind.AddHandler"/> report: the metadata name of the handler the fix creates.
    /// Which edit the fix makes is the diagnostic's <see cref="FixKind"/>: SetInInitializer, AddHandler or RaiseValue.
    /// </summary>
    internal const string HandlerTypeKey = "HandlerType";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.BG0301MaxConnectionsPerServerNotSet,
        Descriptors.BG0301SharedClientWithoutHandler,
        Descriptors.BG0301ReturnedHandlerNotConfigured,
        Descriptors.BG0301MaxConnectionsPerServerTooLow);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);
        context.RegisterCompilationStartAction(start =>
        {
            // No symbol is touched here (see KnownTypes): the handler types are resolved when code first names a type
            // that may be one, and a compilation without them stops there (every callback asks IsEnabled).
            var types = KnownTypes.Create(start.Compilation);
            new CompilationAnalysis(types).Register(start, ProjectKind.IsExecutable(start.Compilation.Options));
        });
    }

    private static bool HasMaxConnectionsPerServer(INamedTypeSymbol type) =>
        type.GetMembers(HandlerFlow.MaxConnectionsPerServer).OfType<IPropertySymbol>().Any(p => p.SetMethod is not null);

    private sealed class CompilationAnalysis
    {
        private readonly KnownTypes _types;

        // The handler types with a settable MaxConnectionsPerServer, resolved on first use (default until then).
        private ImmutableArray<INamedTypeSymbol> _handlers;

        // Handlers returned by factory methods, decided at the end of the compilation from the factories' callers.
        private readonly ConcurrentBag<(ISymbol Factory, Diagnostic Diagnostic)> _returnedHandlers = new();
        private readonly ConcurrentDictionary<ISymbol, byte> _factoriesWhoseResultEscapes = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(ISymbol Caller, ISymbol Factory)> _factoriesReturnedByFactories = new();

        public CompilationAnalysis(KnownTypes types)
        {
            _types = types;
            _derivesFromHandler = t => HasBaseNamed(t, messageHandler: false) && Handlers.Any(h => KnownTypes.IsOrDerivesFrom(t, h));
            _derivesFromMessageHandler = t => HasBaseNamed(t, messageHandler: true) && KnownTypes.IsOrDerivesFrom(t, _types.HttpMessageHandler);
        }

        private ImmutableArray<INamedTypeSymbol> Handlers
        {
            get
            {
                if (_handlers.IsDefault)
                {
                    // Two threads may resolve them at once; both find the same array.
                    ImmutableInterlocked.InterlockedInitialize(ref _handlers, ResolveHandlers(_types));
                }

                return _handlers;
            }
        }

        /// <summary>Whether the compilation has a handler type BG0301 can configure: asked by every callback, resolved once.</summary>
        private bool IsEnabled => !Handlers.IsEmpty && _types.HttpMessageHandler is not null;

        private static ImmutableArray<INamedTypeSymbol> ResolveHandlers(KnownTypes types)
        {
            var handlers = ImmutableArray.CreateBuilder<INamedTypeSymbol>(3);
            foreach (var type in new[] { types.SocketsHttpHandler, types.HttpClientHandler, types.WinHttpHandler })
            {
                if (type is not null && HasMaxConnectionsPerServer(type))
                {
                    handlers.Add(type);
                }
            }

            return handlers.ToImmutable();
        }

        /// <summary>
        /// The name test before any symbol is resolved: a type derives from a handler (or from HttpMessageHandler) only if it
        /// or a base type has that type's name; the symbols are compared afterwards.
        /// </summary>
        private static bool HasBaseNamed(ITypeSymbol type, bool messageHandler)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (messageHandler
                    ? current.Name == "HttpMessageHandler"
                    : current.Name is "SocketsHttpHandler" or "HttpClientHandler" or "WinHttpHandler")
                {
                    return true;
                }
            }

            return false;
        }

        public void Register(CompilationStartAnalysisContext start, bool isExecutable)
        {
            start.RegisterHandWrittenOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
            if (!isExecutable)
            {
                // A library: an unset limit is the app's choice (ServicePointManager.DefaultConnectionLimit on .NET
                // Framework, unlimited on .NET Core), not the library's. Only a constant below the minimum is reported.
                return;
            }

            start.RegisterHandWrittenOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterHandWrittenOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterHandWrittenSymbolStartAction(AnalyzeType, SymbolKind.NamedType);
            start.RegisterCompilationEndAction(ReportReturnedHandlers);
        }

        // Called for every object creation and every field or property reference: reject the common case (structs,
        // special types, sealed BCL classes) without walking base types, and remember the answer per type definition
        // (whether a type derives from a handler does not depend on its type arguments, and a definition is compared by identity).
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _isHandler = new(new DefinitionComparer<ITypeSymbol>());

        // The same for "is an HttpMessageHandler", asked of every invocation's return type.
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _isMessageHandler = new(new DefinitionComparer<ITypeSymbol>());

        // The cache factories, created once so the lookups on every operation allocate nothing.
        private readonly Func<ITypeSymbol, bool> _derivesFromHandler;
        private readonly Func<ITypeSymbol, bool> _derivesFromMessageHandler;

        private bool IsHandler(ITypeSymbol? type) =>
            type is { TypeKind: TypeKind.Class, SpecialType: SpecialType.None }
            && _isHandler.GetOrAdd(type.OriginalDefinition, _derivesFromHandler);

        private bool IsMessageHandler(ITypeSymbol? type) =>
            type is { TypeKind: TypeKind.Class, SpecialType: SpecialType.None }
            && _isMessageHandler.GetOrAdd(type.OriginalDefinition, _derivesFromMessageHandler);

        /// <summary>
        /// Whether the declarations of <paramref name="type"/> write a field, property or record parameter whose type could be
        /// a handler, read from the syntax before any member is loaded: most types (records of numbers and strings,
        /// interfaces of methods, enums) declare none, and loading their members (a record's dozen synthesized ones) is
        /// most of what looking at a type costs. Anything the syntax does not settle (a named type, a declaration of
        /// another shape) is looked at through the members.
        /// </summary>
        private static bool MayDeclareHandlerMember(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (reference.GetSyntax(cancellationToken))
                {
                    case EnumDeclarationSyntax or DelegateDeclarationSyntax:
                        continue;
                    case TypeDeclarationSyntax declaration:
                        if (declaration is RecordDeclarationSyntax { ParameterList: { } parameters }
                            && parameters.Parameters.Any(parameter => MayNameAHandlerType(parameter.Type)))
                        {
                            return true;
                        }

                        foreach (var member in declaration.Members)
                        {
                            var declared = member switch
                            {
                                FieldDeclarationSyntax field => field.Declaration.Type,
                                PropertyDeclarationSyntax property => property.Type,
                                IndexerDeclarationSyntax indexer => indexer.Type,
                                _ => null,
                            };
                            if (declared is not null && MayNameAHandlerType(declared))
                            {
                                return true;
                            }
                        }

                        continue;
                    default:
                        return true;
                }
            }

            return false;
        }

        /// <summary>False only for types written so that they cannot be a handler: keywords other than object, arrays, pointers, tuples.</summary>
        private static bool MayNameAHandlerType(TypeSyntax? type) => type switch
        {
            null => true,
            PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword),
            NullableTypeSyntax nullable => MayNameAHandlerType(nullable.ElementType),
            RefTypeSyntax reference => MayNameAHandlerType(reference.Type),
            ArrayTypeSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or TupleTypeSyntax => false,
            _ => true,
        };

        /// <summary>Whether a field or property declared as <paramref name="type"/> can hold a handler instance.</summary>
        /// <remarks>
        /// An interface only if a handler can implement it: one HttpMessageHandler implements (IDisposable), or one declared
        /// in source (a custom handler may implement it); not ILogger, IOptions or the other services a class keeps.
        /// </remarks>
        private bool MayHoldHandler(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_Object
            || type.TypeKind is TypeKind.TypeParameter or TypeKind.Dynamic
            || (type.TypeKind == TypeKind.Interface && (type.SpecialType == SpecialType.System_IDisposable || type.DeclaringSyntaxReferences.Length > 0))
            || IsMessageHandler(type);

        private void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type?.Name == "HttpClient" && SymbolEqualityComparer.Default.Equals(creation.Type, _types.HttpClient))
            {
                if (IsEnabled)
                {
                    AnalyzeSharedClient(context, creation);
                }

                return;
            }

            if (!IsHandler(creation.Type) || !IsEnabled || HandlerFlow.InitializerSetsMaxConnections(creation))
            {
                return;
            }

            switch (HandlerFlow.Classify(creation, _types, context.ContainingSymbol, out var symbol))
            {
                case HandlerDestination.InPlace:
                    ReportUnlessPerCall(context, creation);
                    break;

                case HandlerDestination.Local:
                    switch (HandlerFlow.AnalyzeLocal(creation, symbol!, _types, context.ContainingSymbol, out var factory, context.CancellationToken))
                    {
                        case LocalHandlerUse.NotConfigured:
                            ReportUnlessPerCall(context, creation);
                            break;
                        case LocalHandlerUse.Returned:
                            _returnedHandlers.Add((factory!, ReturnedNotConfigured(creation, factory!)));
                            break;
                    }

                    break;

                case HandlerDestination.Returned:
                    _returnedHandlers.Add((symbol!, ReturnedNotConfigured(creation, symbol!)));
                    break;

                // Member: decided at the end of the containing type (AnalyzeType). Escapes: someone else configures it.
            }
        }

        /// <summary>
        /// Reports a handler nobody configures, unless it goes to a client BG0201 reports as created per call: the pool
        /// lives for one request, which is BG0201's report (one problem, one report). Asked only of handlers about to be reported.
        /// </summary>
        private void ReportUnlessPerCall(OperationAnalysisContext context, IObjectCreationOperation creation)
        {
            if (_types.HttpClient is { } httpClient
                && BG0201HttpClientPerCallAnalyzer.IsHandedToPerCallClient(creation, httpClient, context.ContainingSymbol, context.Options, _types, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(NotSet(creation));
        }

        private void AnalyzeSharedClient(OperationAnalysisContext context, IObjectCreationOperation creation)
        {
            if (!creation.Arguments.IsEmpty
                || HandlerFlow.Classify(creation, _types, context.ContainingSymbol, out var symbol) != HandlerDestination.Member
                || symbol is not { IsStatic: true })
            {
                return;
            }

            var handler = Handlers[0];
            var properties = FixKinds.Properties(FixKind.AddHandler)
                .Add(HandlerTypeKey, handler.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.BG0301SharedClientWithoutHandler,
                creation.Syntax.GetLocation(),
                properties,
                DisplayText.Of(creation.Syntax)));
        }

        private void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: HandlerFlow.MaxConnectionsPerServer } property
                && IsHandler(property.Property.ContainingType)
                && IsEnabled)
            {
                LowConstant.Report(context, Descriptors.BG0301MaxConnectionsPerServerTooLow, assignment, RuleOptions.BG0301MinConnectionsPerServer, RuleOptions.DefaultMinConnectionsPerServer, constantIsFixed: false);
            }
        }

        /// <summary>Records the factories whose result is handed on to code that may configure it.</summary>
        private void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!IsMessageHandler(invocation.TargetMethod.ReturnType) || !IsEnabled)
            {
                return;
            }

            var factory = invocation.TargetMethod.OriginalDefinition;
            switch (HandlerFlow.Classify(invocation, _types, context.ContainingSymbol, out var symbol))
            {
                case HandlerDestination.Escapes:
                case HandlerDestination.Member:
                    _factoriesWhoseResultEscapes.TryAdd(factory, 0);
                    break;

                case HandlerDestination.Returned:
                    _factoriesReturnedByFactories.Add((symbol!, factory));
                    break;

                case HandlerDestination.Local:
                    switch (HandlerFlow.AnalyzeLocal(invocation, symbol!, _types, context.ContainingSymbol, out var caller, context.CancellationToken))
                    {
                        case LocalHandlerUse.Escapes:
                        case LocalHandlerUse.Configured:
                            _factoriesWhoseResultEscapes.TryAdd(factory, 0);
                            break;
                        case LocalHandlerUse.Returned:
                            _factoriesReturnedByFactories.Add((caller!, factory));
                            break;
                    }

                    break;
            }
        }

        private void ReportReturnedHandlers(CompilationAnalysisContext context)
        {
            if (_returnedHandlers.IsEmpty)
            {
                return;
            }

            // A factory returned by another factory escapes when that one's result does.
            var escapes = new HashSet<ISymbol>(_factoriesWhoseResultEscapes.Keys, SymbolEqualityComparer.Default);
            var edges = _factoriesReturnedByFactories.ToList();
            bool changed;
            do
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                changed = false;
                foreach (var (caller, factory) in edges)
                {
                    if (escapes.Contains(caller.OriginalDefinition) && escapes.Add(factory))
                    {
                        changed = true;
                    }
                }
            }
            while (changed);

            foreach (var (factory, diagnostic) in _returnedHandlers.OrderBy(r => r.Diagnostic.Location.SourceSpan.Start))
            {
                if (!escapes.Contains(factory.OriginalDefinition))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>Handlers stored in fields and properties: set anywhere in the type, or handed on, they are configured.</summary>
        private void AnalyzeType(SymbolStartAnalysisContext start)
        {
            var type = (INamedTypeSymbol)start.Symbol;
            if (!MayDeclareHandlerMember(type, start.CancellationToken) || !IsEnabled)
            {
                return;
            }

            // Only a type with a field or property that can hold a handler can leave one unconfigured in a member; only
            // the ones declared as a handler type can be configured through the member (reading it as object or
            // IDisposable, nobody sets MaxConnectionsPerServer), so only their references are watched.
            var mayHold = false;
            var handlerTyped = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var member in type.GetMembers())
            {
                start.CancellationToken.ThrowIfCancellationRequested();
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (memberType is not null && MayHoldHandler(memberType))
                {
                    mayHold = true;
                    if (IsHandler(memberType))
                    {
                        handlerTyped.Add(member);
                    }
                }
            }

            if (!mayHold)
            {
                return;
            }

            var state = new TypeState();

            start.RegisterHandWrittenOperationAction(
                context =>
                {
                    var creation = (IObjectCreationOperation)context.Operation;
                    if (IsHandler(creation.Type)
                        && !HandlerFlow.InitializerSetsMaxConnections(creation)
                        && HandlerFlow.Classify(creation, _types, context.ContainingSymbol, out var member) == HandlerDestination.Member
                        && SymbolEqualityComparer.Default.Equals(member!.ContainingType, type))
                    {
                        state.AddPending(member, NotSet(creation));
                    }
                },
                OperationKind.ObjectCreation);

            var watched = handlerTyped.ToImmutable();
            if (!watched.IsEmpty)
            {
                start.RegisterHandWrittenOperationAction(context => WatchReference(context, watched, state), OperationKind.FieldReference, OperationKind.PropertyReference);
            }

            start.RegisterSymbolEndAction(context =>
            {
                foreach (var diagnostic in state.Unconfigured())
                {
                    context.ReportDiagnostic(diagnostic);
                }
            });
        }

        /// <summary>A reference to a watched member that configures the handler in it (or hands it on to code that may).</summary>
        private void WatchReference(OperationAnalysisContext context, ImmutableArray<ISymbol> watched, TypeState state)
        {
            var reference = (IMemberReferenceOperation)context.Operation;
            if (watched.IndexOf(reference.Member.OriginalDefinition, SymbolEqualityComparer.Default) < 0)
            {
                return;
            }

            var consumer = reference.ConsumerOf(out var child);
            var configures = consumer switch
            {
                IPropertyReferenceOperation { Property.Name: HandlerFlow.MaxConnectionsPerServer } property =>
                    property.Parent is IAssignmentOperation assignment && assignment.Target == property,
                IArgumentOperation argument => !HandlerFlow.IsHandedToClient(argument, _types),
                IAssignmentOperation assignment => assignment.Value == child,
                IVariableInitializerOperation or IReturnOperation => true,
                _ => false,
            };
            if (configures)
            {
                state.AddConfigured(reference.Member.OriginalDefinition);
            }
        }

        /// <summary>
        /// One type's handlers stored in its members, and the members configured elsewhere in it. Most types never store
        /// a handler, so the lists are created on first use (a lock, not concurrent collections, for the rare writes).
        /// </summary>
        private sealed class TypeState
        {
            private readonly object _gate = new();
            private List<(ISymbol Member, Diagnostic Diagnostic)>? _pending;
            private HashSet<ISymbol>? _configured;

            public void AddPending(ISymbol member, Diagnostic diagnostic)
            {
                lock (_gate)
                {
                    (_pending ??= new()).Add((member.OriginalDefinition, diagnostic));
                }
            }

            public void AddConfigured(ISymbol member)
            {
                lock (_gate)
                {
                    (_configured ??= new(SymbolEqualityComparer.Default)).Add(member);
                }
            }

            /// <summary>The diagnostics of the handlers whose member is never configured (read at the end of the type).</summary>
            public IEnumerable<Diagnostic> Unconfigured()
            {
                lock (_gate)
                {
                    return _pending is null
                        ? Enumerable.Empty<Diagnostic>()
                        : _pending.Where(p => _configured?.Contains(p.Member) != true).Select(p => p.Diagnostic).ToList();
                }
            }
        }

        private static Diagnostic NotSet(IObjectCreationOperation creation) => Diagnostic.Create(
            Descriptors.BG0301MaxConnectionsPerServerNotSet,
            creation.Syntax.GetLocation(),
            FixKinds.Properties(FixKind.SetInInitializer),
            DisplayText.Of(creation.Syntax));

        private static Diagnostic ReturnedNotConfigured(IObjectCreationOperation creation, ISymbol factory) => Diagnostic.Create(
            Descriptors.BG0301ReturnedHandlerNotConfigured,
            creation.Syntax.GetLocation(),
            FixKinds.Properties(FixKind.SetInInitializer),
            DisplayText.Of(creation.Syntax),
            factory.Name);
    }
}
