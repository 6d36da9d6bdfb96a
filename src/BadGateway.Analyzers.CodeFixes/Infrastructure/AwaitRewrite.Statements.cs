using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>One replacement the rewrite of a wait needs: the wait itself, or the statement around it.</summary>
internal sealed record RewriteEdit(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Replace);

/// <summary>
/// Rewrites that need more than the wait's own node: <c>t.Wait(timeout)</c> (whose <c>bool</c> says whether the task
/// finished in time), <c>Task.WaitAny(tasks, timeout)</c>, and a stored awaiter (<c>var aw = t.GetAwaiter(); ... aw.GetResult()</c>).
/// A statement that becomes several is replaced by a block marked with <see cref="SpliceAnnotation"/>, whose statements
/// <see cref="SpliceMarkedBlocks"/> puts into the block around it once every edit is made.
/// </summary>
internal static partial class AwaitRewrite
{
    /// <summary>Marks a block whose statements replace it in the block around it.</summary>
    public static readonly SyntaxAnnotation SpliceAnnotation = new("BadGateway.SpliceStatements");

    /// <summary>Every edit for one wait; null when it has no rewrite.</summary>
    public static IReadOnlyList<RewriteEdit>? TryPlan(BlockingCall call, SemanticModel model, CancellationToken cancellationToken)
    {
        var edits = TryPlanAwait(call, model, cancellationToken);
        return edits is null || !KeepsConfigureAwaitFalse(call, model.Compilation)
            ? edits
            : edits.Select(edit => new RewriteEdit(edit.Node, current => ConfigureNewAwaits(edit.Replace(current)))).ToList();
    }

    private static IReadOnlyList<RewriteEdit>? TryPlanAwait(BlockingCall call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (TryCreate(call, model.Compilation) is { } rewrite)
        {
            return new[] { new RewriteEdit(call.Operation.Syntax, rewrite) };
        }

        return call.Kind switch
        {
            BlockingKind.Wait => TryPlanWaitWithTimeout(call),
            BlockingKind.WaitAny => TryPlanWaitAnyWithTimeout(call),
            BlockingKind.WaitAll => TryPlanWaitAll(call, model.Compilation),
            BlockingKind.GetResult => TryPlanStoredAwaiter(call, model, cancellationToken),
            _ => null,
        };
    }

    /// <summary>
    /// Whether the awaits that replace the wait should say <c>.ConfigureAwait(false)</c>: every await of the function
    /// around it does, and what gets awaited has a <c>ConfigureAwait</c> (a Task or ValueTask, or Task.WhenAll/WhenAny's Task).
    /// </summary>
    private static bool KeepsConfigureAwaitFalse(BlockingCall call, Compilation compilation)
    {
        if (AsyncContext.EnclosingFunction(call.Operation.Syntax) is not { } function || !AsyncContext.ConfiguresEveryAwait(function))
        {
            return false;
        }

        if (call.Kind is BlockingKind.WaitAll or BlockingKind.WaitAny)
        {
            return true;
        }

        var types = KnownTypes.Create(compilation);
        return call.Task?.Type is { } type && (types.IsTaskLike(type) || KnownTypes.IsOrDerivesFrom(type, types.Task));
    }

    /// <summary>
    /// <c>await x</c> → <c>await x.ConfigureAwait(false)</c> for each await of <paramref name="node"/> outside the lambdas
    /// and local functions in it that does not configure itself yet.
    /// </summary>
    private static SyntaxNode ConfigureNewAwaits(SyntaxNode node) =>
        node.ReplaceNodes(
            node.DescendantNodesAndSelf(n => n == node || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<AwaitExpressionSyntax>()
                .Where(a => a.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } }),
            (_, current) => current.WithExpression(ConfigureAwaitFalse(current.Expression)));

    /// <summary><c>x.ConfigureAwait(false)</c>, with x in parentheses where it is not a primary expression.</summary>
    public static ExpressionSyntax ConfigureAwaitFalse(ExpressionSyntax expression)
    {
        var receiver = expression.WithoutTrivia();
        if (receiver is not (SimpleNameSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or ObjectCreationExpressionSyntax or PostfixUnaryExpressionSyntax))
        {
            receiver = SyntaxFactory.ParenthesizedExpression(receiver);
        }

        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            .WithTriviaFrom(expression);
    }

    /// <summary>Puts the statements of each block marked with <see cref="SpliceAnnotation"/> in its place.</summary>
    public static SyntaxNode SpliceMarkedBlocks(SyntaxNode root)
    {
        while (root.GetAnnotatedNodes(SpliceAnnotation).FirstOrDefault() is BlockSyntax block)
        {
            var statements = block.Statements.ToList();
            if (block.Parent is GlobalStatementSyntax global)
            {
                root = root.ReplaceNode(global, statements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
            }
            else
            {
                root = statements.Count == 0 ? root.RemoveNode(block, SyntaxRemoveOptions.KeepNoTrivia)! : root.ReplaceNode(block, statements);
            }
        }

        return root;
    }

    // ---- t.Wait(timeout) ----

    /// <summary>
    /// <c>t.Wait(timeout[, ct])</c> → <c>await Task.WhenAny(t, Task.Delay(timeout[, ct])) == t</c>, which is true when
    /// <c>t</c> finished in time (first in <c>WhenAny</c>, so it wins when both are done), followed by <c>await t</c> when it
    /// did (the task's exception, as every await conversion throws it) and <c>ct.ThrowIfCancellationRequested()</c> when it
    /// did not (<c>Wait(ms, ct)</c> throws when the token is cancelled first). <c>t</c> is read twice, so it must be a
    /// local, parameter or field; the token too.
    /// </summary>
    private static IReadOnlyList<RewriteEdit>? TryPlanWaitWithTimeout(BlockingCall call)
    {
        if (call.Operation is not IInvocationOperation { TargetMethod: var wait, Instance: { } instance } invocation
            || invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var task } } syntax
            || wait.Parameters.IsEmpty
            || !IsTimeout(wait.Parameters[0].Type)
            || syntax.ArgumentList.Arguments.Any(a => a.NameColon is not null)
            || !IsVariable(instance)
            || InsideTryCatchingAggregateException(syntax))
        {
            return null;
        }

        var tokenArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
        if (tokenArgument is not null && !IsVariable(tokenArgument.Value))
        {
            return null;
        }

        var token = tokenArgument?.Value.Syntax as ExpressionSyntax;
        var statement = syntax.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null || statement.Parent is not (BlockSyntax or GlobalStatementSyntax))
        {
            return null;
        }

        // t.Wait(1000); → if (await Task.WhenAny(t, Task.Delay(1000)) == t) await t;
        if (statement is ExpressionStatementSyntax { Expression: var expression } && expression == syntax)
        {
            return new[]
            {
                new RewriteEdit(statement, current => IfCompleted(Completed((InvocationExpressionSyntax)((ExpressionStatementSyntax)current).Expression), task, token)
                    .WithTriviaFrom(current)
                    .WithAdditionalAnnotations(Formatter.Annotation)),
            };
        }

        if (!CanSplice(statement))
        {
            return null;
        }

        // var ok = t.Wait(1000); → var ok = await Task.WhenAny(...) == t; if (ok) await t;
        if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, IsConst: false, Declaration.Variables: { Count: 1 } variables }
            && variables[0].Initializer?.Value == syntax)
        {
            var name = SyntaxFactory.IdentifierName(variables[0].Identifier.ValueText);
            return new[]
            {
                new RewriteEdit(syntax, current => Completed((InvocationExpressionSyntax)current).WithTriviaFrom(current)),
                new RewriteEdit(statement, current => Spliced(current, Array.Empty<StatementSyntax>(), new[] { IfCompleted(name, task, token) })),
            };
        }

        // if (!t.Wait(1000)), return t.Wait(1000), ok = t.Wait(1000): the wait runs first, so it can run before the statement.
        if (!RunsFirst(syntax, statement))
        {
            return null;
        }

        var local = FreeName(statement, syntax, "completed", "Wait");
        return new[]
        {
            new RewriteEdit(syntax, current => SyntaxFactory.IdentifierName(local).WithTriviaFrom(current)),
            new RewriteEdit(statement, current => Spliced(
                current,
                new[] { Var(local, Completed(syntax)), IfCompleted(SyntaxFactory.IdentifierName(local), task, token) },
                Array.Empty<StatementSyntax>())),
        };
    }

    private static bool IsTimeout(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Int32 || type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>A local, a parameter or a field (of <c>this</c> or static): reading it twice reads the same value.</summary>
    private static bool IsVariable(IOperation operation) => operation.WithoutConversions() switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation => true,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => true,
        _ => false,
    };

    /// <summary><c>await Task.WhenAny(t, Task.Delay(timeout[, ct])) == t</c>.</summary>
    private static ExpressionSyntax Completed(InvocationExpressionSyntax wait)
    {
        var task = ((MemberAccessExpressionSyntax)wait.Expression).Expression.WithoutTrivia();
        var delay = SyntaxFactory.InvocationExpression(
            TaskMember("Delay"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(wait.ArgumentList.Arguments.Select(a => SyntaxFactory.Argument(a.Expression.WithoutTrivia())))));
        var whenAny = SyntaxFactory.InvocationExpression(
            TaskMember("WhenAny"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(task), SyntaxFactory.Argument(delay) })));
        return SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, SyntaxFactory.AwaitExpression(whenAny), task);
    }

    /// <summary><c>if (completed) await t; [else ct.ThrowIfCancellationRequested();]</c>.</summary>
    private static StatementSyntax IfCompleted(ExpressionSyntax completed, ExpressionSyntax task, ExpressionSyntax? token) =>
        SyntaxFactory.IfStatement(
            completed,
            SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(task.WithoutTrivia())),
            token is null
                ? null
                : SyntaxFactory.ElseClause(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token.WithoutTrivia(), SyntaxFactory.IdentifierName("ThrowIfCancellationRequested"))))));

    private static StatementSyntax Var(string name, ExpressionSyntax value) =>
        SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
            SyntaxFactory.IdentifierName("var"),
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(value)))));

    /// <summary>Whether <paramref name="wait"/> is the first thing <paramref name="statement"/> evaluates, once.</summary>
    private static bool RunsFirst(SyntaxNode wait, StatementSyntax statement)
    {
        var start = statement switch
        {
            IfStatementSyntax ifStatement => ifStatement.Condition,
            ReturnStatementSyntax { Expression: { } returned } => returned,
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Right: var right } assignment } when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) => right,
            _ => null,
        };
        for (var current = wait; start is not null; current = current.Parent!)
        {
            if (current == start)
            {
                return true;
            }

            var leftmost = current.Parent switch
            {
                ParenthesizedExpressionSyntax => true,
                PrefixUnaryExpressionSyntax unary => unary.IsKind(SyntaxKind.LogicalNotExpression),
                BinaryExpressionSyntax binary => binary.Left == current,
                _ => false,
            };
            if (!leftmost)
            {
                return false;
            }
        }

        return false;
    }

    // ---- Task.WaitAny(tasks, timeout) ----

    /// <summary>
    /// <c>Task.WaitAny(tasks, timeout)</c> → <c>Array.IndexOf(tasks, await Task.WhenAny(tasks.Append(Task.Delay(timeout))))</c>:
    /// the index of the first task done, -1 when the delay wins; like WaitAny, it does not throw for a faulted task.
    /// Not with a token (WaitAny then throws when it is cancelled) or a tasks expression that is not a name.
    /// </summary>
    private static IReadOnlyList<RewriteEdit>? TryPlanWaitAnyWithTimeout(BlockingCall call)
    {
        if (call.Operation is not IInvocationOperation { TargetMethod.Parameters: { Length: 2 } parameters } invocation
            || !IsTimeout(parameters[1].Type)
            || parameters[0].Type is not IArrayTypeSymbol
            || invocation.Syntax is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments } syntax
            || arguments.Any(a => a.NameColon is not null)
            || !IsSimple(arguments[0].Expression))
        {
            return null;
        }

        return new[]
        {
            new RewriteEdit(syntax, current =>
            {
                var args = ((InvocationExpressionSyntax)current).ArgumentList.Arguments;
                var tasks = args[0].Expression.WithoutTrivia();
                var delay = SyntaxFactory.InvocationExpression(TaskMember("Delay"), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(args[1].Expression.WithoutTrivia()))));
                var withDelay = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Linq.Enumerable.Append<global::System.Threading.Tasks.Task>").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(tasks), SyntaxFactory.Argument(delay) })));
                var whenAny = SyntaxFactory.InvocationExpression(TaskMember("WhenAny"), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(withDelay))));
                return SyntaxFactory.InvocationExpression(
                        SyntaxFactory.ParseExpression("global::System.Array.IndexOf").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(tasks), SyntaxFactory.Argument(SyntaxFactory.AwaitExpression(whenAny)) })))
                    .WithTriviaFrom(current);
            }),
        };
    }

    // ---- var aw = t.GetAwaiter(); ... aw.GetResult() ----

    /// <summary>
    /// <c>var aw = t.GetAwaiter(); ... aw.GetResult()</c> → <c>... await t</c>, the await where GetResult was. The awaiter
    /// local goes when its only use is that GetResult; <c>t</c> stays where it was evaluated when it is not a name
    /// (<c>var aw = StartAsync().GetAwaiter();</c> → <c>var task = StartAsync();</c>) or is assigned in the function.
    /// </summary>
    private static IReadOnlyList<RewriteEdit>? TryPlanStoredAwaiter(BlockingCall call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Operation is not IInvocationOperation { Instance: ILocalReferenceOperation { Local: var awaiter } } getResult
            || awaiter.DeclaringSyntaxReferences.Length != 1
            || awaiter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter", Expression: var awaited }, ArgumentList.Arguments.Count: 0 } } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } declaration }
            || !CanSplice(declaration)
            || AsyncContext.EnclosingFunction(declaration) is not { } function
            || AsyncContext.EnclosingFunction(getResult.Syntax) != function
            || InsideTryCatchingAggregateException(getResult.Syntax))
        {
            return null;
        }

        // The awaiter's only use is this GetResult: nothing reads IsCompleted or registers OnCompleted in between.
        var uses = function.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == awaiter.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, awaiter))
            .ToList();
        if (uses.Count != 1 || !getResult.Syntax.Span.Contains(uses[0].Span))
        {
            return null;
        }

        var inline = IsSimple(awaited) && !IsAssignedIn(awaited, function, model, cancellationToken);
        var task = inline ? null : FreeName(declaration, declaration, "task", "GetAwaiter");
        var edits = new List<RewriteEdit>
        {
            new(getResult.Syntax, current => Await(inline ? awaited : SyntaxFactory.IdentifierName(task!), current)),
            new(declaration, current => inline
                ? current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)
                : SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(task!).WithInitializer(SyntaxFactory.EqualsValueClause(awaited.WithoutTrivia())))))
                    .WithTriviaFrom(current)),
        };
        return edits;
    }

    /// <summary>Whether <paramref name="expression"/> is not a local or parameter, or is assigned anywhere in the function.</summary>
    private static bool IsAssignedIn(ExpressionSyntax expression, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is not (ILocalSymbol or IParameterSymbol) || expression is not IdentifierNameSyntax)
        {
            return true;
        }

        foreach (var node in function.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.PreIncrementExpression) || unary.IsKind(SyntaxKind.PreDecrementExpression) => unary.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                _ => null,
            };
            if (target is not null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, symbol))
            {
                return true;
            }
        }

        return false;
    }

    // ---- Shared ----

    /// <summary>
    /// Inside a <c>try</c> with a <c>catch</c> of <c>AggregateException</c>: the wait threw one, the await throws the task's
    /// own exception, and that catch would stop catching it.
    /// </summary>
    internal static bool InsideTryCatchingAggregateException(SyntaxNode node) =>
        node.Ancestors()
            .TakeWhile(a => a is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax))
            .OfType<TryStatementSyntax>()
            .Any(t => t.Block.Span.Contains(node.Span) && t.Catches.Any(c => c.Declaration?.Type.ToString().EndsWith("AggregateException", StringComparison.Ordinal) == true));

    /// <summary>
    /// A statement in a block, where it can become several. Not top-level statements: the formatter separates new
    /// global statements with blank lines.
    /// </summary>
    private static bool CanSplice(StatementSyntax statement) => statement.Parent is BlockSyntax;

    /// <summary>
    /// <paramref name="before"/>, the statement, <paramref name="after"/>, in a block that <see cref="SpliceMarkedBlocks"/>
    /// opens: the comments in front of the statement go in front of the first, each new statement gets its indentation.
    /// </summary>
    private static SyntaxNode Spliced(SyntaxNode replaced, StatementSyntax[] before, StatementSyntax[] after)
    {
        var statement = (StatementSyntax)replaced;
        var leading = statement.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var endOfLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        StatementSyntax New(StatementSyntax s) => s
            .WithAdditionalAnnotations(Formatter.Annotation)
            .WithLeadingTrivia(indentation.RawKind == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
            .WithTrailingTrivia(endOfLine.RawKind == 0 ? SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed) : SyntaxFactory.TriviaList(endOfLine));
        var statements = before.Select(New).Concat(new[] { statement }).Concat(after.Select(New)).ToList();
        if (before.Length > 0)
        {
            statements[0] = statements[0].WithLeadingTrivia(leading);
            statements[before.Length] = statement.WithLeadingTrivia(indentation.RawKind == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        }

        return SyntaxFactory.Block(statements).WithAdditionalAnnotations(SpliceAnnotation);
    }

    private static ExpressionSyntax TaskMember(string name) =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
            SyntaxFactory.IdentifierName(name));

    /// <summary>
    /// <paramref name="wanted"/>, or with a number, so that no name in the member around is the same; the n-th wait of
    /// the member skips n free names, so that the waits Fix All rewrites together get different ones.
    /// </summary>
    private static string FreeName(SyntaxNode at, SyntaxNode wait, string wanted, string countedMethod)
    {
        var scope = (SyntaxNode?)at.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? at.SyntaxTree.GetRoot();
        var taken = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var skip = scope.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Count(i => i.SpanStart < wait.SpanStart
                && i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: var receiver }
                && method == countedMethod
                && (method != "GetAwaiter" || receiver is not IdentifierNameSyntax));
        var name = wanted;
        for (var i = 2; taken.Contains(name) || skip-- > 0; i++)
        {
            name = wanted + i;
        }

        return name;
    }
}
