using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0101: "Use await" where the code around is async (or a lambda that can be), and
/// "Make 'M' async and update callers" in a synchronous method; for public API of a library and members the framework
/// calls, first "Add 'MAsync' and keep 'M' as a wrapper" (for <c>Dispose</c>: "Implement IAsyncDisposable ...").
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BG0101BlockingWaitCodeFixProvider)), Shared]
public sealed class BG0101BlockingWaitCodeFixProvider : CodeFixProvider
{
    internal const string UseAwaitKey = "BG0101.UseAwait";
    internal const string MakeAsyncKey = "BG0101.MakeAsync";
    internal const string MakeAsyncChangingPublicApiKey = "BG0101.MakeAsyncChangingPublicApi";
    internal const string AddAsyncSiblingKey = "BG0101.AddAsyncSibling";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingWait);

    public override FixAllProvider GetFixAllProvider() => BatchedFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => FixGuard.RegisterAsync(context, RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var span = diagnostic.Location.SourceSpan;
            var fixes = await AsyncConversion.InspectAsync(context.Document, span, context.CancellationToken).ConfigureAwait(false);
            var solution = context.Document.Project.Solution;
            var sites = new[] { new FixSite(context.Document.Id, span) };

            // A wait written directly in async code: "Use await" is decided by the cheap check, in every target
            // framework's copy of the file, and computed when the action is previewed or applied (issue #16); the action
            // keeps the compile check and leaves the code as it was should its result not compile. Its edit stays inside
            // the wait (the function is async already), so a copy whose framework does not compile the wait at all (the
            // other branch of an #if, as elastic-transport-net's sync paths for netstandard2.0) cannot be broken by it.
            if (fixes.CanUseAwait
                && await TargetFrameworks.PlansInEveryCopyAsync(
                    context.Document,
                    async copy => (copy.Id != context.Document.Id && await TargetFrameworks.IsInactiveAsync(copy, span, context.CancellationToken).ConfigureAwait(false))
                        || await AsyncConversion.IsAwaitInAsyncCodeAsync(copy, span, context.CancellationToken).ConfigureAwait(false),
                    context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use await", ct => FixGuard.OrUnchangedAsync(solution, () => ConvertEverywhereAsync(solution, sites, AsyncConversion.Mode.UseAwait, ct), ct), UseAwaitKey),
                    diagnostic);
                continue;
            }

            // Otherwise the conversion is computed here, so an action is only offered when it changes something that
            // compiles in every target framework of the project.
            if (fixes.CanUseAwait)
            {
                var changed = await ConvertEverywhereAsync(solution, sites, AsyncConversion.Mode.UseAwait, context.CancellationToken).ConfigureAwait(false);
                if (changed != solution)
                {
                    context.RegisterCodeFix(CodeAction.Create("Use await", _ => Task.FromResult(changed), UseAwaitKey), diagnostic);
                }
            }

            if (fixes.MethodToMakeAsync is { } method)
            {
                var sibling = await AsyncConversion.InspectSiblingAsync(context.Document, span, context.CancellationToken).ConfigureAwait(false);
                if (!await TryRegisterPlannedAsync(context, diagnostic, sites, method, sibling).ConfigureAwait(false))
                {
                    await RegisterSiblingAndMakeAsync(context, diagnostic, sites, method, sibling).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The wrapper and Make async (or, for public API of a library, the breaking conversion) decided by the conversions'
    /// plans alone, and computed when the action is previewed or applied (issue #16: the eager form kept the lightbulb
    /// waiting up to seconds). Only when every plan asked is settled without a check of the edited code, and, in a file
    /// linked into several target frameworks, comes out the same in every framework's copy; false otherwise, and the
    /// caller computes them (<see cref="RegisterSiblingAndMakeAsync"/>). Same actions, titles and order as that method.
    /// </summary>
    private static async Task<bool> TryRegisterPlannedAsync(CodeFixContext context, Diagnostic diagnostic, FixSite[] sites, string method, AsyncConversion.SiblingInfo? sibling)
    {
        var document = context.Document;
        var solution = document.Project.Solution;
        var span = diagnostic.Location.SourceSpan;
        // Each mode's plans start on a thread of their own, so the modes below run side by side in a file of one framework too.
        Task<bool?> Plans(AsyncConversion.Mode mode) => Task.Run(
            async () =>
            {
                var planned = await TargetFrameworks.InEveryCopyAsync(document, copy => AsyncConversion.PlansAsync(solution, copy.Id, span, mode, context.CancellationToken), context.CancellationToken).ConfigureAwait(false);
                return planned.All(p => p == true) ? true : planned.All(p => p == false) ? (bool?)false : null;
            },
            context.CancellationToken);

        // Side by side, as the computed conversions below: the lightbulb waits for the slower plan, not their sum.
        var wrapperPlan = sibling is null ? Task.FromResult<bool?>(false) : Plans(AsyncConversion.Mode.AddAsyncSibling);
        var makeAsyncPlan = Plans(AsyncConversion.Mode.MakeAsync);
        var wrapperPlanned = await wrapperPlan.ConfigureAwait(false);
        var makeAsyncPlanned = await makeAsyncPlan.ConfigureAwait(false);
        if (wrapperPlanned is not { } wraps || makeAsyncPlanned is not { } makesAsync)
        {
            return false;
        }

        var makeAsyncMode = AsyncConversion.Mode.MakeAsync;
        if (!makesAsync && sibling is { IsPublicApiOfLibrary: true } && wraps)
        {
            if (await Plans(AsyncConversion.Mode.MakeAsyncChangingPublicApi).ConfigureAwait(false) is not { } breaks)
            {
                return false;
            }

            makesAsync = breaks;
            makeAsyncMode = AsyncConversion.Mode.MakeAsyncChangingPublicApi;
        }

        CodeAction Lazy(string title, AsyncConversion.Mode mode) =>
            CodeAction.Create(title, ct => FixGuard.OrUnchangedAsync(solution, () => ConvertEverywhereAsync(solution, sites, mode, ct), ct), KeyOf(mode));
        if (wraps && sibling is not null)
        {
            context.RegisterCodeFix(Lazy(WrapperTitle(sibling), AsyncConversion.Mode.AddAsyncSibling), diagnostic);
        }

        if (makesAsync)
        {
            context.RegisterCodeFix(Lazy(MakeAsyncTitle(method, sibling), makeAsyncMode), diagnostic);
        }

        return true;
    }

    private static string WrapperTitle(AsyncConversion.SiblingInfo sibling) =>
        sibling.Title ?? (sibling.IsDispose
            ? "Implement IAsyncDisposable and keep 'Dispose' as a wrapper"
            : $"Add '{sibling.Method}Async' and keep '{sibling.Method}' as a wrapper");

    private static string MakeAsyncTitle(string method, AsyncConversion.SiblingInfo? sibling) =>
        $"Make '{method}' async and update callers" + (sibling is { IsPublicApiOfLibrary: true } ? " (changes public API)" : string.Empty);

    /// <summary>
    /// "Add 'MAsync' and keep 'M' as a wrapper" first, where it applies, then "Make 'M' async and update callers".
    /// Each is a whole conversion with its compile check, so which is offered is known only once it is computed; they
    /// are computed side by side (issue #16: the lightbulb waits for the slowest instead of their sum), and registered
    /// in the same order and on the same results as one after the other.
    /// </summary>
    private static async Task RegisterSiblingAndMakeAsync(CodeFixContext context, Diagnostic diagnostic, FixSite[] sites, string method, AsyncConversion.SiblingInfo? sibling)
    {
        var solution = context.Document.Project.Solution;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var token = stop.Token;
        Task<Solution> Start(AsyncConversion.Mode mode) => Task.Run(() => ConvertEverywhereAsync(solution, sites, mode, token), token);

        // The breaking conversion is needed only when Make async stops at the public API and the wrapper is offered:
        // started at once for public API of a library (where that is the usual outcome), cancelled when not needed.
        var wrapper = sibling is null ? null : Start(AsyncConversion.Mode.AddAsyncSibling);
        var makeAsync = Start(AsyncConversion.Mode.MakeAsync);
        var breaking = sibling is { IsPublicApiOfLibrary: true } ? Start(AsyncConversion.Mode.MakeAsyncChangingPublicApi) : null;
        try
        {
            var wrapped = false;
            if (wrapper is not null && sibling is not null && await wrapper.ConfigureAwait(false) is var withWrapper && withWrapper != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(WrapperTitle(sibling), _ => Task.FromResult(withWrapper), AddAsyncSiblingKey), diagnostic);
                wrapped = true;
            }

            var changed = await makeAsync.ConfigureAwait(false);
            var key = MakeAsyncKey;
            // Never the first action: dotnet format and Fix All apply the first action of a report, and a change of
            // public API must be chosen by hand. Where the wrapper is not offered, neither is the breaking conversion.
            if (changed == solution && breaking is not null && wrapped)
            {
                // Issue #15: the breaking conversion stays available after the wrapper, and says what it breaks.
                changed = await breaking.ConfigureAwait(false);
                key = MakeAsyncChangingPublicApiKey;
            }

            if (changed != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(MakeAsyncTitle(method, sibling), _ => Task.FromResult(changed), key), diagnostic);
            }
        }
        finally
        {
            // A conversion no longer needed (or left running by a failure) stops; its outcome is observed and dropped.
            stop.Cancel();
            foreach (var task in new[] { wrapper, makeAsync, breaking })
            {
                _ = task?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>The conversion, in the form that compiles in every target framework of the project (see <see cref="TargetFrameworks"/>).</summary>
    internal static Task<Solution> ConvertEverywhereAsync(Solution solution, IEnumerable<FixSite> sites, AsyncConversion.Mode mode, CancellationToken cancellationToken) =>
        TargetFrameworks.ApplyEverywhereAsync(
            solution,
            sites,
            async (current, batch, ct) =>
            {
                var converted = await AsyncConversion.ApplyAsync(current, batch.Select(site => (site.Document, site.Span)), mode, ct).ConfigureAwait(false);
                return mode != AsyncConversion.Mode.UseAwait
                    ? await SyncCallsInMethodsMadeAsync.FixAsync(current, converted, ct).ConfigureAwait(false)
                    : converted;
            },
            cancellationToken);

    private static string KeyOf(AsyncConversion.Mode mode) => mode switch
    {
        AsyncConversion.Mode.MakeAsync => MakeAsyncKey,
        AsyncConversion.Mode.MakeAsyncChangingPublicApi => MakeAsyncChangingPublicApiKey,
        AsyncConversion.Mode.AddAsyncSibling => AddAsyncSiblingKey,
        _ => UseAwaitKey,
    };

    /// <summary>
    /// Fix All: every wait in the scope goes through one <see cref="AsyncConversion"/>, which plans all edits of a member
    /// and of a call chain together, so two waits in one method or two methods on one chain never conflict.
    /// </summary>
    private sealed class BatchedFixAllProvider : FixAllProvider
    {
        public static readonly BatchedFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var (mode, title) = fixAllContext.CodeActionEquivalenceKey switch
            {
                MakeAsyncKey => (AsyncConversion.Mode.MakeAsync, "Make methods async and update callers"),
                MakeAsyncChangingPublicApiKey => (AsyncConversion.Mode.MakeAsyncChangingPublicApi, "Make methods async and update callers (changes public API)"),
                AddAsyncSiblingKey => (AsyncConversion.Mode.AddAsyncSibling, "Add async siblings and keep the methods as wrappers"),
                _ => (AsyncConversion.Mode.UseAwait, "Use await"),
            };
            return Task.FromResult<CodeAction?>(CodeAction.Create(
                title,
                ct => FixGuard.OrUnchangedAsync(fixAllContext.Solution, () => FixAsync(fixAllContext, mode, ct), ct),
                fixAllContext.CodeActionEquivalenceKey));
        }

        private static async Task<Solution> FixAsync(FixAllContext context, AsyncConversion.Mode mode, CancellationToken cancellationToken)
        {
            var diagnostics = await FixAllDiagnostics.CollectAsync(context).ConfigureAwait(false);

            // Asked with the first report's first action: every report gets its own first action (FirstActionFixAll.cs).
            if (await FirstActionFixAll.TryApplyAsync(context, diagnostics, context.CodeActionEquivalenceKey, KeyOf, ConvertEverywhereAsync, cancellationToken).ConfigureAwait(false) is { } each)
            {
                return each;
            }

            var solution = context.Solution;
            var sites = diagnostics.Select(d => FixSite.Of(solution, d)).OfType<FixSite>().ToList();
            return await ConvertEverywhereAsync(solution, sites, mode, cancellationToken).ConfigureAwait(false);
        }
    }
}
