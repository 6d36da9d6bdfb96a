using System.Linq;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0302 on .NET (Core): how an assignment to <c>ServicePointManager.DefaultConnectionLimit</c>, which does nothing
/// there, goes without taking anything else with it.
/// <list type="bullet">
/// <item>A statement of its own whose value runs nothing: the line goes (in a block, among top-level statements, in a
/// switch section with other statements); as the body of an <c>if</c> without <c>else</c> whose condition runs nothing,
/// the whole <c>if</c> goes; as any other embedded statement (loop, <c>else</c>, <c>using</c>, <c>lock</c>, label) it
/// becomes <c>{ }</c>.</item>
/// <item>A statement whose value runs something (a call, a creation, an assignment, an await, a source property): the
/// value stays, discarded: <c>_ = ReadLimit();</c>.</item>
/// <item>An assignment whose value is used (<c>int limit = ServicePointManager.DefaultConnectionLimit = 40;</c>): it is
/// replaced by its value, cast to <c>int</c> when the value has another type, so the expression keeps its type.</item>
/// </list>
/// </summary>
internal static class NoEffectRemoval
{
    /// <summary>The root without the assignment, or null when no form keeps everything else (the fix is then not offered).</summary>
    public static SyntaxNode? Remove(SyntaxNode root, SemanticModel model, AssignmentExpressionSyntax assignment)
    {
        if (model.GetOperation(assignment) is not ISimpleAssignmentOperation operation)
        {
            return null;
        }

        var runsNothing = RunsNothing(operation.Value);
        return assignment.Parent switch
        {
            ExpressionStatementSyntax statement when runsNothing => WithoutStatement(root, model, statement),
            ExpressionStatementSyntax statement => WithDiscard(root, model, statement, operation),
            ArrowExpressionClauseSyntax or LambdaExpressionSyntax when ValueIsUnused(model, assignment) => WithValueAsStatement(root, assignment, operation, runsNothing),
            _ => WithValue(root, assignment, operation),
        };
    }

    /// <summary>
    /// Whether evaluating <paramref name="value"/> runs no code that could be seen: constants, locals, parameters, fields,
    /// built-in operators, and reads of a few framework properties (static properties of <c>System</c> types such as
    /// <c>Environment.ProcessorCount</c>, and <c>Length</c>/<c>Count</c>). A call, a creation, an assignment, an increment,
    /// an await, a user-defined operator or conversion, a property declared in source, an indexer, and anything else not
    /// listed may run something.
    /// </summary>
    internal static bool RunsNothing(IOperation value) =>
        value.ConstantValue.HasValue
        || (IsReadWithoutCode(value) && value.ChildOperations.All(RunsNothing));

    private static bool IsReadWithoutCode(IOperation operation) => operation switch
    {
        ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation
            or IFieldReferenceOperation or IConditionalOperation or ICoalesceOperation or IDefaultValueOperation
            or ITypeOfOperation or ISizeOfOperation or INameOfOperation => true,
        IConversionOperation conversion => conversion.OperatorMethod is null,
        IBinaryOperation binary => binary.OperatorMethod is null,
        IUnaryOperation unary => unary.OperatorMethod is null,
        IPropertyReferenceOperation { Property: { IsIndexer: false } property } => IsFrameworkRead(property),
        _ => false,
    };

    private static bool IsFrameworkRead(IPropertySymbol property) =>
        property.Locations.All(l => l.IsInMetadata)
        && (property.IsStatic
            ? property.ContainingType.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
            : property.Name is "Length" or "Count");

    private static SyntaxNode? WithoutStatement(SyntaxNode root, SemanticModel model, ExpressionStatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax or GlobalStatementSyntax:
            case SwitchSectionSyntax { Statements.Count: > 1 }:
                return SyntaxEdits.WithoutStatement(root, statement);
            case IfStatementSyntax { Else: null, Parent: BlockSyntax or GlobalStatementSyntax } ifStatement
                when model.GetOperation(ifStatement.Condition) is { } condition
                    && RunsNothing(condition)
                    && !HasCommentsInside(ifStatement, statement):
                return SyntaxEdits.WithoutStatement(root, ifStatement);
            case SwitchSectionSyntax:
                return null;
            default:
                // The body of a loop, an else, a using, a lock, a label or an if that stays: an empty block keeps the
                // statement around it as it was, and the comments of the line stay with the block.
                return root.ReplaceNode(statement, EmptyBlock().WithTriviaFrom(statement));
        }
    }

    /// <summary>Comments in the <c>if</c> other than those before it and after its body, which the removal keeps.</summary>
    private static bool HasCommentsInside(IfStatementSyntax ifStatement, StatementSyntax body) =>
        ifStatement.DescendantTrivia(descendIntoTrivia: false)
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia) || t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
            .Any(t => !ifStatement.GetLeadingTrivia().Contains(t) && !body.GetTrailingTrivia().Contains(t));

    /// <summary><c>ServicePointManager.DefaultConnectionLimit = ReadLimit();</c> → <c>_ = ReadLimit();</c>.</summary>
    private static SyntaxNode? WithDiscard(SyntaxNode root, SemanticModel model, ExpressionStatementSyntax statement, ISimpleAssignmentOperation operation)
    {
        var assignment = (AssignmentExpressionSyntax)statement.Expression;
        if (!model.LookupSymbols(statement.SpanStart, name: "_").IsEmpty)
        {
            // A local, a parameter or a field named '_' in scope: '_ =' would write it. A call alone is still a statement.
            return IsStatementExpression(assignment.Right) && !HasUserDefinedConversion(operation)
                ? root.ReplaceNode(assignment, assignment.Right.WithTriviaFrom(assignment))
                : null;
        }

        var discard = SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("_").WithTriviaFrom(assignment.Left),
                assignment.OperatorToken,
                HasUserDefinedConversion(operation) ? CastToInt(assignment.Right) : assignment.Right)
            .WithTriviaFrom(assignment);
        return root.ReplaceNode(assignment, discard);
    }

    /// <summary>
    /// The body of a lambda or an expression-bodied member whose value is not used (<c>() =&gt; X = ReadLimit()</c> as an
    /// Action): a call or a creation can stand alone; a value that runs nothing in a lambda becomes <c>{ }</c>.
    /// </summary>
    private static SyntaxNode? WithValueAsStatement(SyntaxNode root, AssignmentExpressionSyntax assignment, ISimpleAssignmentOperation operation, bool runsNothing)
    {
        if (!runsNothing)
        {
            return IsStatementExpression(assignment.Right) && !HasUserDefinedConversion(operation)
                ? root.ReplaceNode(assignment, assignment.Right.WithTriviaFrom(assignment))
                : null;
        }

        return assignment.Parent is LambdaExpressionSyntax lambda && lambda.ExpressionBody == assignment
            ? root.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(EmptyBlock().WithTriviaFrom(assignment)))
            : null;
    }

    /// <summary><c>int limit = ServicePointManager.DefaultConnectionLimit = 40;</c> → <c>int limit = 40;</c>.</summary>
    private static SyntaxNode WithValue(SyntaxNode root, AssignmentExpressionSyntax assignment, ISimpleAssignmentOperation operation)
    {
        // The assignment's type is int: a value of another type (a byte, a user-defined conversion) is cast, so that
        // 'var', overloads and the conversion itself stay as they were.
        var value = operation.Value is IConversionOperation { IsImplicit: true } conversion && conversion.Operand.Type?.SpecialType != SpecialType.System_Int32
            ? CastToInt(assignment.Right)
            : assignment.Right.WithoutTrivia();
        SyntaxNode replaced = assignment;
        while (replaced.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            replaced = parenthesized;
        }

        var parenthesizedValue = SyntaxFactory.ParenthesizedExpression(value)
            .WithTriviaFrom(replaced)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return root.ReplaceNode(replaced, parenthesizedValue);
    }

    /// <summary>The assignment is the body of a lambda or member that returns nothing (void, or an async Task).</summary>
    private static bool ValueIsUnused(SemanticModel model, AssignmentExpressionSyntax assignment)
    {
        var method = assignment.Parent is LambdaExpressionSyntax lambda
            ? model.GetSymbolInfo(lambda).Symbol as IMethodSymbol
            : assignment.Parent?.Parent switch
            {
                MemberDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax => model.GetDeclaredSymbol(assignment.Parent.Parent) as IMethodSymbol,
                _ => null,
            };
        return method is not null
            && (method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false }));
    }

    /// <summary><c>{ }</c> on one line.</summary>
    private static BlockSyntax EmptyBlock() =>
        SyntaxFactory.Block(
            SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
            default,
            SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList()));

    private static bool HasUserDefinedConversion(ISimpleAssignmentOperation operation) =>
        operation.Value is IConversionOperation { OperatorMethod: not null };

    private static ExpressionSyntax CastToInt(ExpressionSyntax value) =>
        SyntaxFactory.CastExpression(
            SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)),
            SyntaxFactory.ParenthesizedExpression(value.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation));

    private static bool IsStatementExpression(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or ObjectCreationExpressionSyntax
            or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
            or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };
}
