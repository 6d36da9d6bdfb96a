using System.Linq;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0102's preprocessor-choice exemption reads the <c>#if</c> groups from the file's list of directives
/// (<see cref="DeliberateSyncCall.Directives"/>, <see cref="DeliberateSyncCall.RelatedDirectives"/>) instead of walking
/// the tokens: for every <c>#if</c> of each file here, the group must be the one Roslyn's
/// <see cref="DirectiveTriviaSyntax.GetRelatedDirectives"/> gives, well-formed or not (the <c>#define</c>s make the
/// <c>#region</c>s active: in an inactive branch only conditional directives are directives).
/// </summary>
public class BG0102PreprocessorGroupsTests
{
    [Theory]
    [InlineData("""
        class C
        {
            void M()
            {
        #if A
                F();
        #elif B
                G();
        #else
                H();
        #endif
            }
        }
        """)]
    [InlineData("""
        #define OUTER
        #if OUTER
        using System;
        #region Types
        class C
        {
        #if A
            void M() { }
        #else
        #if NESTED
            void N() { }
        #endif
            void M() { }
        #endif
        }
        #endregion
        #elif OTHER
        class D { }
        #endif
        """)]
    [InlineData("""
        #define A
        class C
        {
        #if A
        #region In the if
            void M() { }
        #else
        #endregion
            void N() { }
        #endif
        }
        """)]
    [InlineData("""
        class C
        {
        #if A
            void M() { }
        #else
            void N() { }
        }
        """)]
    [InlineData("""
        #define A
        #define B
        #if A
        #if B
        #region Open
        #elif C
        class C { }
        #else
        #endif
        #region R
        #endregion
        #elif D
        #else
        #endif
        #endif
        #else
        #if E
        """)]
    [InlineData("""
        #endif
        #else
        #if A
        class C { void M() { F(); } }
        #elif B
        #elif C
        #endregion
        #else
        #region Unclosed
        #endif
        """)]
    public void EveryIfGroup_IsRoslynsRelatedDirectives(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var directives = DeliberateSyncCall.Directives(root);

        Assert.Equal(DirectivesByTokens(root), directives.Select(d => d.SpanStart));
        var ifs = 0;
        for (var index = 0; index < directives.Count; index++)
        {
            if (!directives[index].IsKind(SyntaxKind.IfDirectiveTrivia))
            {
                continue;
            }

            ifs++;
            Assert.Equal(
                directives[index].GetRelatedDirectives().Select(d => d.SpanStart),
                DeliberateSyncCall.RelatedDirectives(directives, index).Select(d => d.SpanStart));
        }

        Assert.True(ifs > 0);
    }

    [Fact]
    public void AFileWithoutDirectives_HasNone()
    {
        Assert.Empty(DeliberateSyncCall.Directives(CSharpSyntaxTree.ParseText("class C { void M() { F(); } }").GetRoot()));
    }

    private static int[] DirectivesByTokens(SyntaxNode root)
    {
        var found = new System.Collections.Generic.List<int>();
        for (var directive = root.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
        {
            found.Add(directive.SpanStart);
        }

        return found.ToArray();
    }
}
