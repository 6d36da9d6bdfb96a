using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// The <c>SocketsHttpHandler</c> a shared client is created over: its pooled connection lifetime (BG0201), and in an
/// executable its <c>MaxConnectionsPerServer</c> (what BG0301's fix would write), so BG0301 has nothing to report on it.
/// </summary>
internal sealed record SocketsHandlerSettings(int LifetimeMinutes, int? MaxConnectionsPerServer);

/// <summary>
/// How one per-call <c>new HttpClient(...)</c> becomes a shared static field (BG0201): the field's initializer (constant
/// configuration folded in) and the edits that remove the per-call lifetime. Null when that is not a local, mechanical
/// rewrite: per-call configuration, a client that escapes, or one that is disposed through a field.
/// </summary>
internal sealed partial class SharedClientPlan
{
    private readonly List<Action<SyntaxEditor, string>> _edits = new();

    private SharedClientPlan(TypeDeclarationSyntax type, ExpressionSyntax initializer, string factoryKey)
    {
        Type = type;
        Initializer = initializer;
        InitializerKey = KeyOf(initializer) + factoryKey;
    }

    public TypeDeclarationSyntax Type { get; }

    public ExpressionSyntax Initializer { get; }

    /// <summary>Creations with the same key share one field.</summary>
    public string InitializerKey { get; }

    /// <summary>The initializer's text without namespaces, so a field the fix wrote earlier (simplified) has the same key.</summary>
    public static string KeyOf(ExpressionSyntax initializer) =>
        initializer.NormalizeWhitespace().ToFullString()
            .Replace("global::System.Net.Http.", string.Empty)
            .Replace("global::System.", string.Empty)
            .Replace("System.Net.Http.", string.Empty);

    public void Apply(SyntaxEditor editor, string fieldName)
    {
        foreach (var edit in _edits)
        {
            edit(editor, fieldName);
        }
    }

    /// <summary>
    /// The statements that set the client up once, moved into a static factory method the field's initializer calls
    /// (headers added through collections: <c>Accept.Add(...)</c>, <c>UserAgent.ParseAdd(...)</c>); empty for an initializer.
    /// </summary>
    public IReadOnlyList<StatementSyntax> FactoryStatements { get; private set; } = Array.Empty<StatementSyntax>();

    /// <summary>The local the factory statements set up (their own name for the client).</summary>
    public string FactoryLocal { get; private set; } = "client";

    /// <summary>A property whose getter handed out the client: the fix needs every use of it checked (see <see cref="PropertyClientUses"/>).</summary>
    public IPropertySymbol? Property { get; private set; }

    /// <param name="socketsHandler">The handler a client created without one gets; null where SocketsHttpHandler does not exist.</param>
    /// <param name="maxConnectionsPerServer">In an executable, the limit a handler the creation brings gets when it sets none (BG0301's value).</param>
    public static SharedClientPlan? TryCreate(BaseObjectCreationExpressionSyntax creation, SemanticModel model, SocketsHandlerSettings? socketsHandler, int? maxConnectionsPerServer, CancellationToken cancellationToken)
    {
        var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null or InterfaceDeclarationSyntax)
        {
            return null;
        }

        // new HttpClient(handler) over a handler local created just before for it alone: the handler moves with the client.
        var handlerLocal = HandlerLocal.Find(creation, model, cancellationToken);
        if (!(creation.ArgumentList?.Arguments.All(a => a.NameColon is null && (a == handlerLocal?.Argument || IsConstant(a.Expression, model, cancellationToken))) ?? true)
            || !(creation.Initializer?.Expressions.All(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax } a && (IsConstant(a.Right, model, cancellationToken) || IsPerCallBaseAddress(a, model, cancellationToken))) ?? true))
        {
            return null;
        }

        var configuration = creation.Initializer?.Expressions.Cast<AssignmentExpressionSyntax>().ToList() ?? new List<AssignmentExpressionSyntax>();
        var baseAddress = configuration.FirstOrDefault(a => !IsConstant(a.Right, model, cancellationToken));
        configuration.Remove(baseAddress!);
        var edits = new List<Action<SyntaxEditor, string>>();
        var factoryStatements = new List<StatementSyntax>();
        IPropertySymbol? property = null;
        string? factoryLocal = null;

        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1 } declaration
            && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local)
        {
            if (!TryPlanLocal(declaration, local, model, configuration, baseAddress?.Right, factoryStatements, edits, cancellationToken))
            {
                return null;
            }

            factoryLocal = local.Name;
        }
        else if (baseAddress is not null)
        {
            return null;
        }
        else if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } fieldDeclarator }
            && model.GetDeclaredSymbol(fieldDeclarator, cancellationToken) is IFieldSymbol field
            && !IsDisposedAnywhere(type, field, model, cancellationToken))
        {
            // An instance field per object: it now refers to the shared client.
            edits.Add((editor, name) => editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)));
        }
        else if (creation.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Expression == creation
            || creation.Parent is ParenthesizedExpressionSyntax { Parent: MemberAccessExpressionSyntax })
        {
            // new HttpClient().GetStringAsync(url): used once, in place.
            edits.Add((editor, name) => editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)));
        }
        else if (PropertyClientUses.GetterOf(creation, model, cancellationToken) is { } getterOf)
        {
            // public HttpClient Client => new HttpClient(); : the property hands out the shared client.
            property = getterOf;
            edits.Add((editor, name) => editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)));
        }
        else if (!InstanceFieldClient.TryPlan(creation, type, model, edits, cancellationToken)
            && !LazyClient.TryPlan(creation, model, edits, cancellationToken))
        {
            // Otherwise _client = new HttpClient(); into a private field used only for requests, or a Lazy<HttpClient>
            // local used only for requests: they get the shared client.
            return null;
        }

        if (handlerLocal is not null)
        {
            edits.Add((editor, _) => editor.ReplaceNode(handlerLocal.Declaration, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)));
        }

        var initializer = BuildInitializer(creation, configuration, socketsHandler, handlerLocal, maxConnectionsPerServer, model, cancellationToken);
        var plan = new SharedClientPlan(type, initializer, FactoryKeyOf(factoryStatements))
        {
            FactoryStatements = factoryStatements,
            FactoryLocal = factoryLocal ?? "client",
            Property = property,
        };
        plan._edits.AddRange(edits);
        return plan;
    }

    /// <summary>
    /// <c>var client = new HttpClient();</c> (also <c>using</c>): constant BaseAddress/Timeout set right after move into the
    /// field; every other use must be a call or a read on the client; Dispose() calls go; the declaration goes.
    /// </summary>
    private static bool TryPlanLocal(VariableDeclarationSyntax declaration, ILocalSymbol local, SemanticModel model, List<AssignmentExpressionSyntax> configuration, ExpressionSyntax? baseAddress, List<StatementSyntax> factoryStatements, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        var owner = declaration.Parent;
        var scope = owner?.Parent;
        if (owner is not (LocalDeclarationStatementSyntax or UsingStatementSyntax) || scope is null)
        {
            return false;
        }

        var fromInitializer = configuration.Count;
        var setup = ScanFollowingStatements(owner, local, model, configuration, cancellationToken);
        if (baseAddress is not null)
        {
            // new HttpClient { BaseAddress = _baseUri }: as if set by the statement after it.
            if (setup.PerCallBaseAddress is not null)
            {
                return false;
            }

            setup.PerCallBaseAddress = baseAddress;
        }

        // Collection and member initializers do not mix in one initializer: both kinds of header is done by hand.
        if (setup.PerCallHeaders.Count > 0 && setup.Authorization is not null)
        {
            return false;
        }

        if (setup.NeedsFactory)
        {
            // Headers added through collections have no initializer form: the constant setup statements move, as written,
            // into a static factory method the field calls (the setup the initializer would have taken goes there too).
            configuration.RemoveRange(fromInitializer, configuration.Count - fromInitializer);
            factoryStatements.AddRange(setup.Constant);
        }
        else if (setup.ConstantHeaders.Count > 0)
        {
            configuration.Add(SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("DefaultRequestHeaders"),
                HeaderInitializer(setup.ConstantHeaders)));
        }

        return ClassifyReferences(scope, local, model, setup.Removed, cancellationToken) is { } references
            && TryPlanEdits(owner, setup, references.Live, references.Unwrapped, model, edits, cancellationToken);
    }

    /// <summary>What the statements right after a local client's declaration set up, and the statements to remove with it.</summary>
    private sealed class LocalClientSetup
    {
        public List<StatementSyntax> Removed { get; } = new();

        /// <summary>Headers that differ per call: they move onto the request.</summary>
        public List<(ExpressionSyntax Name, ExpressionSyntax Value)> PerCallHeaders { get; } = new();

        /// <summary>Headers that are the same on every call: they belong to the shared client.</summary>
        public List<(ExpressionSyntax Name, ExpressionSyntax Value)> ConstantHeaders { get; } = new();

        public ExpressionSyntax? Authorization { get; set; }

        public ExpressionSyntax? PerCallBaseAddress { get; set; }

        /// <summary>The statements that set the client up the same way on every call, in order.</summary>
        public List<StatementSyntax> Constant { get; } = new();

        /// <summary>A constant header added through a collection (no initializer form): the setup needs a factory method.</summary>
        public bool NeedsFactory { get; set; }

        public bool IsPerRequest => PerCallHeaders.Count > 0 || Authorization is not null || PerCallBaseAddress is not null;
    }

    /// <summary>
    /// Constant configuration right after the declaration moves into the field (added to <paramref name="configuration"/>);
    /// per-call headers and base address move onto the request.
    /// </summary>
    private static LocalClientSetup ScanFollowingStatements(SyntaxNode owner, ILocalSymbol local, SemanticModel model, List<AssignmentExpressionSyntax> configuration, CancellationToken cancellationToken)
    {
        var setup = new LocalClientSetup();
        if (owner is not LocalDeclarationStatementSyntax localDeclaration)
        {
            return setup;
        }

        foreach (var setupStatement in ClientSetup.Following(localDeclaration, local.Name, model, cancellationToken))
        {
            switch (setupStatement.Kind)
            {
                case ClientSetupKind.ConstantProperty:
                    configuration.Add(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(setupStatement.Property!), setupStatement.Value.WithoutTrivia()));
                    setup.Constant.Add(setupStatement.Statement);
                    break;
                case ClientSetupKind.ConstantHeaderCollection:
                    setup.Constant.Add(setupStatement.Statement);
                    setup.NeedsFactory = true;
                    break;
                case ClientSetupKind.PerCallBaseAddress when setup.PerCallBaseAddress is null:
                    // A base address from a parameter or a field: it belongs to the request, not to a shared client.
                    setup.PerCallBaseAddress = setupStatement.Value;
                    break;
                case ClientSetupKind.PerCallBaseAddress:
                    return setup;
                case ClientSetupKind.Authorization:
                    setup.Authorization = setupStatement.Value;
                    break;
                case ClientSetupKind.Header when IsConstant(setupStatement.HeaderName!, model, cancellationToken) && IsConstant(setupStatement.Value, model, cancellationToken):
                    setup.ConstantHeaders.Add((setupStatement.HeaderName!, setupStatement.Value));
                    setup.Constant.Add(setupStatement.Statement);
                    break;
                case ClientSetupKind.Header:
                    setup.PerCallHeaders.Add((setupStatement.HeaderName!, setupStatement.Value));
                    break;
            }

            setup.Removed.Add(setupStatement.Statement);
        }

        return setup;
    }

    /// <summary>
    /// The references to the client outside the removed statements: its Dispose() calls go (added to
    /// <paramref name="removed"/>, or a try whose finally only disposes it is unwrapped); the rest, live, must be calls
    /// or reads on the client. Null when the client is configured per call or handed on.
    /// </summary>
    private static (List<IdentifierNameSyntax> Live, List<TryStatementSyntax> Unwrapped)? ClassifyReferences(SyntaxNode scope, ILocalSymbol local, SemanticModel model, List<StatementSyntax> removed, CancellationToken cancellationToken)
    {
        var unwrapped = new List<TryStatementSyntax>();
        var references = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local))
            .Where(n => !removed.Any(r => r.Span.Contains(n.Span)))
            .ToList();
        foreach (var reference in references)
        {
            if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax dispose } })
            {
                // try { ... } finally { client.Dispose(); } without catch: the try's block stays, the finally goes.
                if (dispose.Parent is BlockSyntax { Statements.Count: 1, Parent: FinallyClauseSyntax { Parent: TryStatementSyntax { Catches.Count: 0 } tryStatement } })
                {
                    unwrapped.Add(tryStatement);
                }
                else
                {
                    removed.Add(dispose);
                }

                continue;
            }

            // A call or a read on the client is fine; configuring it per call, or handing it on, is not.
            if (reference.Parent is not MemberAccessExpressionSyntax member || member.Expression != reference
                || (member.Parent is AssignmentExpressionSyntax assigned && assigned.Left == member)
                || member.Name.Identifier.ValueText == "DefaultRequestHeaders")
            {
                return null;
            }
        }

        var live = references
            .Where(r => !removed.Any(d => d.Span.Contains(r.Span)))
            .Where(r => !unwrapped.Any(t => t.Finally!.Span.Contains(r.Span)))
            .ToList();
        return (live, unwrapped);
    }

    /// <summary>
    /// The edits: tries unwrapped, the live references renamed to the field (or the one request rewritten with its
    /// per-call setup), the setup and Dispose() statements removed, the declaration removed or its using unwrapped.
    /// False when per-call setup has no single request to go onto.
    /// </summary>
    private static bool TryPlanEdits(SyntaxNode owner, LocalClientSetup setup, List<IdentifierNameSyntax> live, List<TryStatementSyntax> unwrapped, SemanticModel model, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        foreach (var tryStatement in unwrapped)
        {
            edits.Add((editor, _) => editor.ReplaceNode(tryStatement, (current, _) => ((TryStatementSyntax)current).Block.WithTriviaFrom(current)));
        }

        if (setup.PerCallBaseAddress is { } onlyBaseAddress && setup.PerCallHeaders.Count == 0 && setup.Authorization is null)
        {
            // Only the base address is per call: every request on the client gets an absolute URI.
            if (!TryPlanAbsoluteRequests(owner, onlyBaseAddress, live, model, edits, cancellationToken))
            {
                return false;
            }
        }
        else if (setup.IsPerRequest)
        {
            // Exactly one request, of a shape that maps onto HttpRequestMessage: in place, or (GetStringAsync awaited as a
            // statement's value) as the request, its response and the read.
            var asStatements = live.Count == 1 && StringRequest.TryPlan(live[0], setup.PerCallHeaders, setup.Authorization, setup.PerCallBaseAddress, model, edits, cancellationToken);
            if (!asStatements)
            {
                if (live.Count != 1 || RequestOf(live[0]) is not { } request)
                {
                    return false;
                }

                edits.Add((editor, name) => editor.ReplaceNode(request.Invocation, (current, _) => SendRequest((InvocationExpressionSyntax)current, request.Method, request.HasContent, name, setup.PerCallHeaders, setup.Authorization, setup.PerCallBaseAddress)));
            }
        }
        else
        {
            foreach (var reference in live)
            {
                edits.Add((editor, name) => editor.ReplaceNode(reference, SyntaxFactory.IdentifierName(name).WithTriviaFrom(reference)));
            }
        }

        foreach (var removedStatement in setup.Removed)
        {
            // A statement that moves into the factory method takes its comments along.
            var moves = setup.NeedsFactory && setup.Constant.Contains(removedStatement);
            edits.Add((editor, _) => editor.ReplaceNode(removedStatement, (current, _) => (moves ? current.WithoutLeadingTrivia() : current).WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)));
        }

        switch (owner)
        {
            case LocalDeclarationStatementSyntax localDeclaration:
                edits.Add((editor, _) => editor.ReplaceNode(localDeclaration, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)));
                break;
            case UsingStatementSyntax usingStatement:
                // using (var client = new HttpClient()) { body } -> { body }: the body stays, in its own scope.
                edits.Add((editor, _) => editor.ReplaceNode(usingStatement, (current, _) => ((UsingStatementSyntax)current).Statement.WithTriviaFrom(current)));
                break;
        }

        return true;
    }

    /// <summary><c>{ { name, value }, ... }</c>: a collection initializer of headers.</summary>
    private static InitializerExpressionSyntax HeaderInitializer(IEnumerable<(ExpressionSyntax Name, ExpressionSyntax Value)> headers) =>
        SyntaxFactory.InitializerExpression(SyntaxKind.CollectionInitializerExpression, SyntaxFactory.SeparatedList<ExpressionSyntax>(
            headers.Select(h => SyntaxFactory.InitializerExpression(SyntaxKind.ComplexElementInitializerExpression, SyntaxFactory.SeparatedList(new[] { h.Name.WithoutTrivia(), h.Value.WithoutTrivia() })))));

    /// <summary><c>client.GetAsync(url[, token])</c>, <c>DeleteAsync</c>, <c>PostAsync/PutAsync/PatchAsync(url, content[, token])</c>.</summary>
    private static (InvocationExpressionSyntax Invocation, string Method, bool HasContent)? RequestOf(IdentifierNameSyntax client)
    {
        if (client.Parent is not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member || member.Expression != client)
        {
            return null;
        }

        var count = invocation.ArgumentList.Arguments.Count;
        return member.Name.Identifier.ValueText switch
        {
            "GetAsync" when count is 1 or 2 => (invocation, "Get", false),
            "DeleteAsync" when count is 1 or 2 => (invocation, "Delete", false),
            "PostAsync" when count is 2 or 3 => (invocation, "Post", true),
            "PutAsync" when count is 2 or 3 => (invocation, "Put", true),
            "PatchAsync" when count is 2 or 3 => (invocation, "Patch", true),
            _ => null,
        };
    }

    /// <summary>
    /// <c>client.GetAsync(url, token)</c> with per-call headers becomes
    /// <c>s_httpClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { name, value } } }, token)</c>.
    /// </summary>
    private static InvocationExpressionSyntax SendRequest(InvocationExpressionSyntax current, string method, bool hasContent, string field, List<(ExpressionSyntax Name, ExpressionSyntax Value)> headers, ExpressionSyntax? authorization, ExpressionSyntax? baseAddress)
    {
        var arguments = current.ArgumentList.Arguments;
        var request = RequestMessage(arguments, method, hasContent, headers, authorization, baseAddress);
        var sendArguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(request) };
        var tokenIndex = hasContent ? 2 : 1;
        if (arguments.Count > tokenIndex)
        {
            sendArguments.Add(arguments[tokenIndex].WithoutTrivia());
        }

        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(field), SyntaxFactory.IdentifierName("SendAsync")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(sendArguments)))
            .WithTriviaFrom(current)
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
    }

    /// <summary><c>new HttpRequestMessage(HttpMethod.Get, url) { Content = ..., Headers = { ... } }</c> for a request's arguments.</summary>
    internal static ObjectCreationExpressionSyntax RequestMessage(SeparatedSyntaxList<ArgumentSyntax> arguments, string method, bool hasContent, List<(ExpressionSyntax Name, ExpressionSyntax Value)> headers, ExpressionSyntax? authorization, ExpressionSyntax? baseAddress)
    {
        var url = arguments[0].Expression.WithoutTrivia();
        if (baseAddress is not null)
        {
            // new Uri(baseAddress, url): what HttpClient did with its BaseAddress.
            url = SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("global::System.Uri").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(baseAddress.WithoutTrivia()), SyntaxFactory.Argument(url) })));
        }

        var members = new List<ExpressionSyntax>();
        if (hasContent)
        {
            members.Add(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Content"), arguments[1].Expression.WithoutTrivia()));
        }

        InitializerExpressionSyntax headerInitializer = authorization is not null
            ? SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(
                SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Authorization"), authorization.WithoutTrivia())))
            : HeaderInitializer(headers);
        if (headers.Count > 0 || authorization is not null)
        {
            members.Add(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Headers"), headerInitializer));
        }

        var request = SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpRequestMessage").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(SyntaxFactory.ParseExpression("global::System.Net.Http.HttpMethod." + method).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)),
                SyntaxFactory.Argument(url),
            })))
            .WithInitializer(members.Count == 0 ? null : SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(members)));
        return request;
    }

    private static bool IsDisposedAnywhere(TypeDeclarationSyntax type, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken) =>
        type.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Any(m => m.Name.Identifier.ValueText == "Dispose"
                && m.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(m.Expression, cancellationToken).Symbol, field));

    /// <summary>
    /// <c>new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = ..., Timeout = ... }</c>
    /// (with <c>MaxConnectionsPerServer = N</c> in an executable) where SocketsHttpHandler exists and the creation had no
    /// handler; otherwise the creation's own arguments.
    /// </summary>
    internal static ExpressionSyntax BuildInitializer(BaseObjectCreationExpressionSyntax creation, List<AssignmentExpressionSyntax> configuration, SocketsHandlerSettings? socketsHandler, HandlerLocal? handlerLocal, int? maxConnectionsPerServer, SemanticModel model, CancellationToken cancellationToken)
    {
        var arguments = creation.ArgumentList?.WithoutTrivia() ?? SyntaxFactory.ArgumentList();
        if (arguments.Arguments.Count > 0)
        {
            // The handler the call created (in place or in its local) is created once, with the limit BG0301 asks for.
            var handlerArgument = arguments.Arguments[0];
            var handler = handlerLocal is not null ? handlerLocal.Creation : creation.ArgumentList!.Arguments[0].Expression as BaseObjectCreationExpressionSyntax;
            if (handler is not null)
            {
                var shared = HandlerLocal.WithConnectionLimit(handler, maxConnectionsPerServer, model, cancellationToken).WithoutTrivia();
                arguments = arguments.ReplaceNode(handlerArgument, handlerArgument.WithExpression(shared));
            }
        }

        if (arguments.Arguments.Count == 0 && socketsHandler is not null)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            var settings = $"PooledConnectionLifetime = global::System.TimeSpan.FromMinutes({socketsHandler.LifetimeMinutes.ToString(invariant)})";
            if (socketsHandler.MaxConnectionsPerServer is { } maxConnections)
            {
                settings += $", MaxConnectionsPerServer = {maxConnections.ToString(invariant)}";
            }

            var handler = SyntaxFactory.ParseExpression($"new global::System.Net.Http.SocketsHttpHandler {{ {settings} }}")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(handler)));
        }

        var result = SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpClient").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
            .WithArgumentList(arguments);
        if (configuration.Count > 0)
        {
            result = result.WithInitializer(SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SeparatedList<ExpressionSyntax>(configuration.Select(c => c.WithoutTrivia()))));
        }

        return result;
    }

    /// <summary>A value that is the same on every call: literals, constants, static readonly members, and objects built from them.</summary>
    public static bool IsConstant(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is LiteralExpressionSyntax || model.GetConstantValue(expression, cancellationToken).HasValue)
        {
            return true;
        }

        switch (expression)
        {
            case BaseObjectCreationExpressionSyntax created:
                return (created.ArgumentList?.Arguments.All(a => IsConstant(a.Expression, model, cancellationToken)) ?? true)
                    && (created.Initializer?.Expressions.All(e => e is AssignmentExpressionSyntax a && IsConstant(a.Right, model, cancellationToken)) ?? true);
            case InvocationExpressionSyntax invocation:
                return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsStatic: true, ContainingType.SpecialType: SpecialType.None } method
                    && method.ContainingType.ToDisplayString() == "System.TimeSpan"
                    && invocation.ArgumentList.Arguments.All(a => IsConstant(a.Expression, model, cancellationToken));
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return model.GetSymbolInfo(expression, cancellationToken).Symbol is IFieldSymbol { IsStatic: true, IsReadOnly: true } or IFieldSymbol { IsConst: true };
            default:
                return false;
        }
    }
}
