using System;
using System.Collections.Generic;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <c>Task.WaitAll(tasks, timeout)</c>, <c>Task.WaitAll(tasks, ct)</c> and <c>Task.WaitAll(tasks, ms, ct)</c>: the same
/// WhenAny-with-a-delay form as <c>t.Wait(timeout)</c>, over <c>Task.WhenAll(tasks)</c> (issue #15, part 5).
/// </summary>
internal static partial class AwaitRewrite
{
    /// <summary>
    /// <c>Task.WaitAll(tasks, timeout[, ct])</c> → <c>var all = Task.WhenAll(tasks);</c> then
    /// <c>await Task.WhenAny(all, Task.Delay(timeout[, ct])) == all</c>, which is true when every task finished in time
    /// (<c>all</c> is first in WhenAny, so it wins when both are done), <c>await all</c> when it did (WaitAll throws only
    /// once every task is done, as <c>await all</c> does) and <c>ct.ThrowIfCancellationRequested()</c> when it did not.
    /// With a token and no timeout, the delay is <c>Timeout.Infinite</c>, or <c>await Task.WhenAll(tasks).WaitAsync(ct)</c>
    /// where the framework has WaitAsync. WaitAll checks the token before it looks at the tasks: so does the rewrite.
    /// </summary>
    private static IReadOnlyList<RewriteEdit>? TryPlanWaitAll(BlockingCall call, Compilation compilation)
    {
        if (call.Operation is not IInvocationOperation { TargetMethod.Parameters: { Length: 2 or 3 } parameters } invocation
            || invocation.Syntax is not InvocationExpressionSyntax { ArgumentList.Arguments: var arguments } syntax
            || arguments.Count != parameters.Length
            || arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
            || parameters[0].IsParams
            || InsideTryCatchingAggregateException(syntax))
        {
            return null;
        }

        var timeout = parameters.Length == 3 || IsTimeout(parameters[1].Type) ? arguments[1].Expression : null;
        var token = parameters.Length == 3 || !IsTimeout(parameters[1].Type) ? arguments[parameters.Length - 1].Expression : null;
        if ((timeout is not null && !IsStable(invocation.Arguments[1].Value))
            || (token is not null && !IsVariable(invocation.Arguments[parameters.Length - 1].Value))
            || (timeout is not null && !IsTimeout(parameters[1].Type)))
        {
            return null;
        }

        var statement = syntax.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null || statement.Parent is not (BlockSyntax or GlobalStatementSyntax))
        {
            return null;
        }

        var isStatement = statement is ExpressionStatementSyntax { Expression: var expression } && expression == syntax;

        // Task.WaitAll(tasks, ct); → [ct.ThrowIfCancellationRequested();] await Task.WhenAll(tasks).WaitAsync(ct);
        if (timeout is null && isStatement && HasWaitAsyncWithToken(compilation))
        {
            return PlanWaitAsync(statement, syntax, token!);
        }

        if (!CanSplice(statement))
        {
            return null;
        }

        var all = FreeName(statement, syntax, "all", "WaitAll");
        var allName = SyntaxFactory.IdentifierName(all);
        var start = new List<StatementSyntax>();
        if (token is not null)
        {
            start.Add(ThrowIfCancellationRequested(token));
        }

        start.Add(Var(all, SyntaxFactory.InvocationExpression(TaskMember("WhenAll"), Arguments(arguments[0].Expression))));
        ExpressionSyntax Done() => SyntaxFactory.BinaryExpression(
            SyntaxKind.EqualsExpression,
            SyntaxFactory.AwaitExpression(SyntaxFactory.InvocationExpression(TaskMember("WhenAny"), Arguments(allName, Delay(timeout, token)))),
            allName);

        // Task.WaitAll(tasks, 1000); → var all = Task.WhenAll(tasks); if (await Task.WhenAny(all, Task.Delay(1000)) == all) await all;
        if (isStatement)
        {
            return new[] { new RewriteEdit(statement, current => Replaced(current, start.Append(IfCompleted(Done(), allName, token)).ToArray())) };
        }

        // var ok = Task.WaitAll(tasks, 1000); → var all = ...; var ok = await Task.WhenAny(...) == all; if (ok) await all;
        if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, IsConst: false, Declaration.Variables: { Count: 1 } variables }
            && variables[0].Initializer?.Value == syntax)
        {
            var name = SyntaxFactory.IdentifierName(variables[0].Identifier.ValueText);
            return new[]
            {
                new RewriteEdit(syntax, current => Done().WithTriviaFrom(current)),
                new RewriteEdit(statement, current => Spliced(current, start.ToArray(), new[] { IfCompleted(name, allName, token) })),
            };
        }

        // if (!Task.WaitAll(...)), return Task.WaitAll(...), ok = Task.WaitAll(...): the wait runs first in the statement.
        if (!RunsFirst(syntax, statement))
        {
            return null;
        }

        var completed = FreeName(statement, syntax, "completed", "WaitAll");
        if (completed == all)
        {
            completed += "_";
        }

        return new[]
        {
            new RewriteEdit(syntax, current => SyntaxFactory.IdentifierName(completed).WithTriviaFrom(current)),
            new RewriteEdit(statement, current => Spliced(
                current,
                start.Concat(new[] { Var(completed, Done()), IfCompleted(SyntaxFactory.IdentifierName(completed), allName, token) }).ToArray(),
                Array.Empty<StatementSyntax>())),
        };
    }

    /// <summary><c>[ct.ThrowIfCancellationRequested();] await Task.WhenAll(tasks).WaitAsync(ct);</c>.</summary>
    private static IReadOnlyList<RewriteEdit>? PlanWaitAsync(StatementSyntax statement, InvocationExpressionSyntax syntax, ExpressionSyntax token)
    {
        ExpressionSyntax Awaited(InvocationExpressionSyntax current) => SyntaxFactory.AwaitExpression(SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.InvocationExpression(TaskMember("WhenAll"), Arguments(current.ArgumentList.Arguments[0].Expression)),
                SyntaxFactory.IdentifierName("WaitAsync")),
            Arguments(current.ArgumentList.Arguments[1].Expression)));

        if (!CanSplice(statement))
        {
            return null;
        }

        return new[]
        {
            new RewriteEdit(syntax, current => Awaited((InvocationExpressionSyntax)current).WithTriviaFrom(current)),
            new RewriteEdit(statement, current => Spliced(current, new[] { ThrowIfCancellationRequested(token) }, Array.Empty<StatementSyntax>())),
        };
    }

    /// <summary>The statement replaced by <paramref name="statements"/>, the first with its comments.</summary>
    private static SyntaxNode Replaced(SyntaxNode current, StatementSyntax[] statements)
    {
        var block = (BlockSyntax)Spliced(current, statements.Take(statements.Length - 1).ToArray(), Array.Empty<StatementSyntax>());
        var last = statements[statements.Length - 1]
            .WithTriviaFrom(block.Statements[block.Statements.Count - 1])
            .WithAdditionalAnnotations(Formatter.Annotation);
        return block.WithStatements(block.Statements.RemoveAt(block.Statements.Count - 1).Add(last));
    }

    /// <summary><c>Task.Delay(timeout)</c>, <c>Task.Delay(timeout, ct)</c> or <c>Task.Delay(Timeout.Infinite, ct)</c>.</summary>
    private static ExpressionSyntax Delay(ExpressionSyntax? timeout, ExpressionSyntax? token)
    {
        var wait = timeout?.WithoutTrivia()
            ?? SyntaxFactory.ParseExpression("global::System.Threading.Timeout.Infinite").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return SyntaxFactory.InvocationExpression(TaskMember("Delay"), token is null ? Arguments(wait) : Arguments(wait, token));
    }

    private static StatementSyntax ThrowIfCancellationRequested(ExpressionSyntax token) =>
        SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token.WithoutTrivia(), SyntaxFactory.IdentifierName("ThrowIfCancellationRequested"))));

    private static ArgumentListSyntax Arguments(params ExpressionSyntax[] values) =>
        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(values.Select(v => SyntaxFactory.Argument(v.WithoutTrivia()))));

    /// <summary>A constant, or a variable read (evaluated in the same place, it gives the same value).</summary>
    private static bool IsStable(IOperation operation) =>
        operation.WithoutConversions().ConstantValue.HasValue || IsVariable(operation);

    private static bool HasWaitAsyncWithToken(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Threading.Tasks.Task") is { } task
        && task.GetMembers("WaitAsync").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.Parameters[0].Type.Name == "CancellationToken");
}
