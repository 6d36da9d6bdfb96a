using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Tests.Infrastructure;

/// <summary>The code quoted in diagnostic messages: one line, whitespace collapsed, at most 80 characters.</summary>
public class DisplayTextTests
{
    private static string Of(string expression) => DisplayText.Of(SyntaxFactory.ParseExpression(expression));

    [Theory]
    [InlineData("new HttpClient()", "new HttpClient()")]
    [InlineData("new HttpClient(\n        handler,\n\t\tdisposeHandler:   true)", "new HttpClient( handler, disposeHandler: true)")]
    [InlineData("client  .  GetAsync( url )", "client . GetAsync( url )")]
    public void ShortText_IsOneLineWithSingleSpaces(string expression, string expected)
    {
        Assert.Equal(expected, Of(expression));
    }

    [Fact]
    public void TextOfExactlyEightyCharacters_IsKept_LongerTextIsCutTo79AndAnEllipsis()
    {
        var eighty = "M(" + new string('a', 77) + ")";
        Assert.Equal(80, eighty.Length);
        Assert.Equal(eighty, Of(eighty));

        var longer = "M(" + new string('a', 78) + ")";
        var shown = Of(longer);
        Assert.Equal(80, shown.Length);
        Assert.Equal(longer.Substring(0, 79) + "…", shown);
    }

    [Fact]
    public void LongMultiLineLambda_IsCutAfterCollapsingWhitespace()
    {
        var lambda = "async () =>\n{\n" + string.Concat(Enumerable.Repeat("    await client.GetStringAsync(url);\n", 20)) + "}";
        var shown = Of(lambda);
        Assert.StartsWith("async () => { await client.GetStringAsync(url); await", shown, System.StringComparison.Ordinal);
        Assert.EndsWith("…", shown, System.StringComparison.Ordinal);
        Assert.Equal(80, shown.Length);
        Assert.DoesNotContain("\n", shown, System.StringComparison.Ordinal);
        Assert.DoesNotContain("  ", shown, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    public void NodeInAParsedFile_IsReadFromTheText_AndALongRunOfWhitespaceDoesNotCutItShort(int blankLines)
    {
        var blanks = new string('\n', blankLines);
        var tree = CSharpSyntaxTree.ParseText("class C { void M() { var x = Run(a, " + blanks + "b) + Run(c, d); } }");
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First();
        Assert.True(tree.TryGetText(out _));
        Assert.Equal("Run(a, b)", DisplayText.Of(call));

        var binary = tree.GetRoot().DescendantNodes().OfType<BinaryExpressionSyntax>().Single();
        Assert.Equal("Run(a, b) + Run(c, d)", DisplayText.Of(binary));
    }

    [Fact]
    public void LongNodeInAParsedFile_IsCutLikeTheSameTextWithoutATree()
    {
        var lambda = "async () =>\n{\n" + string.Concat(Enumerable.Repeat("    await client.GetStringAsync(url);\n", 20)) + "}";
        var tree = CSharpSyntaxTree.ParseText("class C { void M() { F(" + lambda + "); } }");
        var parsed = tree.GetRoot().DescendantNodes().OfType<ParenthesizedLambdaExpressionSyntax>().Single();
        Assert.Equal(Of(lambda), DisplayText.Of(parsed));
        Assert.Equal(80, DisplayText.Of(parsed).Length);
    }
}
