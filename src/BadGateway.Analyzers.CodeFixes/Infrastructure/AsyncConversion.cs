using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Turns blocking waits into awaits, and (in <see cref="Mode.MakeAsync"/>) the synchronous methods around them into
/// async ones together with their callers, across the solution. All edits of one run are planned first and applied
/// together, so the fix of one wait and Fix All over many share one code path and never conflict.
/// </summary>
internal sealed partial class AsyncConversion
{
    private const string AsyncSuffix = "Async";

    /// <summary>How many levels of callers <see cref="CallerCanAwaitAsync"/> follows before it assumes an await.</summary>
    private const int CallerDepth = 4;

    /// <summary>
    /// How many reference searches beyond the method's own one decision about making it async may make (each caller
    /// asked whether it can be made async needs the search of its own callers) before it assumes an await, since a
    /// lightbulb waits for them. None for a public caller where public API changes too (<see cref="Mode.MakeAsyncChangingPublicApi"/>):
    /// a public method's public callers fan out fast, and each search of a widely used one costs tens of milliseconds
    /// (NBitcoin's <c>Utils.ReadEx</c>: a 228 ms fix list with three), so such a caller is judged without its own callers.
    /// </summary>
    private const int CallerSearches = 3;

    /// <summary>Marks each declaration <see cref="Mode.MakeAsync"/> made async, in the changed solution.</summary>
    public static readonly SyntaxAnnotation MadeAsync = new("BadGateway.MadeAsync");

    private readonly Solution _solution;
    private readonly Mode _mode;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<DocumentId, (SemanticModel Model, SyntaxNode Root)> _documents = new();
    private readonly Dictionary<DocumentId, List<Edit>> _edits = new();
    private readonly Dictionary<ISymbol, string> _converting = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _notConvertible = new(SymbolEqualityComparer.Default);

    /// <summary>The methods whose callers <see cref="SomeCallerCanAwaitAsync"/> is asking about, so that a call from one of them (recursion) counts as blocking.</summary>
    private readonly HashSet<ISymbol> _checkingCallers = new(SymbolEqualityComparer.Default);

    /// <summary>Each method's references (<see cref="FindCallersAsync"/>), searched once per run.</summary>
    private readonly Dictionary<ISymbol, List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>?> _callers = new(SymbolEqualityComparer.Default);

    private readonly List<LambdaCheck> _lambdaChecks = new();
    private readonly HashSet<SyntaxNode> _sites = new();
    private readonly HashSet<SyntaxNode> _madeAsyncInPlace = new();
    private readonly HashSet<(DocumentId Document, TextSpan Span)> _blockingLambdas;

    /// <summary>What is left of <see cref="CallerSearches"/> for the decision <see cref="TryConvertAsync"/> is making.</summary>
    private int _searchesLeft;

    /// <summary>
    /// Decisions only (<see cref="PlansAsync"/>): whether the member around the wait is converted or wrapped, without the
    /// edits of its callers, which never decide that (a caller that cannot await keeps a blocking boundary) and are the
    /// costly part: one reference search per caller made async, up the whole call chain.
    /// </summary>
    private readonly bool _decisionsOnly;

    private AsyncConversion(Solution solution, Mode mode, HashSet<(DocumentId, TextSpan)> blockingLambdas, CancellationToken cancellationToken, bool decisionsOnly = false)
    {
        _solution = solution;
        _mode = mode;
        _blockingLambdas = blockingLambdas;
        _cancellationToken = cancellationToken;
        _decisionsOnly = decisionsOnly;
    }

    public enum Mode
    {
        /// <summary>Await where the code around is already async (or a lambda that can become async). No signature changes.</summary>
        UseAwait,

        /// <summary>Make the synchronous method around the wait async, and its callers, up the call chain.</summary>
        MakeAsync,

        /// <summary>As <see cref="MakeAsync"/>, public API of a library included whatever <c>bg0101.convert_public_api</c> says.</summary>
        MakeAsyncChangingPublicApi,

        /// <summary>Keep the method as a wrapper of a new async sibling (AsyncConversion.Sibling.cs).</summary>
        AddAsyncSibling,
    }

    /// <summary>What can be done for one blocking wait.</summary>
    public sealed record SiteFixes(bool CanUseAwait, string? MethodToMakeAsync);

    /// <summary>Which of the two fixes applies to the wait reported at <paramref name="span"/>.</summary>
    public static async Task<SiteFixes> InspectAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null || !TryFindCall(root, model, span, out var call, cancellationToken) || AwaitRewrite.TryPlan(call, model, cancellationToken) is null)
        {
            return new SiteFixes(false, null);
        }

        if (TryPlanSelectLoop(call.Operation.Syntax, model, cancellationToken) is not null)
        {
            return new SiteFixes(true, null);
        }

        var function = AsyncContext.EnclosingFunction(call.Operation.Syntax);
        if (function is null
            || !(AsyncContext.AwaitAllowedAt(call.Operation.Syntax, function) || AsyncContext.AwaitAllowedOnceAsyncIterator(call.Operation.Syntax, function))
            || AsyncContext.IsInConditionalAccess(call.Operation.Syntax))
        {
            return new SiteFixes(false, null);
        }

        return AsyncContext.Classify(function) switch
        {
            FunctionKind.Async or FunctionKind.TopLevel => new SiteFixes(true, null),
            FunctionKind.SyncLambda when SyncMethodAroundParallelForEach(function, model, cancellationToken) is { } outer => new SiteFixes(false, outer.Identifier.ValueText),
            FunctionKind.SyncLambda => new SiteFixes(
                IsEventHandlerLambda(function, model, cancellationToken)
                    || IsParallelForEachBody(function, model, cancellationToken)
                    || IsContinuationLambda(function, model, cancellationToken)
                    || (IsLambdaArgument(function) && MayBindOverloadForAsyncDelegates(function, model, cancellationToken)),
                null),
            FunctionKind.SyncMethod when PlanMakeTaskReturningMethodAsync(function, model, cancellationToken) is not null => new SiteFixes(true, null),
            FunctionKind.SyncMethod => new SiteFixes(false, model.GetDeclaredSymbol(function, cancellationToken)?.Name),
            _ => new SiteFixes(false, GetterProperty(function)?.Identifier.ValueText ?? ConvertibleConstructor(function)?.Identifier.ValueText ?? WrappableAccessorName(function)),
        };
    }

    /// <summary>Applies the fix to every wait at <paramref name="sites"/>; sites that cannot be fixed are left as they are.</summary>
    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(DocumentId Document, TextSpan Span)> sites, Mode mode, CancellationToken cancellationToken)
    {
        var remaining = sites.ToList();
        var blockingLambdas = new HashSet<(DocumentId, TextSpan)>();
        for (var attempt = 0; attempt < 3 && remaining.Count > 0; attempt++)
        {
            var conversion = new AsyncConversion(solution, mode, blockingLambdas, cancellationToken);
            foreach (var (document, span) in remaining)
            {
    cancellationToken.ThrowIfCancellationRequested();
                await conversion.AddSiteAsync(document, span).ConfigureAwait(false);
            }

            var changed = await conversion.ApplyEditsAsync().ConfigureAwait(false);
            var failed = await conversion.FailedLambdaChecksAsync(changed).ConfigureAwait(false);
            if (failed.Count == 0)
            {
                return changed;
            }

            // A lambda that changes its call's meaning once async (Select(x => x.Result)) keeps its wait; a caller's
            // lambda that cannot return the task keeps the blocking boundary.
            remaining = remaining.Where(site => !failed.Any(f => f.Document == site.Document && f.LambdaSpan.Contains(site.Span))).ToList();
            blockingLambdas.UnionWith(failed);
        }

        return solution;
    }

    /// <summary>
    /// Whether <paramref name="mode"/> plans an edit for the wait at <paramref name="span"/>: the conversion's own
    /// decisions about the member around the wait, without writing the edits and without planning its callers (see
    /// <see cref="_decisionsOnly"/>). False when it plans none (<see cref="ApplyAsync"/> then changes nothing); null when
    /// a check of the edited code is left at the wait itself (a lambda made async), which only the edits can settle.
    /// </summary>
    public static async Task<bool?> PlansAsync(Solution solution, DocumentId document, TextSpan span, Mode mode, CancellationToken cancellationToken)
    {
        var conversion = new AsyncConversion(solution, mode, new HashSet<(DocumentId, TextSpan)>(), cancellationToken, decisionsOnly: true);
        await conversion.AddSiteAsync(document, span).ConfigureAwait(false);
        return conversion._edits.Count == 0 ? false : conversion._lambdaChecks.Count == 0 ? true : null;
    }

    private static bool TryFindCall(SyntaxNode root, SemanticModel model, TextSpan span, out BlockingCall call, CancellationToken cancellationToken)
    {
        call = default;
        var types = KnownTypes.Create(model.Compilation);
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        foreach (var candidate in node.AncestorsAndSelf().Take(6))
        {
            if (model.GetOperation(candidate, cancellationToken) is { } operation
                && BlockingCall.TryCreate(operation, types, out call, cancellationToken)
                && call.FlaggedToken.Span == span)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLambdaArgument(SyntaxNode lambda) =>
        lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax or ObjectCreationExpressionSyntax } };

    private async Task<(SemanticModel Model, SyntaxNode Root)?> GetDocumentAsync(DocumentId id)
    {
        if (_documents.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var document = _solution.GetDocument(id);
        if (document is null)
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return null;
        }

        _documents[id] = (model, root);
        return (model, root);
    }

    private void AddEdit(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> replace, bool isDeclaration = false)
    {
        if (!_edits.TryGetValue(document, out var list))
        {
            _edits[document] = list = new List<Edit>();
        }

        list.Add(new Edit(node, replace, isDeclaration));
    }

    private async Task AddSiteAsync(DocumentId documentId, TextSpan span)
    {
        if (await GetDocumentAsync(documentId).ConfigureAwait(false) is not var (model, root)
            || !TryFindCall(root, model, span, out var call, _cancellationToken)
            || AwaitRewrite.TryPlan(call, model, _cancellationToken) is not { } rewrite)
        {
            return;
        }

        var syntax = call.Operation.Syntax;
        if (_mode == Mode.UseAwait && TryPlanSelectLoop(syntax, model, _cancellationToken) is { } selectLoop)
        {
            // A wait in a Select materialised at once: a loop (AsyncConversion.SelectLoop.cs).
            TryAddSelectLoop(documentId, selectLoop, model);
            return;
        }

        var function = AsyncContext.EnclosingFunction(syntax);
        // An iterator can only get the wrapper, whose sibling is an async iterator (AsyncConversion.IteratorWrapper.cs):
        // the switch below sends it there as the synchronous method it is.
        if (function is null
            || AsyncContext.IsInConditionalAccess(syntax)
            || !(AsyncContext.AwaitAllowedAt(syntax, function) || (_mode == Mode.AddAsyncSibling && AsyncContext.AwaitAllowedOnceAsyncIterator(syntax, function))))
        {
            return;
        }

        switch (AsyncContext.Classify(function))
        {
            case FunctionKind.Async:
            case FunctionKind.TopLevel:
                AddSite(documentId, syntax, rewrite);
                break;

            case FunctionKind.SyncLambda when _mode == Mode.UseAwait && IsEventHandlerLambda(function, model, _cancellationToken):
                AddSite(documentId, syntax, rewrite);
                AddAsyncHandler(documentId, function);
                break;

            case FunctionKind.SyncLambda when _mode == Mode.UseAwait && IsParallelForEachBody(function, model, _cancellationToken):
                AddSite(documentId, syntax, rewrite);
                AddForEachAsync(documentId, function);
                break;

            case FunctionKind.SyncLambda when _mode != Mode.UseAwait && SyncMethodAroundParallelForEach(function, model, _cancellationToken) is { } outer:
                if (await TryConvertAroundParallelForEachAsync(documentId, function, outer, model).ConfigureAwait(false))
                {
                    AddSite(documentId, syntax, rewrite);
                }

                break;

            case FunctionKind.SyncLambda when _mode == Mode.UseAwait && IsContinuationLambda(function, model, _cancellationToken):
                AddSite(documentId, syntax, rewrite);
                AddContinuation(documentId, function);
                break;

            case FunctionKind.SyncLambda when _mode == Mode.UseAwait && IsLambdaArgument(function):
                AddSite(documentId, syntax, rewrite);
                AddLambdaCheck(documentId, function, model, current => MakeLambdaAsync((AnonymousFunctionExpressionSyntax)current));

                break;

            case FunctionKind.SyncMethod when TryMakeTaskReturningAsync(documentId, function, model):
                AddSite(documentId, syntax, rewrite);
                break;

            case FunctionKind.SyncMethod when _mode == Mode.AddAsyncSibling:
                if (model.GetDeclaredSymbol(function, _cancellationToken) is IMethodSymbol wrapped
                    && await TryWrapAsync(wrapped).ConfigureAwait(false))
                {
                    AddSite(documentId, syntax, rewrite);
                }

                break;

            case FunctionKind.SyncMethod when _mode is Mode.MakeAsync or Mode.MakeAsyncChangingPublicApi:
                if (model.GetDeclaredSymbol(function, _cancellationToken) is IMethodSymbol method
                    && await TryConvertAsync(method).ConfigureAwait(false))
                {
                    AddSite(documentId, syntax, rewrite);
                }

                break;

            case FunctionKind.Other when _mode == Mode.AddAsyncSibling:
                if (await TryWrapAccessorAsync(documentId, function, model).ConfigureAwait(false))
                {
                    AddSite(documentId, syntax, rewrite);
                }
                else
                {
                    // The constructor's waits are rewritten by the wrapper itself (AsyncConversion.ConstructorWrapper.cs).
                    await TryWrapConstructorAsync(documentId, function, model).ConfigureAwait(false);
                }

                break;

            case FunctionKind.Other when _mode == Mode.MakeAsync:
                if (await TryConvertGetterAsync(documentId, function, model).ConfigureAwait(false)
                    || await TryConvertConstructorAsync(documentId, function, model, syntax).ConfigureAwait(false))
                {
                    AddSite(documentId, syntax, rewrite);
                }

                break;
        }
    }

    /// <summary>
    /// A method or local function that already returns a task but is not async (<c>Task&lt;Response&gt; HandleAsync(...)
    /// { var html = render().Result; return Task.FromResult(...); }</c>, often an override) becomes async in place: its
    /// signature stays, so neither its callers nor its base change. Planned once per method; false where that needs a
    /// signature change (see <see cref="PlanMakeTaskReturningMethodAsync"/>).
    /// </summary>
    private bool TryMakeTaskReturningAsync(DocumentId documentId, SyntaxNode function, SemanticModel model)
    {
        if (_madeAsyncInPlace.Contains(function))
        {
            return true;
        }

        if (PlanMakeTaskReturningMethodAsync(function, model, _cancellationToken) is not { } plan)
        {
            return false;
        }

        _madeAsyncInPlace.Add(function);
        foreach (var (node, replace) in plan)
        {
            AddEdit(documentId, node, replace, isDeclaration: node == function);
        }

        return true;
    }

    /// <summary>Plans the rewrite of one wait, once even when Fix All and a converted method both ask for it.</summary>
    private void AddSite(DocumentId documentId, SyntaxNode syntax, IReadOnlyList<RewriteEdit> rewrite)
    {
        if (_sites.Add(syntax))
        {
            foreach (var edit in rewrite)
            {
                AddEdit(documentId, edit.Node, edit.Replace);
            }
        }
    }

    /// <summary>
    /// A method made async gets every wait BG0101 reports in its own body rewritten too: once it is async, each of them
    /// can be awaited, and the result does not depend on which wait the fix started from.
    /// </summary>
    private void AddWaitsOf(DocumentId documentId, SyntaxNode declaration, SemanticModel model)
    {
        var types = KnownTypes.Create(model.Compilation);
        foreach (var node in declaration.DescendantNodes())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (node is not (MemberAccessExpressionSyntax or InvocationExpressionSyntax)
                || AsyncContext.EnclosingFunction(node) is not { } function
                || model.GetOperation(node, _cancellationToken) is not { } operation
                || !BG0101BlockingWaitAnalyzer.IsReportedWait(operation, types, out var call, _cancellationToken)
                || (function != declaration && SyncMethodAroundParallelForEach(function, model, _cancellationToken) != declaration)
                || !(AsyncContext.AwaitAllowedAt(node, function) || (function == declaration && AsyncContext.AwaitAllowedOnceAsyncIterator(node, function)))
                || AsyncContext.IsInConditionalAccess(call.Operation.Syntax)
                || AwaitRewrite.TryPlan(call, model, _cancellationToken) is not { } rewrite)
            {
                continue;
            }

            AddSite(documentId, call.Operation.Syntax, rewrite);
            if (function != declaration)
            {
                // A Parallel.ForEach body in the method made async: the loop becomes ForEachAsync.
                AddForEachAsync(documentId, function);
            }
        }
    }

    /// <summary>Plans making <paramref name="method"/> async, renaming it, and updating every caller; false when it cannot be.</summary>
    private async Task<bool> TryConvertAsync(IMethodSymbol method)
    {
        method = (IMethodSymbol)method.OriginalDefinition;
        if (_converting.ContainsKey(method))
        {
            return true;
        }

        if (IsInHierarchy(method))
        {
            return await TryConvertFamilyAsync(method).ConfigureAwait(false);
        }

        if (_notConvertible.Contains(method) || await ConvertibleDeclarationAsync(method).ConfigureAwait(false) is not var (declaringDocument, declaration, model))
        {
            _notConvertible.Add(method);
            return false;
        }

        var isEventHandler = IsEventHandler(method, model.Compilation);
        _searchesLeft = CallerSearches;
        if (await FindCallersAsync(method, isEventHandler).ConfigureAwait(false) is not { } callers
            || !await SomeCallerCanAwaitAsync(method, callers, depth: 0).ConfigureAwait(false))
        {
            // A method group (a delegate, an event subscription): its type would change. Or no caller can await MAsync()
            // (each is where no await can go, or in a method that cannot be made async, such as an override or public API
            // of a library): each would block on MAsync() instead, so the wait would only move up a level, once per caller.
            _notConvertible.Add(method);
            return false;
        }

        var newName = NewName(method, isEventHandler);
        _converting[method] = newName;
        AddEdit(declaringDocument.Id, declaration, current => ChangeSignature(current, method, newName, isEventHandler).WithAdditionalAnnotations(MadeAsync), isDeclaration: true);
        AddWaitsOf(declaringDocument.Id, declaration, model);
        await AddCallerEditsAsync(callers, newName).ConfigureAwait(false);
        return true;
    }

    /// <summary>Plans the edit of each caller of a method renamed to <paramref name="newName"/>: await, convert, or keep a boundary.</summary>
    private async Task AddCallerEditsAsync(IEnumerable<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)> callers, string newName)
    {
        if (_decisionsOnly)
        {
            return;
        }

        foreach (var (documentId, name, invocation) in callers)
        {
    _cancellationToken.ThrowIfCancellationRequested();
            if (invocation is null)
            {
                AddEdit(documentId, name, current => current is SimpleNameSyntax simple ? SyntaxEdits.Rename(simple, newName) : current);
                continue;
            }

            var callerFunction = AsyncContext.EnclosingFunction(invocation);
            var canAwait = CanAwaitAt(invocation, callerFunction);
            var awaitIt = canAwait && AsyncContext.Classify(callerFunction) switch
            {
                FunctionKind.Async or FunctionKind.TopLevel => true,
                FunctionKind.SyncMethod when await GetDocumentAsync(documentId).ConfigureAwait(false) is var (callerModel, _)
                    && TryMakeTaskReturningAsync(documentId, callerFunction!, callerModel) => true,
                FunctionKind.SyncMethod => await TryConvertCallerAsync(documentId, callerFunction!).ConfigureAwait(false),
                _ => false,
            };

            if (!awaitIt && await TryReturnTaskFromLambdaAsync(documentId, callerFunction, invocation).ConfigureAwait(false))
            {
                AddEdit(documentId, invocation, current => SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, newName).WithTriviaFrom(current));
                continue;
            }

            AddEdit(documentId, invocation, current => awaitIt
                ? AwaitRewrite.Await(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, newName), current)
                : Boundary(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, newName), current));
        }
    }

    /// <summary>
    /// <c>Task.Run(() => Loop())</c>: a lambda whose whole body is the call can return the task instead of blocking on
    /// it (<c>Task.Run(() => LoopAsync())</c>), where the call then binds an overload made for async delegates; checked
    /// after the edit like an async lambda, else the caller keeps the blocking boundary. Lambdas that failed that check
    /// in an earlier attempt are not tried again.
    /// </summary>
    private async Task<bool> TryReturnTaskFromLambdaAsync(DocumentId documentId, SyntaxNode? callerFunction, InvocationExpressionSyntax invocation)
    {
        if (callerFunction is not LambdaExpressionSyntax { ExpressionBody: { } body } lambda
            || body != invocation
            || lambda.AsyncKeyword.RawKind != 0
            || !IsLambdaArgument(lambda)
            || _blockingLambdas.Contains((documentId, lambda.Span))
            || await GetDocumentAsync(documentId).ConfigureAwait(false) is not var (model, _))
        {
            return false;
        }

        AddLambdaCheck(documentId, lambda, model, current => current);
        return true;
    }

    /// <summary>
    /// Plans <paramref name="edit"/> of a lambda passed as an argument, once, and records what its call binds now, so
    /// <see cref="FailedLambdaChecksAsync"/> can tell whether the edited lambda still means the same.
    /// </summary>
    private void AddLambdaCheck(DocumentId documentId, SyntaxNode lambda, SemanticModel model, Func<SyntaxNode, SyntaxNode> edit)
    {
        if (_lambdaChecks.Any(c => c.Lambda == lambda))
        {
            return;
        }

        var annotation = new SyntaxAnnotation();
        var callTakingLambda = lambda.Parent!.Parent!.Parent!;
        _lambdaChecks.Add(new LambdaCheck(
            documentId,
            lambda,
            annotation,
            model.GetTypeInfo(callTakingLambda, _cancellationToken).Type?.ToDisplayString(),
            model.GetSymbolInfo(callTakingLambda, _cancellationToken).Symbol?.OriginalDefinition));
        AddEdit(documentId, lambda, current => edit(current).WithAdditionalAnnotations(annotation), isDeclaration: true);
    }

    /// <summary>
    /// Whether <paramref name="document"/> is another target framework's copy of a file that <paramref name="project"/>
    /// compiles too. Roslyn's searches also return what the linked copies hold (the same call, the same implementation,
    /// in each target framework's project); planning an edit there as well would write the file once per copy, differently.
    /// </summary>
    private static bool IsLinkedCopyOfAFileIn(Document document, ProjectId? project) =>
        project is not null
        && document.Project.Id != project
        && document.GetLinkedDocumentIds().Any(id => id.ProjectId == project);

    /// <summary>
    /// Each place a reference search found, once: for a file linked into several target frameworks' projects the search
    /// returns one result per copy's symbol, each with the same locations, and an edit planned twice at one node (an
    /// await added twice) breaks the code.
    /// </summary>
    private static IEnumerable<ReferenceLocation> DistinctLocations(IEnumerable<ReferencedSymbol> references) =>
        references.SelectMany(r => r.Locations).GroupBy(l => (l.Document.Id, l.Location.SourceSpan)).Select(g => g.First());

    /// <summary>
    /// Each place in source a reference search found, once, whichever target frameworks' copies of the file hold it: the
    /// copy in <paramref name="project"/> (the declaring one) where it holds the reference, else the first other copy
    /// that does. A caller that only other frameworks compile (a file or block in <c>#if !NETFRAMEWORK</c>, inactive in
    /// the declaring copy) is still a caller: skipping it left a call of the old name (elastic-transport-net's
    /// HttpRequestInvoker.cs on the real-world corpus, CS1061 in four of five target frameworks after Fix All).
    /// </summary>
    private static IEnumerable<ReferenceLocation> OnePerPlace(IEnumerable<ReferencedSymbol> references, ProjectId? project) =>
        references.SelectMany(r => r.Locations)
            .GroupBy(l => (Place: l.Document.FilePath ?? l.Document.Id.Id.ToString(), l.Location.SourceSpan))
            .Select(g => g.Any(l => l.Document.Project.Id == project) ? g.First(l => l.Document.Project.Id == project) : g.First());

    /// <summary>The project whose compilation declares <paramref name="symbol"/> in source, or null.</summary>
    private ProjectId? ProjectOf(ISymbol symbol) =>
        symbol.DeclaringSyntaxReferences.FirstOrDefault() is { } reference ? _solution.GetDocument(reference.SyntaxTree)?.Project.Id : null;

    /// <summary>Whether <paramref name="symbol"/> is declared in another target framework's copy of a file <paramref name="project"/> compiles.</summary>
    private bool IsDeclaredInALinkedCopy(ISymbol symbol, ProjectId? project) =>
        symbol.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
        && _solution.GetDocument(reference.SyntaxTree) is { } document
        && IsLinkedCopyOfAFileIn(document, project);

    /// <summary>
    /// Every reference to <paramref name="method"/> in every target framework: a call (with its invocation) or a
    /// <c>nameof</c> (without); null where one is a method group. An event handler is only subscribed, so it has no
    /// callers to change.
    /// </summary>
    private async Task<List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>?> FindCallersAsync(IMethodSymbol method, bool isEventHandler)
    {
        if (_callers.TryGetValue(method, out var known))
        {
            return known;
        }

        var found = await FindCallersUncachedAsync(method, isEventHandler).ConfigureAwait(false);
        _callers[method] = found;
        return found;
    }

    private async Task<List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>?> FindCallersUncachedAsync(IMethodSymbol method, bool isEventHandler)
    {
        var callers = new List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)>();
        if (isEventHandler)
        {
            return callers;
        }

        var references = await ReferenceSearch.FindReferencesAsync(method, _solution, _cancellationToken).ConfigureAwait(false);
        var project = ProjectOf(method);
        foreach (var location in OnePerPlace(references, project))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (location.IsImplicit || await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (_, callerRoot))
            {
                continue;
            }

            var name = callerRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            var expression = name.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? memberAccess : name;
            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
            {
                callers.Add((location.Document.Id, name, invocation));
            }
            else if (name.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
            {
                callers.Add((location.Document.Id, name, null));
            }
            else
            {
                return null;
            }
        }

        return callers;
    }

    /// <summary>
    /// Whether at least one call of <paramref name="method"/> would await <c>MAsync()</c> once it is made async, rather than
    /// block on it (<see cref="Boundary"/>). A <c>nameof</c> is no call; a method with no calls is made async as asked.
    /// </summary>
    private async Task<bool> SomeCallerCanAwaitAsync(IMethodSymbol method, List<(DocumentId Document, SyntaxNode Name, InvocationExpressionSyntax? Invocation)> callers, int depth)
    {
        if (!callers.Any(caller => caller.Invocation is not null))
        {
            return true;
        }

        _checkingCallers.Add(method);
        try
        {
            foreach (var (documentId, _, invocation) in callers)
            {
                if (invocation is not null && await CallerCanAwaitAsync(documentId, invocation, depth).ConfigureAwait(false))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            _checkingCallers.Remove(method);
        }
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> would await the method made async, as <see cref="AddCallerEditsAsync"/>
    /// decides it, without planning anything: it is in async code; or in a sync method that can be made async in place,
    /// or converted (asked the same question of its own callers, up to <see cref="CallerDepth"/> levels, beyond which it
    /// is assumed); or it is the whole body of a lambda, which returns the task instead. A call where no await can stand
    /// (a sync iterator, a conditional access), in a constructor, an accessor or another sync lambda, or in a method that
    /// cannot be made async (an override, public API of a library) would block, and so would a call from the method
    /// itself (recursion) or from a method of the chain being checked.
    /// </summary>
    private async Task<bool> CallerCanAwaitAsync(DocumentId documentId, InvocationExpressionSyntax invocation, int depth)
    {
        var function = AsyncContext.EnclosingFunction(invocation);
        if (function is LambdaExpressionSyntax { ExpressionBody: { } body } lambda && body == invocation)
        {
            // Counted even where an earlier attempt found that the lambda cannot return the task (Select(t => Get(t)):
            // see ApplyAsync), so that every attempt, and the lightbulb's plan, which makes none, decide alike.
            return lambda.AsyncKeyword.RawKind != 0 || IsLambdaArgument(lambda);
        }

        if (!CanAwaitAt(invocation, function))
        {
            return false;
        }

        switch (AsyncContext.Classify(function))
        {
            case FunctionKind.Async or FunctionKind.TopLevel:
                return true;

            case FunctionKind.SyncMethod:
                if (await GetDocumentAsync(documentId).ConfigureAwait(false) is not var (model, _))
                {
                    return false;
                }

                if (_madeAsyncInPlace.Contains(function!) || PlanMakeTaskReturningMethodAsync(function!, model, _cancellationToken) is not null)
                {
                    return true;
                }

                if (model.GetDeclaredSymbol(function!, _cancellationToken) is not IMethodSymbol symbol)
                {
                    return false;
                }

                var caller = (IMethodSymbol)symbol.OriginalDefinition;
                if (_converting.ContainsKey(caller) || depth >= CallerDepth)
                {
                    // Already planned; or far enough up the chain that the reference searches would cost more than the
                    // answer is worth.
                    return true;
                }

                if (IsInHierarchy(caller))
                {
                    // The conversion of its family decides (AsyncConversion.Hierarchy.cs): every member must be able to change.
                    return await FamilyCanChangeAsync(caller).ConfigureAwait(false);
                }

                return await CanBeConvertedAsync(caller, depth + 1).ConfigureAwait(false);

            default:
                return false;
        }
    }

    /// <summary>What <see cref="TryConvertAsync"/> asks of a method before converting it, without planning anything.</summary>
    private async Task<bool> CanBeConvertedAsync(IMethodSymbol method, int depth)
    {
        if (_notConvertible.Contains(method)
            || _checkingCallers.Contains(method)
            || await ConvertibleDeclarationAsync(method).ConfigureAwait(false) is not var (_, _, model))
        {
            return false;
        }

        if (!_callers.ContainsKey(method) && ((_mode != Mode.MakeAsync && IsExternallyVisible(method)) || _searchesLeft-- <= 0))
        {
            // Public API where it changes too, or out of reference searches for this decision (a lightbulb waits for
            // them): assumed, as beyond CallerDepth.
            return true;
        }

        return await FindCallersAsync(method, IsEventHandler(method, model.Compilation)).ConfigureAwait(false) is { } callers
            && await SomeCallerCanAwaitAsync(method, callers, depth).ConfigureAwait(false);
    }

    /// <summary>The one source declaration of <paramref name="method"/>, where <see cref="CanConvert"/> allows making it async; else null.</summary>
    private async Task<(Document Document, SyntaxNode Declaration, SemanticModel Model)?> ConvertibleDeclarationAsync(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Length != 1
            || _solution.GetDocument(method.DeclaringSyntaxReferences[0].SyntaxTree) is not { } document
            || await GetDocumentAsync(document.Id).ConfigureAwait(false) is not var (model, _)
            || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not { } declaration
            || !CanConvert(method, declaration, model, document))
        {
            return null;
        }

        return (document, declaration, model);
    }

    /// <summary>Whether an await can stand at the call once its function is async (the caller edits' first question).</summary>
    private static bool CanAwaitAt(InvocationExpressionSyntax invocation, SyntaxNode? function) =>
        function is not null && AsyncContext.AwaitAllowedAt(invocation, function) && !AsyncContext.IsInConditionalAccess(invocation);

    private async Task<bool> TryConvertCallerAsync(DocumentId documentId, SyntaxNode callerFunction)
    {
        var document = await GetDocumentAsync(documentId).ConfigureAwait(false);
        return document?.Model.GetDeclaredSymbol(callerFunction, _cancellationToken) is IMethodSymbol caller
            && await TryConvertAsync(caller).ConfigureAwait(false);
    }

    private bool CanConvert(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, Document document)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.IsAsync || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
            || method.ReturnsByRef || method.ReturnsByRefReadonly
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || !method.ExplicitInterfaceImplementations.IsEmpty
            || method.ContainingType?.TypeKind == TypeKind.Interface
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || IsAwaitable(method.ReturnType)
            || ImplementsInterfaceMember(method))
        {
            return false;
        }

        if (declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || AsyncContext.IsIterator(declaration)
            || !AsyncContext.AwaitAllowedAt(declaration, declaration))
        {
            return false;
        }

        var body = declaration is MethodDeclarationSyntax m ? (SyntaxNode?)m.Body ?? m.ExpressionBody : ((LocalFunctionStatementSyntax)declaration).Body ?? (SyntaxNode?)((LocalFunctionStatementSyntax)declaration).ExpressionBody;
        if (body is null || HoldsRefLikeState(body, model))
        {
            return false;
        }

        return _mode == Mode.MakeAsyncChangingPublicApi || MayChangeSignature(method, document, declaration.SyntaxTree, model.Compilation);
    }

    /// <summary>
    /// Whether <paramref name="body"/> holds what an async method cannot: a <c>ref</c> or ref-struct local (<c>Span&lt;T&gt;</c>)
    /// or a <c>stackalloc</c>.
    /// </summary>
    private bool HoldsRefLikeState(SyntaxNode body, SemanticModel model) =>
        body.DescendantNodes().Any(n =>
            n is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
            || (n is VariableDeclarationSyntax v && (v.Type is RefTypeSyntax || model.GetTypeInfo(v.Type, _cancellationToken).Type?.IsRefLikeType == true)));

    /// <summary>Whether <c>bg0101.convert_public_api = true</c> applies to <paramref name="tree"/>.</summary>
    private static bool ConvertsPublicApi(Document document, SyntaxTree tree) =>
        RuleOptions.GetBool(
            document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree),
            RuleOptions.BG0101ConvertPublicApi,
            defaultValue: false);

    /// <summary>Externally visible API of a library: changing its signature breaks consumers the solution cannot see.</summary>
    private static bool IsPublicApiOfLibrary(ISymbol symbol, Compilation compilation) =>
        compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary && IsExternallyVisible(symbol);

    /// <summary>Whether a conversion may change the signature of <paramref name="symbol"/>: it is not public API of a library, or the option says so.</summary>
    private static bool MayChangeSignature(ISymbol symbol, Document document, SyntaxTree tree, Compilation compilation) =>
        ConvertsPublicApi(document, tree) || !IsPublicApiOfLibrary(symbol, compilation);

    /// <summary>
    /// Awaitable, or a type parameter constrained to one: a member returning either is not made async. An unconstrained
    /// type parameter is not: <c>T M()</c> becomes <c>Task&lt;T&gt; MAsync()</c>, and <c>await MAsync()</c> gives each caller
    /// the same <c>T</c> it got, a task included.
    /// </summary>
    private static bool IsAwaitable(ITypeSymbol type) =>
        KnownTypes.IsAwaitable(type) || (type is ITypeParameterSymbol parameter && parameter.ConstraintTypes.Any(IsAwaitable));

    private static bool ImplementsInterfaceMember(IMethodSymbol method) =>
        method.ContainingType is { } type
        && type.AllInterfaces.SelectMany(i => i.GetMembers().OfType<IMethodSymbol>())
            .Any(member => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method));

    private static bool IsExternallyVisible(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEventHandler(IMethodSymbol method, Compilation compilation) =>
        method.ReturnsVoid
        && method.Parameters.Length == 2
        && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
        && KnownTypes.IsOrDerivesFrom(method.Parameters[1].Type, compilation.GetTypeByMetadataName("System.EventArgs"));

    private static bool IsMain(IMethodSymbol method) => method.IsStatic && method.Name == "Main";

    /// <summary>M becomes MAsync, unless it has the suffix, is Main or an event handler, or the name is taken.</summary>
    private static string NewName(IMethodSymbol method, bool isEventHandler)
    {
        if (isEventHandler || IsMain(method) || method.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
        {
            return method.Name;
        }

        var name = method.Name + AsyncSuffix;
        var taken = method.MethodKind == MethodKind.LocalFunction
            ? false
            : method.ContainingType.GetMembers(name).Any() || method.ContainingType.BaseType?.GetMembers(name).Any() == true;
        return taken ? method.Name : name;
    }

    private static SyntaxNode ChangeSignature(SyntaxNode current, IMethodSymbol method, string newName, bool isEventHandler) =>
        SyntaxEdits.WithAsync(
            current,
            isEventHandler ? null : returnType => TaskOf(method.ReturnsVoid ? null : returnType),
            newName);

    /// <summary><c>Task</c>, or <c>Task&lt;T&gt;</c> for a result type; simplified with a using added.</summary>
    private static TypeSyntax TaskOf(TypeSyntax? result)
    {
        var tasks = SyntaxFactory.ParseName("global::System.Threading.Tasks");
        SimpleNameSyntax task = result is null
            ? SyntaxFactory.IdentifierName("Task")
            : SyntaxFactory.GenericName(SyntaxFactory.Identifier("Task"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(result.WithoutTrivia())));
        return SyntaxFactory.QualifiedName(tasks, task).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    private static AnonymousFunctionExpressionSyntax MakeLambdaAsync(AnonymousFunctionExpressionSyntax lambda)
    {
        var first = lambda.GetFirstToken();
        var withAsync = lambda.ReplaceToken(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return withAsync.WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space));
    }

    /// <summary>Where a caller cannot be async: <c>MAsync().GetAwaiter().GetResult()</c>, which BG0101 keeps reporting.</summary>
    private static ExpressionSyntax Boundary(InvocationExpressionSyntax invocation, SyntaxNode replaced)
    {
        var getAwaiter = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, invocation.WithoutTrivia(), SyntaxFactory.IdentifierName("GetAwaiter")));
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getAwaiter, SyntaxFactory.IdentifierName("GetResult")))
            .WithTriviaFrom(replaced);
    }

    private async Task<Solution> ApplyEditsAsync()
    {
        var solution = _solution;
        foreach (var pair in _edits)
        {
    _cancellationToken.ThrowIfCancellationRequested();
            var document = _solution.GetDocument(pair.Key);
            if (document is null)
            {
                continue;
            }

            var editor = await DocumentEditor.CreateAsync(document, _cancellationToken).ConfigureAwait(false);

            // Inner nodes first, so an edit around another sees the result of the inner one; signatures last.
            foreach (var edit in pair.Value.OrderBy(e => e.IsDeclaration).ThenBy(e => e.Node.Span.Length))
            {
                editor.ReplaceNode(edit.Node, (current, _) => edit.Replace(current));
            }

            var root = AwaitRewrite.SpliceMarkedBlocks(SyntaxEdits.RemoveMarkedStatements(RemoveDroppedReturns(editor.GetChangedRoot())));
            solution = solution.WithDocumentSyntaxRoot(pair.Key, SplitWrappers(root));
        }

        foreach (var id in _edits.Keys)
        {
            var document = await DocumentCleanup.CleanupAsync(solution.GetDocument(id)!, _cancellationToken).ConfigureAwait(false);
            solution = document.Project.Solution;
        }

        return solution;
    }

    /// <summary>Lambdas made async whose call changed type or stopped compiling.</summary>
    private async Task<List<(DocumentId Document, TextSpan LambdaSpan)>> FailedLambdaChecksAsync(Solution changed)
    {
        var failed = new List<(DocumentId, TextSpan)>();
        foreach (var check in _lambdaChecks)
        {
    _cancellationToken.ThrowIfCancellationRequested();
            var document = changed.GetDocument(check.Document);
            var root = document is null ? null : await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
            var lambda = root?.GetAnnotatedNodes(check.Annotation).FirstOrDefault();
            var call = lambda?.Parent?.Parent?.Parent;
            if (model is null || lambda is null || call is null
                || model.GetTypeInfo(call, _cancellationToken).Type?.ToDisplayString() != check.CallType
                || !BindsOverloadForAsyncDelegates(model, call, lambda, check.MethodBefore)
                || model.GetDiagnostics(call.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                failed.Add((check.Document, check.Lambda.Span));
            }
        }

        return failed;
    }

    /// <summary>
    /// An async lambda keeps the program's meaning only where the call then binds a different overload made for async
    /// delegates: its parameter, as declared, is a delegate returning Task/ValueTask (<c>Task.Run(Func&lt;Task&gt;)</c>).
    /// Type inference of the same method (<c>AddSingleton&lt;T&gt;(Func&lt;IServiceProvider, T&gt;)</c>, <c>Select</c>,
    /// <c>GetOrAdd</c>) would turn <c>T</c> into <c>Task&lt;T&gt;</c>, and a void delegate (<c>new Thread(...)</c>,
    /// <c>List.ForEach</c>) into async void: both compile and do something else.
    /// </summary>
    private bool BindsOverloadForAsyncDelegates(SemanticModel model, SyntaxNode call, SyntaxNode lambda, ISymbol? methodBefore)
    {
        if (model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol method
            || methodBefore is null
            || SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, methodBefore)
            || lambda.Parent is not ArgumentSyntax argument
            || model.GetOperation(call, _cancellationToken) is not { } operation)
        {
            return false;
        }

        var arguments = operation switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        var parameter = arguments.FirstOrDefault(a => a.Syntax == argument)?.Parameter;
        return parameter is not null && TakesAsyncDelegate(parameter.OriginalDefinition);
    }

    /// <summary>A parameter, as declared, of a delegate type returning Task/ValueTask (<c>Func&lt;Task&gt;</c>): what an async lambda binds to keep its meaning.</summary>
    private static bool TakesAsyncDelegate(IParameterSymbol parameter) =>
        parameter.Type is INamedTypeSymbol { DelegateInvokeMethod.ReturnType: INamedTypeSymbol returned } && KnownTypes.IsAwaitable(returned);

    private sealed record Edit(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Replace, bool IsDeclaration);

    private sealed record LambdaCheck(DocumentId Document, SyntaxNode Lambda, SyntaxAnnotation Annotation, string? CallType, ISymbol? MethodBefore);
}
