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
            Task.FromResult<CodeAction?>(CodeAction.Create("Fix all BG0201", ct => FixAsync(fixAllContext, ct), fixAllContext.CodeActionEquivalenceKey));

        private static async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
        {
            var diagnostics = await FixAllDiagnostics.CollectAsync(context).ConfigureAwait(false);
            var solution = context.Solution;
            foreach (var group in diagnostics.Where(d => d.Location.IsInSource && IsFixable(d, out _)).GroupBy(d => d.Location.SourceTree))
            {
                var documentId = context.Solution.GetDocument(group.Key)?.Id;
                var document = documentId is null ? null : solution.GetDocument(documentId);
                if (document is null)
                {
                    continue;
                }

                var batch = group.ToImmutableArray();
                switch (context.CodeActionEquivalenceKey)
                {
                    case KeepHandlerKey:
                        solution = (await KeepSharedHandlersAsync(document, batch, cancellationToken).ConfigureAwait(false))?.Project.Solution ?? solution;
                        break;
                    case FactoryKey:
                        solution = await UseFactoryAsync(document, batch, cancellationToken).ConfigureAwait(false) ?? solution;
                        break;
                    default:
                        solution = (await UseSharedFieldsAsync(document, batch, cancellationToken).ConfigureAwait(false))?.Project.Solution ?? solution;
                        break;
                }
            }

            return solution;
        }
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

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // The analyzer's kind says which fixes fit; a client a factory returns has none (it escapes to its
            // callers, sharing it is their decision), nor has a diagnostic that lost its properties.
            if (!IsFixable(diagnostic, out var kind))
            {
                continue;
            }

            if (kind == FixKind.KeepSharedHandler)
            {
                await RegisterKeepHandlerAsync(context, diagnostic).ConfigureAwait(false);
            }
            else
            {
                await RegisterShareClientAsync(context, diagnostic).ConfigureAwait(false);
            }
        }
    }

    private static bool IsFixable(Diagnostic diagnostic, out FixKind kind) =>
        diagnostic.TryGetFixKind(out kind) && kind is FixKind.ShareClient or FixKind.KeepSharedHandler;

    private static async Task RegisterKeepHandlerAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        var kept = await KeepSharedHandlersAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
        if (kept is not null)
        {
            context.RegisterCodeFix(CodeAction.Create("Pass disposeHandler: false", _ => Task.FromResult(kept), KeepHandlerKey), diagnostic);
        }
    }

    private static async Task RegisterShareClientAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        var shared = await UseSharedFieldsAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
        if (shared is not null)
        {
            context.RegisterCodeFix(CodeAction.Create("Use a shared static HttpClient", _ => Task.FromResult(shared), SharedFieldKey), diagnostic);
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation
            && await FactoryClientPlan.ApplyAsync(context.Document, creation, context.CancellationToken).ConfigureAwait(false) is { } injected)
        {
            context.RegisterCodeFix(CodeAction.Create("Use IHttpClientFactory", _ => Task.FromResult(injected), FactoryKey), diagnostic);
        }
    }

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
            .Where(c => c.ArgumentList is { Arguments.Count: 1 })
            .ToList();
        if (creations.Count == 0)
        {
            return null;
        }

        var newRoot = root.ReplaceNodes(creations, (original, _) => original.WithArgumentList(original.ArgumentList!.AddArguments(
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression))
                .WithNameColon(SyntaxFactory.NameColon("disposeHandler")))));
        return document.WithSyntaxRoot(newRoot);
    }

    private static async Task<Document?> UseSharedFieldsAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return null;
        }

        var socketsHandler = SocketsHandlerFor(document, model.Compilation, root.SyntaxTree);

        var plans = new List<SharedClientPlan>();
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation
                && SharedClientPlan.TryCreate(creation, model, socketsHandler, cancellationToken) is { } plan)
            {
                plans.Add(plan);
            }
        }

        if (plans.Count == 0)
        {
            return null;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var group in plans.GroupBy(p => p.Type))
        {
            ShareFields(editor, group.Key, group, model, cancellationToken);
        }

        var newRoot = SyntaxEdits.RemoveMarkedStatements(editor.GetChangedRoot());
        return await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
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
            .GroupBy(v => SharedClientPlan.KeyOf(v.Initializer!.Value))
            .ToDictionary(g => g.Key, g => g.First().Identifier.ValueText);
        var newFields = new List<MemberDeclarationSyntax>();
        foreach (var plan in plans)
        {
            if (!fields.TryGetValue(plan.InitializerKey, out var name))
            {
                name = FieldName(type, taken);
                taken.Add(name);
                fields[plan.InitializerKey] = name;
                newFields.Add(Field(name, plan.Initializer));
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
