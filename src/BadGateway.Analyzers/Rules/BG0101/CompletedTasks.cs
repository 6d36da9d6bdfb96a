using System;
using System.Collections.Generic;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// Proves that a task is already complete where it is waited on, so the wait cannot block (BG0101's known false positives):
/// a ContinueWith continuation's antecedent, a task awaited earlier (directly or through Task.WhenAll), a task guarded by
/// IsCompleted / IsCompletedSuccessfully / Status == RanToCompletion, and tasks made complete (Task.FromResult, ...).
/// </summary>
internal static partial class CompletedTasks
{
    public static bool IsComplete(IOperation site, IOperation task, KnownTypes types, CancellationToken cancellationToken)
    {
        task = BlockingCall.WithoutConfigureAwait(task);
        if (IsMadeComplete(task, types))
        {
            return true;
        }

        var symbols = TrackedSymbols(task, cancellationToken);
        if (symbols.Count > 0 && site is IInvocationOperation { TargetMethod.Name: "GetResult", Instance: { } instance }
            && instance.WithoutConversions() is ILocalReferenceOperation awaiter)
        {
            // A stored awaiter is as good as its task: its IsCompleted guards the GetResult (`if (!awaiter.IsCompleted) {...; return;}`).
            symbols.Add(awaiter.Local);
        }

        if (symbols.Count == 0)
        {
            return IsMemberChainGuarded(site, task, cancellationToken);
        }

        return IsContinuationAntecedent(task)
            || IsGuarded(site, symbols, cancellationToken)
            || IsAwaitedBefore(site, symbols, cancellationToken)
            || IsWaitedBefore(site, symbols, types, cancellationToken)
            || IsElementOfCompletedCollection(task, types, cancellationToken)
            || IsLocalMadeComplete(site, task, types, cancellationToken);
    }

    /// <summary>
    /// The symbols whose completion proves <paramref name="task"/> complete: the variable itself, and for an element
    /// (<c>tasks[0]</c>, a foreach variable over <c>tasks</c>) the collection.
    /// </summary>
    private static List<ISymbol> TrackedSymbols(IOperation task, CancellationToken cancellationToken)
    {
        var symbols = new List<ISymbol>();
        var symbol = task.ReferencedSymbol();
        if (symbol is not null)
        {
            symbols.Add(symbol);
        }

        switch (task.WithoutConversions())
        {
            case IArrayElementReferenceOperation element when element.ArrayReference.ReferencedSymbol() is { } array:
                symbols.Add(array);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list } when list.ReferencedSymbol() is { } collection:
                symbols.Add(collection);
                break;
            case ILocalReferenceOperation local:
                // A foreach variable is only in scope inside its loop: look up, not through the whole body.
                for (var current = local.Parent; current is not null; current = current.Parent)
                {
                    if (current is IForEachLoopOperation loop && loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default))
                    {
                        if (loop.Collection.ReferencedSymbol() is { } enumerated && !IsDeferredQuery(enumerated, cancellationToken))
                        {
                            symbols.Add(enumerated);
                        }

                        break;
                    }
                }

                break;
        }

        return symbols;
    }

    private static bool References(IOperation? operation, List<ISymbol> symbols) =>
        operation is not null && operation.ReferencedSymbol() is { } symbol && symbols.Contains(symbol, SymbolEqualityComparer.Default);

    /// <summary>Task.FromResult(...), Task.CompletedTask, ValueTask.FromResult(...), new ValueTask&lt;T&gt;(value).</summary>
    private static bool IsMadeComplete(IOperation task, KnownTypes types)
    {
        switch (task.WithoutConversions())
        {
            case IInvocationOperation { TargetMethod: { Name: "FromResult", IsStatic: true } method }:
                return types.IsTaskLike(method.ContainingType);
            case IInvocationOperation invocation:
                return IsToldToRunSynchronously(invocation);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                // Npgsql's `(_isSchemaOnly ? NextResultSchemaOnly(false) : NextResult(false)).GetAwaiter().GetResult()`.
                return IsMadeComplete(conditional.WhenTrue, types) && IsMadeComplete(whenFalse, types);
            case IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } property }:
                return types.IsTaskLike(property.ContainingType);
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                return SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, types.ValueTaskOfT)
                    && constructor.Parameters.Length == 1
                    && constructor.OriginalDefinition.Parameters[0].Type is ITypeParameterSymbol;
            default:
                return false;
        }
    }


    /// <summary>
    /// A call told by an argument to do its work synchronously, so its task is complete when it returns: an enum member
    /// named <c>Synchronous</c> or <c>Sync</c> (MySqlConnector's <c>OpenAsync(IOBehavior.Synchronous, ...)</c>), or a
    /// constant <c>false</c> for a bool parameter whose name says async (<c>ReadAsync(buffer, async: false)</c>, Npgsql and
    /// Azure SDK style), or <c>true</c> for one whose name says sync.
    /// </summary>
    private static bool IsToldToRunSynchronously(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WithoutConversions();
            if (value is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum, Name: "Synchronous" or "Sync" } })
            {
                return true;
            }

            if (argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean, Name: var name }
                && value.ConstantValue is { HasValue: true, Value: bool flag })
            {
                var saysAsync = name.IndexOf("async", StringComparison.OrdinalIgnoreCase) >= 0;
                var saysSync = !saysAsync
                    && (name.EndsWith("sync", StringComparison.OrdinalIgnoreCase) || name.IndexOf("synchronous", StringComparison.OrdinalIgnoreCase) >= 0);
                if ((saysAsync && !flag) || (saysSync && flag))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A local whose only value is its initializer, and that initializer is made complete.</summary>
    private static bool IsLocalMadeComplete(IOperation site, IOperation task, KnownTypes types, CancellationToken cancellationToken)
    {
        if (task.WithoutConversions() is not ILocalReferenceOperation local || !MayBeInitializedComplete(local.Local, cancellationToken))
        {
            return false;
        }

        var root = site.Root();
        var declarator = root.Descendants(cancellationToken).OfType<IVariableDeclaratorOperation>()
            .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local));
        return declarator?.Initializer?.Value is { } value
            && IsMadeComplete(value, types)
            && !root.Descendants(cancellationToken).OfType<IAssignmentOperation>().Any(a => a.Target.ReferencedSymbol() is { } s && SymbolEqualityComparer.Default.Equals(s, local.Local));
    }

    /// <summary>
    /// Whether the local's declaration reads like one <see cref="IsMadeComplete"/> accepts (<c>Task.FromResult(...)</c>,
    /// <c>Task.CompletedTask</c>, <c>new ValueTask&lt;T&gt;(...)</c>): a look at its syntax that spares the walk through the
    /// body for every other local.
    /// </summary>
    private static bool MayBeInitializedComplete(ILocalSymbol local, CancellationToken cancellationToken)
    {
        var references = local.DeclaringSyntaxReferences;
        if (references.Length != 1 || references[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return false;
        }

        while (value is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)value).Expression;
        }

        return value switch
        {
            InvocationExpressionSyntax invocation => NameOf(invocation.Expression) == "FromResult",
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "CompletedTask",
            IdentifierNameSyntax name => name.Identifier.ValueText == "CompletedTask",
            BaseObjectCreationExpressionSyntax => true,
            _ => false,
        };
    }

    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary><c>t.ContinueWith(antecedent => antecedent.Result)</c>: the antecedent has completed.</summary>
    private static bool IsContinuationAntecedent(IOperation task)
    {
        if (task.WithoutConversions() is not IParameterReferenceOperation { Parameter: { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda } })
        {
            // ContinueWhenAll(tasks, all => all[0].Result): the element of the antecedents array.
            if (task.WithoutConversions() is IArrayElementReferenceOperation { ArrayReference: { } array })
            {
                return IsContinuationAntecedent(array);
            }

            return false;
        }

        for (var current = task.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                return function.Parent.OutsideDelegateCreation() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ContinueWith" or "ContinueWhenAll" or "ContinueWhenAny" } };
            }
        }

        return false;
    }

    /// <summary>
    /// Inside the true branch of <c>if (t.IsCompleted ...)</c>, <c>t.IsCompleted ? t.Result : ...</c> or <c>t.IsCompleted &amp;&amp; ...</c>
    /// (the false branch or <c>||</c> of a negated guard), or after <c>if (!t.IsCompleted) return;</c> in an enclosing block.
    /// </summary>
    private static bool IsGuarded(IOperation site, List<ISymbol> symbols, CancellationToken cancellationToken)
    {
        var child = site;
        for (var parent = site.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.WhenTrue == child && Proves(conditional.Condition, symbols):
                case IConditionalOperation conditional2 when conditional2.WhenFalse == child && Disproves(conditional2.Condition, symbols):
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjunction.RightOperand == child && Proves(conjunction.LeftOperand, symbols):
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when disjunction.RightOperand == child && Disproves(disjunction.LeftOperand, symbols):
                    return true;
                case IBlockOperation block when IsAfterEarlyExit(block, child, site, symbols, cancellationToken):
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A statement of <paramref name="block"/> before <paramref name="child"/> is <c>if (!t.IsCompleted) return;</c> (or throw,
    /// break, continue; a block ending in one), with no assignment to the task between it and the wait.
    /// </summary>
    private static bool IsAfterEarlyExit(IBlockOperation block, IOperation child, IOperation site, List<ISymbol> symbols, CancellationToken cancellationToken)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == child)
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } exit
                && AlwaysExits(exit.WhenTrue)
                && Disproves(exit.Condition, symbols)
                && !IsAssignedBetween(block, statement.Syntax.Span.End, site.Syntax.SpanStart, symbols, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AlwaysExits(IOperation statement) => statement switch
    {
        IBlockOperation block => block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]),
        IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
        IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="condition"/> being true proves a tracked task complete.</summary>
    private static bool Proves(IOperation condition, List<ISymbol> symbols)
    {
        switch (condition.WithoutConversions())
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                return Proves(conjunction.LeftOperand, symbols) || Proves(conjunction.RightOperand, symbols);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Disproves(not.Operand, symbols);
            case IPropertyReferenceOperation property when IsCompletionName(property.Property.Name):
                return References(property.Instance, symbols);
            case IInvocationOperation invocation when IsCompletionName(invocation.TargetMethod.Name):
                return IsCompletionHelper(invocation, symbols);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return IsRanToCompletionCheck(equals.LeftOperand, equals.RightOperand, symbols)
                    || IsRanToCompletionCheck(equals.RightOperand, equals.LeftOperand, symbols);
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern:
                return IsRanToCompletionCheck(pattern.Value, constant.Value, symbols);
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="condition"/> being false proves a tracked task complete: <c>!t.IsCompleted</c>, <c>!a.IsCompleted || !b.IsCompleted</c>.</summary>
    private static bool Disproves(IOperation condition, List<ISymbol> symbols) => condition.WithoutConversions() switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction => Disproves(disjunction.LeftOperand, symbols) || Disproves(disjunction.RightOperand, symbols),
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => Proves(not.Operand, symbols),
        _ => false,
    };

    /// <summary>The names of Task's properties that are true only once the task has completed.</summary>
    private static bool IsCompletionName(string name) =>
        name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled";

    /// <summary>
    /// A method named like a completion property that returns bool, asked about the task: an extension or static helper
    /// taking it first (<c>t.IsCompletedSuccessfully()</c>, Newtonsoft's netstandard2.0 helper;
    /// <c>TaskHelpers.IsCompleted(t)</c>), or a method of the task's own type.
    /// </summary>
    private static bool IsCompletionHelper(IInvocationOperation invocation, List<ISymbol> symbols)
    {
        if (invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            return false;
        }

        if (invocation.Instance is { } instance)
        {
            return References(instance, symbols);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return References(argument.Value, symbols);
            }
        }

        return false;
    }

    private static bool IsRanToCompletionCheck(IOperation status, IOperation value, List<ISymbol> symbols) =>
        status.WithoutConversions() is IPropertyReferenceOperation { Property.Name: "Status" } property
        && References(property.Instance, symbols)
        && value.WithoutConversions() is IFieldReferenceOperation { Field.Name: "RanToCompletion" };

    /// <summary>
    /// <c>await t</c> or <c>await Task.WhenAll(..., t, ...)</c> earlier in the same function, in a statement that every path
    /// to the wait runs (a statement of an enclosing block), with no assignment to <c>t</c> in between.
    /// </summary>
    private static bool IsAwaitedBefore(IOperation site, List<ISymbol> symbols, CancellationToken cancellationToken)
    {
        var siteFunction = EnclosingFunction(site);
        if (!MayAwait(site, siteFunction))
        {
            return false;
        }

        // Only an await in a statement of a block around the wait runs on every path to it: look through those
        // statements, up to the one holding the wait, instead of through the whole body; and only through the ones
        // whose text says await, when a tracked name is written after an await at all (most waits have none before them).
        var candidates = AwaitPositions(site, siteFunction, symbols, cancellationToken);
        if (candidates is { Count: 0 })
        {
            return false;
        }

        return IsCompletedInAnEarlierStatement(site, siteFunction, candidates, symbols, earlier => earlier is IAwaitOperation awaited && Covers(awaited.Operation, symbols), cancellationToken);
    }

    /// <summary>
    /// The walk of <see cref="IsAwaitedBefore"/> and <see cref="IsWaitedBefore"/>: only a statement of a block around the
    /// wait runs on every path to it, so look through those statements, up to the one holding the wait (and only through
    /// the ones holding a <paramref name="candidates"/> position, when given), for an operation that
    /// <paramref name="completes"/> a tracked task, in the same function, unconditionally, with no assignment to the task
    /// between it and the wait.
    /// </summary>
    private static bool IsCompletedInAnEarlierStatement(IOperation site, IOperation? siteFunction, List<int>? candidates, List<ISymbol> symbols, Func<IOperation, bool> completes, CancellationToken cancellationToken)
    {
        IOperation? root = null;
        IOperation child = site;
        for (var parent = site.Parent; parent is not null && parent != siteFunction; child = parent, parent = parent.Parent)
        {
            if (parent is not IBlockOperation block)
            {
                continue;
            }

            foreach (var statement in block.Operations)
            {
                if (candidates is null || HoldsAny(statement.Syntax.FullSpan, candidates))
                {
                    foreach (var earlier in statement.DescendantsAndSelf())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (earlier.Syntax.Span.End > site.Syntax.SpanStart
                            || !completes(earlier)
                            || !EqualityComparer<IOperation?>.Default.Equals(EnclosingFunction(earlier), siteFunction)
                            || !RunsOnEveryPathTo(earlier, site)
                            || !IsUnconditionalInStatement(earlier))
                        {
                            continue;
                        }

                        root ??= site.Root();
                        if (!IsAssignedBetween(root, earlier.Syntax.Span.End, site.Syntax.SpanStart, symbols, cancellationToken))
                        {
                            return true;
                        }
                    }
                }

                if (statement == child)
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Where the text between the start of the function and the wait says <c>await</c>, or none when no tracked name is
    /// written after the first of them (an await that proves the task names it: every reference <see cref="Covers"/>
    /// accepts is written by name). A text search, so it may find more (comments, strings, other awaits), never fewer;
    /// null when the tree has no text to search or the text holds a Unicode escape (then every statement is looked through).
    /// </summary>
    private static List<int>? AwaitPositions(IOperation site, IOperation? siteFunction, List<ISymbol> symbols, CancellationToken cancellationToken)
    {
        if (!site.Syntax.SyntaxTree.TryGetText(out var text))
        {
            return null;
        }

        var start = (siteFunction ?? site.Root()).Syntax.SpanStart;
        var end = site.Syntax.SpanStart;
        var positions = new List<int>();
        if (end <= start)
        {
            return positions;
        }

        var window = text.ToString(TextSpan.FromBounds(start, end));
        if (window.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            // An identifier may be written with Unicode escapes (t\u0061sk): the names cannot be searched as text.
            return null;
        }

        for (var index = window.IndexOf("await", StringComparison.Ordinal); index >= 0; index = window.IndexOf("await", index + 5, StringComparison.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            positions.Add(start + index);
        }

        if (positions.Count > 0 && !symbols.Any(symbol => IsWrittenAfter(window, positions[0] - start + 5, symbol.Name)))
        {
            positions.Clear();
        }

        return positions;
    }

    /// <summary>Whether <paramref name="name"/> is written as a whole word in <paramref name="window"/> from <paramref name="from"/> on.</summary>
    private static bool IsWrittenAfter(string window, int from, string name)
    {
        if (name.Length == 0)
        {
            return true;
        }

        for (var index = window.IndexOf(name, from, StringComparison.Ordinal); index >= 0; index = window.IndexOf(name, index + 1, StringComparison.Ordinal))
        {
            var after = index + name.Length;
            if (!IsIdentifierCharacter(window[index - 1]) && (after == window.Length || !IsIdentifierCharacter(window[after])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>
    /// A change to a tracked symbol that starts between the await and the wait: an assignment to it or to one of its elements,
    /// a <c>ref</c>/<c>out</c> argument, or a call that adds to it (<c>tasks.Add(...)</c>). Only the operations whose text
    /// overlaps that stretch are visited.
    /// </summary>
    private static bool IsAssignedBetween(IOperation root, int start, int end, List<ISymbol> symbols, CancellationToken cancellationToken)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = pending.Pop();
            if (operation.Syntax.SpanStart >= start && operation.Syntax.SpanStart < end && Changes(operation, symbols))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child.Syntax.FullSpan.End > start && child.Syntax.FullSpan.Start < end)
                {
                    pending.Push(child);
                }
            }
        }

        return false;
    }

    private static bool Changes(IOperation operation, List<ISymbol> symbols)
    {
        switch (operation)
        {
            case IAssignmentOperation assignment:
                var target = assignment.Target.WithoutConversions();
                return References(target, symbols)
                    || (target is IArrayElementReferenceOperation element && References(element.ArrayReference, symbols))
                    || (target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && References(indexer.Instance, symbols));
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                return References(argument.Value, symbols);
            case IInvocationOperation { Instance: { } instance } invocation when IsAddingName(invocation.TargetMethod.Name):
                return References(instance, symbols);
            default:
                return false;
        }
    }

    private static bool IsAddingName(string name) =>
        name is "Add" or "AddRange" or "Insert" or "InsertRange" or "Push" or "Enqueue" or "TryAdd";

    private static bool HoldsAny(TextSpan span, List<int> positions)
    {
        foreach (var position in positions)
        {
            if (span.Contains(position))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covers(IOperation awaited, List<ISymbol> symbols)
    {
        var task = BlockingCall.WithoutConfigureAwait(awaited);
        if (References(task, symbols))
        {
            return true;
        }

        return task is IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } } whenAll && CoversAll(whenAll, symbols);
    }

    /// <summary>Whether <c>Task.WhenAll(...)</c> or <c>Task.WaitAll(...)</c> takes a tracked task or collection.</summary>
    private static bool CoversAll(IInvocationOperation all, List<ISymbol> symbols)
    {
        foreach (var argument in all.Arguments)
        {
            var value = WithoutElementPreservingSteps(argument.Value, allElements: true);
            if (References(value, symbols))
            {
                return true;
            }

            if (value is IArrayCreationOperation { Initializer: { } initializer } && initializer.ElementValues.Any(e => References(e, symbols)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="completing"/> (an await or a wait that proves a task complete) runs on every path to
    /// <paramref name="site"/>: its statement is in a block around the site, or it opens the body of a <c>try</c> statement
    /// that does (and so on out) and no catch clause of that <c>try</c> can let the code go on to the site with the task
    /// still running (Polly's pessimistic timeout: <c>try { t.Wait(token); } catch (AggregateException e) { ...Throw(); }
    /// return t.Result;</c>).
    /// </summary>
    private static bool RunsOnEveryPathTo(IOperation completing, IOperation site)
    {
        var statement = completing;
        var innermost = true;
        while (true)
        {
            while (statement.Parent is not null and not IBlockOperation)
            {
                statement = statement.Parent;
            }

            if (statement.Parent is not IBlockOperation block)
            {
                return false;
            }

            for (var current = site.Parent; current is not null; current = current.Parent)
            {
                if (current == block)
                {
                    return true;
                }
            }

            if (block.Parent is not ITryOperation @try
                || @try.Body != block
                || block.Operations.IsEmpty
                || block.Operations[0] != statement
                || !CatchesWaitForTheTask(@try, statement, completing, innermost))
            {
                return false;
            }

            statement = @try;
            innermost = false;
        }
    }

    /// <summary>
    /// Whether every catch clause of <paramref name="try"/>, whose body opens with <paramref name="statement"/>, is entered
    /// only once the task is complete or never lets the code go on. The innermost statement must be the completing
    /// operation alone (<c>t.Wait();</c>, <c>await t;</c>), so nothing else in it can throw first. An exception out of
    /// <c>await t</c> or <c>t.GetAwaiter().GetResult()</c> is the task's own; <c>Wait</c> and <c>Result</c> throw the task's
    /// exceptions in an AggregateException, but <c>Wait(token)</c> throws OperationCanceledException with the task still
    /// running: there only a catch of AggregateException, or one whose end cannot be reached, is safe. Around an inner
    /// <c>try</c>, whose own catches may throw anything, only a catch whose end cannot be reached is.
    /// </summary>
    private static bool CatchesWaitForTheTask(ITryOperation @try, IOperation statement, IOperation completing, bool innermost)
    {
        if (innermost)
        {
            var alone = statement is IExpressionStatementOperation expression ? expression.Operation.WithoutConversions() : null;
            if (alone is null || (alone != completing && !(alone is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value.WithoutConversions() == completing)))
            {
                return false;
            }
        }

        var anyException = completing is IAwaitOperation || completing is IInvocationOperation { TargetMethod.Name: "GetResult" };
        foreach (var clause in @try.Catches)
        {
            if (anyException
                || (innermost && clause.ExceptionType is { Name: "AggregateException", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                || (clause.Handler.SemanticModel?.AnalyzeControlFlow(clause.Handler.Syntax) is { Succeeded: true, EndPointIsReachable: false }))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether the function the wait is in can hold an <c>await</c>: an async lambda or local function, or a member whose
    /// declaration says async (top-level statements and anything unknown: yes). Spares the walk through a synchronous body.
    /// </summary>
    private static bool MayAwait(IOperation site, IOperation? function)
    {
        switch (function)
        {
            case IAnonymousFunctionOperation lambda:
                return lambda.Symbol.IsAsync;
            case ILocalFunctionOperation local:
                return local.Symbol.IsAsync;
        }

        for (var node = site.Syntax; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax:
                    return false;
                case CompilationUnitSyntax:
                    return true;
            }
        }

        return true;
    }

    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }
}
