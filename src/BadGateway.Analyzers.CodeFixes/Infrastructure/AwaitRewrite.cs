using System;
using System.Linq;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Turns a blocking wait into its awaiting equivalent: <c>x.Result</c> → <c>await x</c>, <c>x.Wait()</c> → <c>await x</c>,
/// <c>x.GetAwaiter().GetResult()</c> → <c>await x</c>, <c>Task.WaitAll(a, b)</c> → <c>await Task.WhenAll(a, b)</c>,
/// <c>Task.WaitAny(ts)</c> → <c>Array.IndexOf(ts, await Task.WhenAny(ts))</c>, <c>t.Wait(timeout)</c> → <c>await t.WaitAsync(...)</c>.
/// The rewrite is decided with the semantic model and applied later to the node as other edits left it.
/// </summary>
internal static partial class AwaitRewrite
{
    public static Func<SyntaxNode, SyntaxNode>? TryCreate(BlockingCall call, Compilation compilation)
    {
        var syntax = call.Operation.Syntax;
        switch (call.Kind)
        {
            case BlockingKind.Result when syntax is MemberAccessExpressionSyntax:
                return current => Await(((MemberAccessExpressionSyntax)current).Expression, current);

            case BlockingKind.Wait when syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } invocation:
                var wait = ((Microsoft.CodeAnalysis.Operations.IInvocationOperation)call.Operation).TargetMethod;
                if (wait.Parameters.IsEmpty)
                {
                    return current => Await(ReceiverOf((InvocationExpressionSyntax)current), current);
                }

                // Wait(timeout) returns whether the task finished in time: see TryPlanWaitWithTimeout.
                return invocation.Parent is ExpressionStatementSyntax && !IsTimeout(wait.Parameters[0].Type) && HasWaitAsync(compilation, wait)
                    ? current => Await(WaitAsync((InvocationExpressionSyntax)current, wait), current)
                    : null;

            case BlockingKind.GetResult
                when syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } } } }:
                return current =>
                {
                    var getAwaiter = (InvocationExpressionSyntax)ReceiverOf((InvocationExpressionSyntax)current);
                    return Await(ReceiverOf(getAwaiter), current);
                };

            case BlockingKind.WaitAll when syntax is InvocationExpressionSyntax && SingleParamsParameter(call):
                return current => Await(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, "WhenAll"), current);

            case BlockingKind.WaitAny when syntax is InvocationExpressionSyntax waitAny && SingleParamsParameter(call):
                if (waitAny.Parent is ExpressionStatementSyntax
                    || waitAny.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } })
                {
                    return current => Await(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, "WhenAny"), current);
                }

                return IndexOfWhenAny(call);

            default:
                return null;
        }
    }

    /// <summary><c>(await expression)</c>, with parentheses the simplifier removes where they are not needed.</summary>
    public static ExpressionSyntax Await(ExpressionSyntax expression, SyntaxNode replaced)
    {
        var awaited = SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(expression.WithoutTrivia()))
            .WithTriviaFrom(replaced);
        var dropped = CommentsDroppedBy(expression, replaced);
        return (dropped.Count == 0 ? awaited : awaited.WithTrailingTrivia(dropped.AddRange(awaited.GetTrailingTrivia())))
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>
    /// The comments inside <paramref name="replaced"/> that neither its own outer trivia nor <paramref name="expression"/>'s
    /// text keeps (<c>task /* why */ .Result</c>, a comment line before <c>.GetAwaiter()</c>): they follow the await.
    /// </summary>
    private static SyntaxTriviaList CommentsDroppedBy(ExpressionSyntax expression, SyntaxNode replaced)
    {
        var dropped = SyntaxFactory.TriviaList();
        foreach (var token in replaced.DescendantTokens())
        {
            dropped = AddDropped(dropped, token.LeadingTrivia, expression, replaced);
            dropped = AddDropped(dropped, token.TrailingTrivia, expression, replaced);
        }

        return dropped;
    }

    private static SyntaxTriviaList AddDropped(SyntaxTriviaList dropped, SyntaxTriviaList trivia, ExpressionSyntax expression, SyntaxNode replaced)
    {
        for (var i = 0; i < trivia.Count; i++)
        {
            var comment = trivia[i];
            if ((comment.IsKind(SyntaxKind.SingleLineCommentTrivia) || comment.IsKind(SyntaxKind.MultiLineCommentTrivia))
                && comment.SpanStart >= replaced.SpanStart && comment.Span.End <= replaced.Span.End
                && !expression.Span.Contains(comment.Span))
            {
                dropped = dropped.Add(SyntaxFactory.Space).Add(comment);

                // A line comment ends its line: its line break comes with it, so the rest of the statement stays code.
                if (comment.IsKind(SyntaxKind.SingleLineCommentTrivia) && i + 1 < trivia.Count && trivia[i + 1].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    dropped = dropped.Add(trivia[i + 1]);
                }
            }
        }

        return dropped;
    }

    private static ExpressionSyntax ReceiverOf(InvocationExpressionSyntax invocation) =>
        ((MemberAccessExpressionSyntax)invocation.Expression).Expression;

    private static bool SingleParamsParameter(BlockingCall call) =>
        call.Operation is Microsoft.CodeAnalysis.Operations.IInvocationOperation { TargetMethod.Parameters.Length: 1 } invocation
        && invocation.TargetMethod.Parameters[0].IsParams;

    private static bool HasWaitAsync(Compilation compilation, IMethodSymbol wait)
    {
        var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var timeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        if (task is null || timeSpan is null)
        {
            return false;
        }

        var wanted = wait.Parameters.Select(p => p.Type.SpecialType == SpecialType.System_Int32 ? timeSpan : p.Type).ToList();
        return task.GetMembers("WaitAsync").OfType<IMethodSymbol>().Any(m =>
            m.Parameters.Length == wanted.Count
            && m.Parameters.Select(p => p.Type).SequenceEqual(wanted, SymbolEqualityComparer.Default));
    }

    /// <summary><c>t.Wait(1000, ct)</c> → <c>t.WaitAsync(TimeSpan.FromMilliseconds(1000), ct)</c>.</summary>
    private static InvocationExpressionSyntax WaitAsync(InvocationExpressionSyntax current, IMethodSymbol wait)
    {
        var arguments = current.ArgumentList.Arguments;
        var converted = arguments.Select((argument, i) =>
        {
            var parameter = wait.Parameters.FirstOrDefault(p => p.Name == argument.NameColon?.Name.Identifier.ValueText) ?? wait.Parameters[Math.Min(i, wait.Parameters.Length - 1)];
            var value = argument.Expression;
            if (parameter.Type.SpecialType == SpecialType.System_Int32)
            {
                value = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.ParseExpression("global::System.TimeSpan.FromMilliseconds").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia()))))
                    .WithTriviaFrom(value);
            }

            return SyntaxFactory.Argument(value).WithTriviaFrom(argument);
        });
        var memberAccess = (MemberAccessExpressionSyntax)current.Expression;
        return current
            .WithExpression(memberAccess.WithName(SyntaxFactory.IdentifierName("WaitAsync").WithTriviaFrom(memberAccess.Name)))
            .WithArgumentList(current.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(converted, arguments.GetSeparators())));
    }

    /// <summary>
    /// <c>Task.WaitAny(ts)</c> used as a value → <c>Array.IndexOf(ts, await Task.WhenAny(ts))</c>; with several simple
    /// arguments, <c>Array.IndexOf(new Task[] { a, b }, await Task.WhenAny(a, b))</c>. Only where reading the arguments
    /// twice has no side effects.
    /// </summary>
    private static Func<SyntaxNode, SyntaxNode>? IndexOfWhenAny(BlockingCall call)
    {
        var invocation = (Microsoft.CodeAnalysis.Operations.IInvocationOperation)call.Operation;
        var argument = invocation.Arguments[0];
        var values = argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is Microsoft.CodeAnalysis.Operations.IArrayCreationOperation { Initializer: { } initializer }
            ? initializer.ElementValues.ToList()
            : new System.Collections.Generic.List<IOperation> { argument.Value };
        if (values.Count == 0 || !values.All(v => IsSimple(v.Syntax)))
        {
            return null;
        }

        var single = argument.ArgumentKind != ArgumentKind.ParamArray;
        return current =>
        {
            var waitAny = (InvocationExpressionSyntax)current;
            var whenAny = (ExpressionSyntax)SyntaxEdits.RenameCall(waitAny, "WhenAny").WithoutTrivia();
            ExpressionSyntax array = single
                ? waitAny.ArgumentList.Arguments[0].Expression.WithoutTrivia()
                : SyntaxFactory.ArrayCreationExpression(
                    SyntaxFactory.ArrayType(SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                        .WithRankSpecifiers(SyntaxFactory.SingletonList(SyntaxFactory.ArrayRankSpecifier(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression())))),
                    SyntaxFactory.InitializerExpression(
                        SyntaxKind.ArrayInitializerExpression,
                        SyntaxFactory.SeparatedList(waitAny.ArgumentList.Arguments.Select(a => a.Expression.WithoutTrivia()))));
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Array.IndexOf").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(array),
                        SyntaxFactory.Argument(SyntaxFactory.AwaitExpression(whenAny)),
                    })))
                .WithTriviaFrom(current);
        };
    }

    private static bool IsSimple(SyntaxNode syntax) => syntax switch
    {
        IdentifierNameSyntax => true,
        ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax memberAccess => IsSimple(memberAccess.Expression),
        _ => false,
    };
}
