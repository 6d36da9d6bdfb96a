using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>
/// A rule's tests name a fix by its provider's constant (<c>BG0101BlockingWaitCodeFixProvider.MakeAsyncKey</c>), never by
/// the key's text (<c>"BG0101.MakeAsync"</c>): a key the provider renames then changes in the tests with it.
/// </summary>
public class EquivalenceKeyConventionTests
{
    /// <summary>A string literal that starts like an equivalence key: the rule id and a dot.</summary>
    private static readonly Regex KeyLiteral = new(@"""BG\d{4}\.", RegexOptions.CultureInvariant);

    [Fact]
    public void RuleTests_NameEquivalenceKeysByTheProvidersConstants()
    {
        // The providers' keys are what the pattern must catch; if their shape changes, so must the pattern.
        var keys = RuleCatalog.CodeFixTypes
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(value => value.StartsWith("BG", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Matches(KeyLiteral, "\"" + key + "\""));

        var rules = Path.Combine(RuleCatalog.RepositoryRoot, "tests", "BadGateway.Analyzers.Tests", "Rules");
        var files = Directory.GetFiles(rules, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offenders = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(rules, file), Line: i + 1, Text: line)))
            .Where(l => KeyLiteral.IsMatch(l.Text))
            .Select(l => $"{l.File}({l.Line}): {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Use the fix provider's equivalence-key constant instead:\n" + string.Join("\n", offenders));
    }
}
