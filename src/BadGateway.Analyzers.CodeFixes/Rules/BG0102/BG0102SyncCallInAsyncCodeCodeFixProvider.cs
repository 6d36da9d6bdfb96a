using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using NodeEdit = (Microsoft.CodeAnalysis.SyntaxNode Node, System.Func<Microsoft.CodeAnalysis.SyntaxNode, Microsoft.CodeAnalysis.SyntaxNode> Replace);

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>BG0102: <c>x.M(args)</c> → <c>await x.MAsync(args)</c>, <c>Thread.Sleep(n)</c> → <c>await Task.Delay(n)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0102SyncCallInAsyncCodeCodeFixProvider)), Shared]
public sealed class BG0102SyncCallInAsyncCodeCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "BG0102.UseAsyncSibling";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SyncCallInAsyncCode);

    /// <summary>Fix All plans each document's calls together, so two calls in one Task-returning method make it async once.</summary>
    public override FixAllProvider GetFixAllProvider() => SitesFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => FixGuard.RegisterAsync(context, RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(BG0102SyncCallInAsyncCodeAnalyzer.SiblingKey, out var sibling))
            {
                continue;
            }

            var sites = new[] { new FixSite(context.Document.Id, diagnostic.Location.SourceSpan) };

            // The plan (the call located as the analyzer reports it, and the edits it needs) decides, in every target
            // framework's copy of the file, and the edit is computed when the action is previewed or applied (issue #16:
            // the lightbulb waited for the cleanup and the compile check of every framework). The action keeps the
            // compile check and leaves the code as it was should its result not compile.
            var span = diagnostic.Location.SourceSpan;
            var reported = context.Document.Id;
            if (await TargetFrameworks.PlansInEveryCopyAsync(context.Document, copy => PlansAnEditAsync(copy, span, copy.Id == reported ? diagnostic : null, context.CancellationToken), context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use {sibling}", ct => FixGuard.OrUnchangedAsync(solution, () => FixEverywhereAsync(solution, sites, ct), ct), EquivalenceKey),
                    diagnostic);
                continue;
            }

            if (context.Document.GetLinkedDocumentIds().IsEmpty)
            {
                continue;
            }

            // A copy without the plan (its framework lacks the sibling, or the call is in its inactive code): computed
            // here, so the action is offered only when its result compiles in every framework.
            var changed = await FixEverywhereAsync(solution, sites, context.CancellationToken).ConfigureAwait(false);
            if (changed != solution)
            {
                context.RegisterCodeFix(CodeAction.Create($"Use {sibling}", _ => Task.FromResult(changed), EquivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>
    /// Whether the fix has an edit for the call at <paramref name="span"/>: the registration's cheap check (no edit applied,
    /// nothing compiled). In the copy the diagnostic was reported in (<paramref name="reported"/>), syntax settles most calls.
    /// </summary>
    internal static async Task<bool> PlansAnEditAsync(Document document, TextSpan span, Diagnostic? reported, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return false;
        }

        if (reported is not null && PlanFromSyntax(root, reported) is { } fromSyntax)
        {
            return fromSyntax;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return false;
        }

        var types = KnownTypes.Create(model.Compilation);
        if (LocateCall(root, span, model, types, new AsyncSiblings(model.Compilation, types), cancellationToken) is not { } call)
        {
            return false;
        }

        var edits = new List<NodeEdit>();
        PlanCall(call, model, types, edits, new Dictionary<SyntaxNode, IReadOnlyList<NodeEdit>>(), cancellationToken);
        return edits.Count > 0;
    }

    /// <summary>
    /// The plan's answer where syntax and the diagnostic settle it, or null where only the semantic model can (issue #16:
    /// the model binds the whole method around the call, and with nullable analysis a long async method took 53 to 102 ms
    /// of the lightbulb on nilaoda/N_m3u8DL-RE). The analyzer has found the sibling, ruled out the deliberate calls and
    /// said whether a span argument converts (<see cref="BG0102SyncCallInAsyncCodeAnalyzer.ArgumentsConvertKey"/>); what the
    /// plan adds is where an await may stand, which syntax answers, except for a null-conditional call (what its receiver
    /// is decides the null check) and a method that is not async yet (its callers decide).
    /// </summary>
    internal static bool? PlanFromSyntax(SyntaxNode root, Diagnostic diagnostic)
    {
        // Only the analyzer's own diagnostic says what the analyzer found; one made by hand is checked against the code.
        if (!diagnostic.Properties.TryGetValue(BG0102SyncCallInAsyncCodeAnalyzer.ArgumentsConvertKey, out var argumentsConvert))
        {
            return null;
        }

        if (argumentsConvert != bool.TrueString)
        {
            return false;
        }

        var span = diagnostic.Location.SourceSpan;
        var invocation = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null
            || BG0102SyncCallInAsyncCodeAnalyzer.NameLocation(invocation).SourceSpan != span
            || invocation.Expression is MemberBindingExpressionSyntax)
        {
            return null;
        }

        if (AsyncContext.IsInConditionalAccess(invocation)
            || AsyncContext.EnclosingFunction(invocation) is not { } function
            || !AsyncContext.AwaitAllowedAt(invocation, function))
        {
            return false;
        }

        return AsyncContext.Classify(function) switch
        {
            FunctionKind.Async or FunctionKind.TopLevel => true,
            FunctionKind.SyncMethod => null,
            _ => false,
        };
    }

    /// <summary>The fix of every site, in the form that compiles in every target framework (see <see cref="TargetFrameworks"/>).</summary>
    private static Task<Solution> FixEverywhereAsync(Solution solution, IEnumerable<FixSite> sites, CancellationToken cancellationToken) =>
        TargetFrameworks.ApplyEverywhereAsync(solution, sites, FixSitesAsync, cancellationToken);

    /// <summary>The fix of every site as computed (no target-framework check: the caller's own check covers it).</summary>
    internal static async Task<Solution> FixSitesAsync(Solution solution, IReadOnlyList<FixSite> sites, CancellationToken cancellationToken)
    {
        var changed = solution;
        foreach (var group in sites.GroupBy(site => site.Document))
        {
            if (solution.GetDocument(group.Key) is { } document
                && await FixDocumentAsync(document, group.Select(site => site.Span).ToImmutableArray(), cancellationToken).ConfigureAwait(false) is { } fixedDocument)
            {
                changed = changed.WithDocumentSyntaxRoot(group.Key, (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
            }
        }

        return changed;
    }

    private sealed class SitesFixAllProvider : FixAllProvider
    {
        public static readonly SitesFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
            Task.FromResult<CodeAction?>(CodeAction.Create(
                "Use the async siblings",
                ct => FixGuard.OrUnchangedAsync(fixAllContext.Solution, () => FixAsync(fixAllContext, ct), ct),
                fixAllContext.CodeActionEquivalenceKey));

        private static async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
        {
            var diagnostics = await FixAllDiagnostics.CollectAsync(context).ConfigureAwait(false);
            var sites = diagnostics.Select(d => FixSite.Of(context.Solution, d)).OfType<FixSite>().ToList();
            return await FixEverywhereAsync(context.Solution, sites, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<TextSpan> spans, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return null;
        }

        var types = KnownTypes.Create(model.Compilation);
        var siblings = new AsyncSiblings(model.Compilation, types);
        var edits = new List<NodeEdit>();
        var methodsToMakeAsync = new Dictionary<SyntaxNode, IReadOnlyList<NodeEdit>>();
        foreach (var span in spans)
        {
    cancellationToken.ThrowIfCancellationRequested();
            if (LocateCall(root, span, model, types, siblings, cancellationToken) is { } call)
            {
                PlanCall(call, model, types, edits, methodsToMakeAsync, cancellationToken);
            }
        }

        if (edits.Count == 0)
        {
            return null;
        }

        foreach (var makeAsync in methodsToMakeAsync.Values)
        {
            edits.AddRange(makeAsync);
        }

        var newRoot = ApplyEdits(root, document.Project.Solution.Workspace.Services, edits);
        return await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reported call at <paramref name="span"/> and the sibling to call instead; null where the fix would change what the code does.</summary>
    private static ReportedCall? LocateCall(SyntaxNode root, TextSpan span, SemanticModel model, KnownTypes types, AsyncSiblings siblings, CancellationToken cancellationToken)
    {
        var invocation = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || ContainingMember(model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken)) is not { } enclosing
            || BG0102SyncCallInAsyncCodeAnalyzer.ReportedSibling(operation, enclosing, types, siblings, out var isThreadSleep, cancellationToken) is not { } sibling
            || (!isThreadSleep && !siblings.ArgumentsConvert(operation, sibling)))
        {
            // A real span (stackalloc, a Span local, .AsSpan()) cannot be passed where the sibling takes Memory.
            return null;
        }

        // ReportedSibling, given the member as the analyzer is, has ruled out the deliberate pairs
        // (h.Handle(e); await h.HandleAsync(e);), which the fix would turn into the same call twice, and calls whose
        // sibling is the member or a function around the call (the fix would recurse forever).
        return new ReportedCall(invocation, operation, sibling, isThreadSleep);
    }

    /// <summary>The edits for one call: the awaited sibling, with <c>await using</c> and making its method async where needed.</summary>
    private static void PlanCall(ReportedCall call, SemanticModel model, KnownTypes types, List<NodeEdit> edits, Dictionary<SyntaxNode, IReadOnlyList<NodeEdit>> methodsToMakeAsync, CancellationToken cancellationToken)
    {
        var (invocation, operation, sibling, isThreadSleep) = call;

        // s?.Dispose(); as a statement: if (s is not null) await s.DisposeAsync();
        if (NullCheckedStatement(invocation, model, cancellationToken) is { } nullChecked)
        {
            if (AsyncContext.EnclosingFunction(invocation) is { } asyncFunction
                && AsyncContext.AwaitAllowedAt(invocation, asyncFunction)
                && AsyncContext.Classify(asyncFunction) is FunctionKind.Async or FunctionKind.TopLevel)
            {
                var tokenArgument = TokenArgumentFor(model, invocation, operation, sibling, types, cancellationToken);
                var keepConfigureAwait = AsyncContext.ConfiguresEveryAwait(asyncFunction);
                edits.Add((nullChecked.Statement, current => NullCheckedAwait((ExpressionStatementSyntax)current, nullChecked.Receiver, sibling.Name, tokenArgument, keepConfigureAwait, model.SyntaxTree.Options)));
            }

            return;
        }

        // a?.B().C(), x = a?.B(), F(a?.B()): an await cannot go inside a conditional access, and the call is not a
        // statement that can become a null check, so no fix (real code: elastic's s?.Dispose() mixed with other fixes).
        if (AsyncContext.IsInConditionalAccess(invocation))
        {
            return;
        }

        var function = AsyncContext.EnclosingFunction(invocation);
        if (function is null
            || !AsyncContext.AwaitAllowedAt(invocation, function)
            || !PlanMakeAsync(function, model, methodsToMakeAsync, cancellationToken))
        {
            return;
        }

        var token = TokenArgumentFor(model, invocation, operation, sibling, types, cancellationToken);
        var configureAwait = AsyncContext.ConfiguresEveryAwait(function);
        edits.Add((invocation, current => Rewrite((InvocationExpressionSyntax)current, isThreadSleep, sibling.Name, token, configureAwait)));
        PlanAwaitUsing(invocation, sibling, types, edits);
    }

    /// <summary>
    /// Whether an await can go into <paramref name="function"/>: it is async already, or a Task-returning method that can
    /// become async without a signature change (its plan kept in <paramref name="methodsToMakeAsync"/>, once per method).
    /// </summary>
    private static bool PlanMakeAsync(SyntaxNode function, SemanticModel model, Dictionary<SyntaxNode, IReadOnlyList<NodeEdit>> methodsToMakeAsync, CancellationToken cancellationToken)
    {
        switch (AsyncContext.Classify(function))
        {
            case FunctionKind.Async or FunctionKind.TopLevel:
                return true;
            case FunctionKind.SyncMethod when methodsToMakeAsync.ContainsKey(function):
                return true;
            case FunctionKind.SyncMethod when AsyncConversion.PlanMakeTaskReturningMethodAsync(function, model, cancellationToken) is { } makeAsync:
                methodsToMakeAsync.Add(function, makeAsync);
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>using var s = Open();</c> → <c>await using var s = await OpenAsync();</c> where the result is IAsyncDisposable.</summary>
    private static void PlanAwaitUsing(InvocationExpressionSyntax invocation, IMethodSymbol sibling, KnownTypes types, List<NodeEdit> edits)
    {
        var disposeAsync = types.IAsyncDisposable is not null
            && sibling.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } result
            && result.TypeArguments[0].AllInterfaces.Contains(types.IAsyncDisposable, SymbolEqualityComparer.Default);
        if (!disposeAsync || invocation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: { } usingOwner } } })
        {
            return;
        }

        switch (usingOwner)
        {
            case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword, AwaitKeyword.RawKind: 0 } declaration:
                edits.Add((declaration, current => AwaitUsing((LocalDeclarationStatementSyntax)current)));
                break;
            case UsingStatementSyntax { AwaitKeyword.RawKind: 0 } usingStatement:
                edits.Add((usingStatement, current => AwaitUsing((UsingStatementSyntax)current)));
                break;
        }
    }

    /// <summary>Applies the edits inner nodes first (shortest span first), so each sees the edits inside it; then drops the returns made-async methods no longer need.</summary>
    private static SyntaxNode ApplyEdits(SyntaxNode root, Microsoft.CodeAnalysis.Host.HostWorkspaceServices services, List<NodeEdit> edits)
    {
        var editor = new SyntaxEditor(root, services);
        foreach (var (node, replace) in edits.OrderBy(e => e.Node.Span.Length))
        {
            editor.ReplaceNode(node, (current, _) => replace(current));
        }

        return AsyncConversion.RemoveDroppedReturns(editor.GetChangedRoot());
    }

    private sealed record ReportedCall(InvocationExpressionSyntax Invocation, IInvocationOperation Operation, IMethodSymbol Sibling, bool IsThreadSleep);

    private static ExpressionSyntax Rewrite(InvocationExpressionSyntax current, bool isThreadSleep, string siblingName, ExpressionSyntax? token, bool configureAwait)
    {
        ExpressionSyntax call;
        if (isThreadSleep)
        {
            call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.Delay").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                current.ArgumentList.WithoutTrivia());
        }
        else
        {
            var renamed = SyntaxEdits.RenameCall(current, siblingName);
            if (token is not null)
            {
                renamed = renamed.WithArgumentList(renamed.ArgumentList.AddArguments(SyntaxFactory.Argument(token)));
            }

            call = renamed.WithoutTrivia();
        }

        if (configureAwait)
        {
            call = AwaitRewrite.ConfigureAwaitFalse(call);
        }

        return AwaitRewrite.Await(call, current);
    }

    /// <summary>The member a lambda or local function is in: the symbol the analyzer's operation action sees as containing.</summary>
    private static ISymbol? ContainingMember(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    private static ExpressionSyntax? TokenArgumentFor(SemanticModel model, InvocationExpressionSyntax invocation, IInvocationOperation operation, IMethodSymbol sibling, KnownTypes types, CancellationToken cancellationToken) =>
        sibling.Parameters.Length > operation.TargetMethod.Parameters.Length + (sibling.IsExtensionMethod ? 1 : 0)
            ? TokenArgument(model, invocation, sibling.Parameters[sibling.Parameters.Length - 1], types, cancellationToken)
            : null;

    /// <summary>
    /// <c>s?.M(args);</c> as a statement of a block, where <c>s</c> is a local, a parameter, <c>this</c> or a field (read
    /// twice by the rewrite, so nothing that runs code): the statement and its receiver. Anything else in a conditional
    /// access gets no fix (an await cannot go inside one).
    /// </summary>
    private static (ExpressionStatementSyntax Statement, ExpressionSyntax Receiver)? NullCheckedStatement(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation is not { Expression: MemberBindingExpressionSyntax, Parent: ConditionalAccessExpressionSyntax access }
            || access.WhenNotNull != invocation
            || access.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement)
        {
            return null;
        }

        for (ExpressionSyntax? receiver = access.Expression; receiver is not null;)
        {
            switch (model.GetSymbolInfo(receiver, cancellationToken).Symbol)
            {
                case ILocalSymbol { RefKind: RefKind.None }:
                case IParameterSymbol { RefKind: RefKind.None }:
                    return (statement, access.Expression);
                case IFieldSymbol field when receiver is IdentifierNameSyntax || field.IsStatic:
                    return (statement, access.Expression);
                case IFieldSymbol:
                    receiver = (receiver as MemberAccessExpressionSyntax)?.Expression;
                    if (receiver is ThisExpressionSyntax)
                    {
                        return (statement, access.Expression);
                    }

                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary><c>s?.M(args);</c> → <c>if (s is not null) await s.MAsync(args);</c> (<c>!= null</c> before C# 9).</summary>
    private static StatementSyntax NullCheckedAwait(ExpressionStatementSyntax current, ExpressionSyntax receiver, string siblingName, ExpressionSyntax? token, bool configureAwait, ParseOptions options)
    {
        var access = (ConditionalAccessExpressionSyntax)current.Expression;
        var binding = (InvocationExpressionSyntax)access.WhenNotNull;
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), ((MemberBindingExpressionSyntax)binding.Expression).Name.WithoutTrivia()),
            binding.ArgumentList);
        var awaited = (ExpressionSyntax)Rewrite(call, isThreadSleep: false, siblingName, token, configureAwait);
        var notNull = ((CSharpParseOptions)options).LanguageVersion >= LanguageVersion.CSharp9
            ? SyntaxFactory.IsPatternExpression(receiver.WithoutTrivia(), SyntaxFactory.UnaryPattern(SyntaxFactory.ConstantPattern(SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))))
            : (ExpressionSyntax)SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, receiver.WithoutTrivia(), SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
        return SyntaxFactory.IfStatement(notNull, SyntaxFactory.ExpressionStatement(awaited.WithoutTrivia()))
            .WithTriviaFrom(current)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The one CancellationToken parameter or local in scope, else <c>default</c> where the sibling requires one.</summary>
    private static ExpressionSyntax? TokenArgument(SemanticModel model, InvocationExpressionSyntax invocation, IParameterSymbol tokenParameter, KnownTypes types, CancellationToken cancellationToken)
    {
        var candidates = model.LookupSymbols(invocation.SpanStart)
            .Where(s => s is IParameterSymbol or ILocalSymbol)
            .Where(s => SymbolEqualityComparer.Default.Equals(s is IParameterSymbol p ? p.Type : ((ILocalSymbol)s).Type, types.CancellationToken))
            .Where(s => s is IParameterSymbol || s.DeclaringSyntaxReferences.All(r => r.Span.End <= invocation.SpanStart))
            .ToList();
        if (candidates.Count == 1)
        {
            return SyntaxFactory.IdentifierName(candidates[0].Name);
        }

        // No single token: rely on an optional one, or on the overload without it, before passing default.
        var sibling = (IMethodSymbol)tokenParameter.ContainingSymbol;
        var withoutToken = sibling.ContainingType.GetMembers(sibling.Name).OfType<IMethodSymbol>()
            .Any(m => m.Parameters.Length == sibling.Parameters.Length - 1 && m.IsStatic == sibling.IsStatic);
        return tokenParameter.IsOptional || withoutToken ? null : SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
    }

    private static SyntaxToken AwaitKeyword(SyntaxToken usingKeyword) =>
        SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(usingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);

    private static LocalDeclarationStatementSyntax AwaitUsing(LocalDeclarationStatementSyntax declaration) =>
        declaration.WithAwaitKeyword(AwaitKeyword(declaration.UsingKeyword)).WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia(SyntaxTriviaList.Empty));

    private static UsingStatementSyntax AwaitUsing(UsingStatementSyntax statement) =>
        statement.WithAwaitKeyword(AwaitKeyword(statement.UsingKeyword)).WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia(SyntaxTriviaList.Empty));
}
