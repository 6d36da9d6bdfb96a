using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0201: "Use a shared static HttpClient" (a static readonly field replaces the creation, and its per-call lifetime
/// goes), and "Pass disposeHandler: false" for a per-call client over a shared handler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0201HttpClientPerCallCodeFixProvider)), Shared]
public sealed class BG0201HttpClientPerCallCodeFixProvider : CodeFixProvider
{
    internal const string SharedFieldKey = "BG0201.UseSharedStaticClient";
    internal const string KeepHandlerKey = "BG0201.PassDisposeHandlerFalse";
    internal const string FactoryKey = "BG0201.UseHttpClientFactory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.HttpClientPerCall);

    /// <summary>
    /// Fix All: the shared field and disposeHandler fixes work a document at a time (every creation with the same
    /// configuration in a type shares one field); the factory fix may also register clients in another document.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => SolutionFixAll.Instance;

    private sealed class SolutionFixAll : FixAllProvider
    {
        public static readonly SolutionFixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
            Task.FromResult<CodeAction?>(CodeAction.Create(
                "Fix all BG0201",
                ct => FixGuard.OrUnchangedAsync(fixAllContext.Solution, () => FixAsync(fixAllContext, ct), ct),
                fixAllContext.CodeActionEquivalenceKey));

        private static async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
        {
            // Each key fixes the reports of its own kind: disposeHandler: false only where the handler is shared.
            var key = context.CodeActionEquivalenceKey;
            var kind = key == KeepHandlerKey ? FixKind.KeepSharedHandler : FixKind.ShareClient;
            var diagnostics = await FixAllDiagnostics.CollectAsync(context).ConfigureAwait(false);
            return await FixEverywhereAsync(
                context.Solution,
                diagnostics.Where(d => IsFixable(d, out var diagnosticKind) && diagnosticKind == kind).ToList(),
                key ?? SharedFieldKey,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The fix of <paramref name="key"/> for every diagnostic, in the form that compiles in every target framework
    /// (see <see cref="TargetFrameworks"/>): a shared client computed for net472 is a plain <c>new HttpClient()</c>
    /// where the one computed for .NET 8 is built over a <c>SocketsHttpHandler</c>.
    /// </summary>
    private static Task<Solution> FixEverywhereAsync(Solution solution, IReadOnlyList<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var bySpan = new Dictionary<TextSpan, Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            bySpan[diagnostic.Location.SourceSpan] = diagnostic;
        }

        return TargetFrameworks.ApplyEverywhereAsync(
            solution,
            diagnostics.Select(d => FixSite.Of(solution, d)).OfType<FixSite>(),
            async (current, sites, ct) =>
            {
                var changed = current;
                foreach (var group in sites.GroupBy(site => site.Document))
                {
                    if (changed.GetDocument(group.Key) is not { } document)
                    {
                        continue;
                    }

                    var batch = group.Select(site => bySpan[site.Span]).ToImmutableArray();
                    changed = key switch
                    {
                        KeepHandlerKey => (await KeepSharedHandlersAsync(document, batch, ct).ConfigureAwait(false))?.Project.Solution ?? changed,
                        FactoryKey => await UseFactoryAsync(document, batch, ct).ConfigureAwait(false) ?? changed,
                        _ => (await UseSharedFieldsAsync(document, batch, ct).ConfigureAwait(false))?.Project.Solution ?? changed,
                    };
                }

                return changed;
            },
            cancellationToken);
    }

    /// <summary>The factory fix for every creation of a document, one at a time, so the factory is injected once.</summary>
    private static async Task<Solution?> UseFactoryAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Mark every creation first: injecting the factory moves the text under the spans that follow.
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return null;
        }

        var marks = new List<SyntaxAnnotation>();
        var creations = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation
                && !creations.ContainsKey(creation))
            {
                var mark = new SyntaxAnnotation();
                creations[creation] = mark;
                marks.Add(mark);
            }
        }

        document = document.WithSyntaxRoot(root.ReplaceNodes(creations.Keys, (original, current) => current.WithAdditionalAnnotations(creations[original])));
        Solution? changed = null;
        foreach (var mark in marks)
        {
            var currentRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is BaseObjectCreationExpressionSyntax creation
                && await FactoryClientPlan.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false) is { } withFactory)
            {
                changed = withFactory;
                document = withFactory.GetDocument(document.Id)!;
            }
        }

        return changed;
    }

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => FixGuard.RegisterAsync(context, RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            // The analyzer's kind says which fixes fit; a client a factory returns has none (it escapes to its
            // callers, sharing it is their decision), nor has a diagnostic that lost its properties.
            if (!IsFixable(diagnostic, out var kind))
            {
                continue;
            }

            var single = new[] { diagnostic };
            var actions = kind == FixKind.KeepSharedHandler
                ? new[] { ("Pass disposeHandler: false", KeepHandlerKey) }
                : new[] { ("Use a shared static HttpClient", SharedFieldKey), ("Use IHttpClientFactory", FactoryKey) };
            // The plan of each fix decides whether it is offered, in every target framework's copy of the file (the same
            // checks the edit makes, the reference searches included, no edit applied), and the edit is computed when the
            // action is previewed or applied (issue #16: the lightbulb waited for every edit, its clean-up and a compile
            // check per framework). The action keeps the compile check and leaves the code as it was should its result
            // not compile. A copy without the plan (SocketsHttpHandler or IHttpClientFactory missing on its framework)
            // sends the fix to the computed form: offered only when its result compiles in every framework.
            var linked = !context.Document.GetLinkedDocumentIds().IsEmpty;
            foreach (var (title, key) in actions)
            {
                if (await TargetFrameworks.PlansInEveryCopyAsync(context.Document, copy => HasEditAsync(copy, diagnostic, key, context.CancellationToken), context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => FixGuard.OrUnchangedAsync(solution, () => FixEverywhereAsync(solution, single, key, ct), ct), key),
                        diagnostic);
                }
                else if (linked && await FixEverywhereAsync(solution, single, key, context.CancellationToken).ConfigureAwait(false) is var changed && changed != solution)
                {
                    context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(changed), key), diagnostic);
                }
            }
        }
    }

    /// <summary>
    /// Whether the fix of <paramref name="key"/> has an edit for <paramref name="diagnostic"/>: the registration's check,
    /// made of the plan the edit itself starts from (<see cref="PlanSharedFieldsAsync"/>, <see cref="FactoryClientPlan.PrepareAsync"/>).
    /// </summary>
    private static async Task<bool> HasEditAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { } creation)
        {
            return false;
        }

        switch (key)
        {
            case KeepHandlerKey:
                return KeepsHandlerEdit(creation);
            case FactoryKey:
                return await FactoryClientPlan.PrepareAsync(document, creation, cancellationToken).ConfigureAwait(false) is not null;
            default:
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                return model is not null
                    && await PlanSharedFieldsAsync(document, model, root, ImmutableArray.Create(diagnostic), cancellationToken).ConfigureAwait(false) is { } planned
                    && (planned.Plans.Count > 0 || planned.Hoists.Count > 0);
        }
    }

    private static bool IsFixable(Diagnostic diagnostic, out FixKind kind) =>
        diagnostic.TryGetFixKind(out kind) && kind is FixKind.ShareClient or FixKind.KeepSharedHandler;

    private static async Task<Document?> KeepSharedHandlersAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return null;
        }

        var creations = diagnostics
            .Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>())
            .OfType<BaseObjectCreationExpressionSyntax>()
            .Where(KeepsHandlerEdit)
            .ToList();
        if (creations.Count == 0)
        {
            return null;
        }

        var newRoot = root.ReplaceNodes(creations, (original, _) => DisposeHandlerTrue(original) is { } argument
            ? original.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression).WithTriviaFrom(argument.Expression))
            : original.WithArgumentList(original.ArgumentList!.AddArguments(
                SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression))
                    .WithNameColon(SyntaxFactory.NameColon("disposeHandler")))));
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary><c>new HttpClient(handler)</c> gets <c>disposeHandler: false</c>, <c>new HttpClient(handler, true)</c> its <c>false</c>.</summary>
    private static bool KeepsHandlerEdit(BaseObjectCreationExpressionSyntax creation) =>
        creation.ArgumentList is { Arguments.Count: 1 } || DisposeHandlerTrue(creation) is not null;

    /// <summary>
    /// The <c>true</c> of <c>new HttpClient(handler, disposeHandler: true)</c> (or <c>new HttpClient(handler, true)</c>):
    /// a handler kept by the instance would be disposed by the first client.
    /// </summary>
    private static ArgumentSyntax? DisposeHandlerTrue(BaseObjectCreationExpressionSyntax creation) =>
        creation.ArgumentList is { Arguments: { Count: 2 } arguments }
        && arguments[1] is { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } } second
        && (second.NameColon is null ? arguments[0].NameColon is null : second.NameColon.Name.Identifier.ValueText == "disposeHandler")
            ? second
            : null;

    private static async Task<Document?> UseSharedFieldsAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return null;
        }

        var (plans, hoists) = await PlanSharedFieldsAsync(document, model, root, diagnostics, cancellationToken).ConfigureAwait(false);
        if (plans.Count == 0 && hoists.Count == 0)
        {
            return null;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var group in plans.GroupBy(p => p.Type))
        {
            ShareFields(editor, group.Key, group, model, cancellationToken);
        }

        foreach (var hoist in hoists)
        {
            hoist.Apply(editor);
        }

        var newRoot = SyntaxEdits.RemoveMarkedStatements(editor.GetChangedRoot());
        return await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How each creation of <paramref name="diagnostics"/> gets a shared client, in the order of the file: a shared field
    /// (a property handing out the client only when every use of it in the solution is safe), or, in top-level
    /// statements, the declaration moved before the loop. Creations with neither are left out.
    /// </summary>
    private static async Task<(List<SharedClientPlan> Plans, List<TopLevelLoopHoist> Hoists)> PlanSharedFieldsAsync(Document document, SemanticModel model, SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var socketsHandler = SocketsHandlerFor(document, model.Compilation, root.SyntaxTree);
        var isExecutable = ProjectKind.IsExecutable(model.Compilation.Options);
        int? maxConnections = isExecutable ? RuleOptions.MaxConnectionsPerServer(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider, root.SyntaxTree) : null;

        var plans = new List<SharedClientPlan>();
        var hoists = new List<TopLevelLoopHoist>();

        // In the order of the file, so the fields are numbered the same however the reports arrive (every target framework, Fix All).
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { } creation)
            {
                continue;
            }

            if (SharedClientPlan.TryCreate(creation, model, socketsHandler, maxConnections, cancellationToken) is { } plan
                && (plan.Property is null || await PropertyClientUses.AreSafeAsync(plan.Property, document.Project.Solution, isExecutable, cancellationToken).ConfigureAwait(false)))
            {
                plans.Add(plan);
            }
            else if (TopLevelLoopHoist.TryCreate(creation, model, socketsHandler, maxConnections, cancellationToken) is { } hoist)
            {
                hoists.Add(hoist);
            }
        }

        return (plans, hoists);
    }

    /// <summary>
    /// Points each plan of <paramref name="type"/> at a static readonly field: one the type already has with the same
    /// configuration, or a new one, shared by every creation with that configuration.
    /// </summary>
    private static void ShareFields(SyntaxEditor editor, TypeDeclarationSyntax type, IEnumerable<SharedClientPlan> plans, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetDeclaredSymbol(type, cancellationToken);
        var taken = new HashSet<string>(symbol?.GetMembers().Select(m => m.Name) ?? Enumerable.Empty<string>());

        // A static readonly HttpClient the type already has with the same configuration is reused.
        var fields = type.Members.OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword) && f.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            .SelectMany(f => f.Declaration.Variables)
            .Where(v => v.Initializer is not null)
            .GroupBy(v => ClientFactoryMethod.KeyOfExisting(type, v.Initializer!.Value))
            .ToDictionary(g => g.Key, g => g.First().Identifier.ValueText);
        var newFields = new List<MemberDeclarationSyntax>();
        var newMethods = new List<MemberDeclarationSyntax>();
        foreach (var plan in plans)
        {
            if (!fields.TryGetValue(plan.InitializerKey, out var name))
            {
                name = FieldName(type, taken);
                taken.Add(name);
                fields[plan.InitializerKey] = name;
                var initializer = plan.Initializer;
                if (plan.FactoryStatements.Count > 0)
                {
                    // Setup without an initializer form: the field calls a static factory method that runs it once.
                    var method = ClientFactoryMethod.Name(name, taken);
                    taken.Add(method);
                    newMethods.Add(ClientFactoryMethod.Create(method, plan.FactoryLocal, plan.Initializer, plan.FactoryStatements));
                    initializer = SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(method));
                }

                newFields.Add(Field(name, initializer));
            }

            plan.Apply(editor, name);
        }

        var firstNonField = type.Members.FirstOrDefault(m => m is not FieldDeclarationSyntax);
        if (firstNonField is not null)
        {
            editor.InsertBefore(firstNonField, newFields);
        }
        else
        {
            editor.ReplaceNode(type, (current, _) => ((TypeDeclarationSyntax)current).AddMembers(newFields.ToArray()));
        }

        if (newMethods.Count > 0)
        {
            editor.ReplaceNode(type, (current, _) => ((TypeDeclarationSyntax)current).AddMembers(newMethods.ToArray()));
        }
    }

    /// <summary>
    /// The SocketsHttpHandler a shared client gets, where the type exists. In an executable it also sets
    /// MaxConnectionsPerServer to what BG0301's fix writes, so the fixed field is not BG0301's next report; a library
    /// leaves the limit to the app (BG0301 does not ask for it there).
    /// </summary>
    private static SocketsHandlerSettings? SocketsHandlerFor(Document document, Compilation compilation, SyntaxTree tree)
    {
        if (compilation.GetTypeByMetadataName("System.Net.Http.SocketsHttpHandler") is null)
        {
            return null;
        }

        var provider = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider;
        var lifetime = RuleOptions.GetPositiveInt(provider, tree, RuleOptions.BG0201PooledConnectionLifetimeMinutes, RuleOptions.DefaultPooledConnectionLifetimeMinutes);
        int? maxConnections = ProjectKind.IsExecutable(compilation.Options) ? RuleOptions.MaxConnectionsPerServer(provider, tree) : null;
        return new SocketsHandlerSettings(lifetime, maxConnections);
    }

    /// <summary>s_httpClient, or the type's own convention for static fields (_httpClient, s_httpClient), unique in the type.</summary>
    private static string FieldName(TypeDeclarationSyntax type, HashSet<string> taken)
    {
        var staticFields = type.Members.OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword))
            .SelectMany(f => f.Declaration.Variables.Select(v => v.Identifier.ValueText))
            .ToList();
        var prefix = staticFields.Any(n => n.StartsWith("s_", System.StringComparison.Ordinal)) || staticFields.Count == 0 ? "s_"
            : staticFields.All(n => n.StartsWith("_", System.StringComparison.Ordinal)) ? "_"
            : "s_";
        var name = prefix + "httpClient";
        for (var i = 2; taken.Contains(name); i++)
        {
            name = prefix + "httpClient" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static FieldDeclarationSyntax Field(string name, ExpressionSyntax initializer) =>
        SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpClient").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
