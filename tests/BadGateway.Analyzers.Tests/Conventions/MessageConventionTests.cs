using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>
/// A message is one line of a build log: what was found and what to do. The why (thread-pool starvation, sockets in
/// TIME_WAIT, connection limits, the 502) is the description's, which IDE tooltips, SARIF and the rule pages show.
/// </summary>
public class MessageConventionTests
{
    private const int MaxFixedMessageLength = 120;

    public static TheoryData<string> DescriptorNames()
    {
        var data = new TheoryData<string>();
        foreach (var field in DescriptorFields())
        {
            data.Add(field.Name);
        }

        return data;
    }

    [Fact]
    public void DescriptorNames_CoverEveryDescriptor()
    {
        Assert.Equal(RuleCatalog.Descriptors.Length, DescriptorFields().Length);
    }

    [Theory]
    [MemberData(nameof(DescriptorNames))]
    public void Message_IsOneSentence_UnderTheLimitWithoutItsArguments(string name)
    {
        var message = Descriptor(name).MessageFormat.ToString();
        var fixedText = WithoutArguments(message);

        Assert.True(
            fixedText.Length < MaxFixedMessageLength,
            $"{name}'s message has {fixedText.Length} characters besides its arguments (limit {MaxFixedMessageLength}); move the why into the description: '{message}'.");
        Assert.DoesNotMatch(@"[\r\n]", message);
        Assert.DoesNotMatch(@"[.!?]\s", fixedText);
        Assert.False(fixedText.TrimEnd().EndsWith('.'), $"{name}'s message ends with a period, unlike the others: '{message}'.");
        Assert.Equal(message.Trim(), message);
    }

    [Theory]
    [MemberData(nameof(DescriptorNames))]
    public void Message_SaysWhatWasFound_ThenWhatToDo(string name)
    {
        var descriptor = Descriptor(name);
        var message = descriptor.MessageFormat.ToString();
        var clauses = message.Split("; ");

        Assert.True(clauses.Length == 2, $"{name}'s message should be 'what was found; what to do', one '; ' and no chain: '{message}'.");
        Assert.Contains("{0}", clauses[0], StringComparison.Ordinal);
        Assert.Matches("^([a-z]|\\{[0-9]\\})", clauses[1]);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(DescriptorNames))]
    public void Message_LeavesTheWhyToTheDescription(string name)
    {
        var message = Descriptor(name).MessageFormat.ToString();

        foreach (var why in new[] { "502", "proxy", "starv", "deadlock", "TIME_WAIT", "port range", "queue", "unlimited", " so ", "because" })
        {
            Assert.True(
                message.IndexOf(why, StringComparison.OrdinalIgnoreCase) < 0,
                $"{name}'s message explains why ('{why}'); that belongs in its description: '{message}'.");
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorNames))]
    public void Description_ExplainsHowThePatternEndsInA502(string name)
    {
        var descriptor = Descriptor(name);
        var description = descriptor.Description.ToString();
        var message = WithoutArguments(descriptor.MessageFormat.ToString());

        Assert.False(string.IsNullOrWhiteSpace(description), $"{name} has no description.");
        Assert.Contains("502", description, StringComparison.Ordinal);
        Assert.EndsWith(".", description, StringComparison.Ordinal);
        Assert.True(
            Regex.Matches(description, @"[.!?](\s|$)").Count >= 2,
            $"{name}'s description should say in a few sentences why the pattern hurts and what to do: '{description}'.");
        Assert.True(description.Length > message.Length, $"{name}'s description is shorter than its message.");
    }

    [Theory]
    [InlineData(DiagnosticIds.BlockingWait, "thread pool|starves|deadlock")]
    [InlineData(DiagnosticIds.SyncCallInAsyncCode, "thread pool|starves")]
    [InlineData(DiagnosticIds.HttpClientPerCall, "connection pool|TIME_WAIT")]
    [InlineData(DiagnosticIds.MaxConnectionsPerServer, "MaxConnectionsPerServer|queue")]
    [InlineData(DiagnosticIds.DefaultConnectionLimit, ".NET|queue")]
    public void Descriptions_NameTheMechanismOfTheirRule(string id, string mechanism)
    {
        var descriptors = RuleCatalog.Descriptors.Where(d => d.Id == id).ToList();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            var description = descriptor.Description.ToString();
            foreach (var word in mechanism.Split('|'))
            {
                Assert.True(
                    description.Contains(word, StringComparison.Ordinal),
                    $"The description of {id} ('{descriptor.MessageFormat}') should name '{word}': '{description}'.");
            }
        }
    }

    [Fact]
    public void ReadMe_ShowsTheBG0201MessageAsTheBuildPrintsIt()
    {
        var readMe = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var descriptor = Descriptor(nameof(Descriptors.BG0201HttpClientPerCall));
        var line = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "warning BG0201: {0} ({1})",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(), "new HttpClient()"),
            descriptor.HelpLinkUri);

        var start = readMe.IndexOf("## What you see", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## What you see' section.");
        var section = readMe.Substring(start);
        Assert.Contains(line, section, StringComparison.Ordinal);
    }

    private static string WithoutArguments(string message) => Regex.Replace(message, @"\{[0-9]+\}", string.Empty);

    private static DiagnosticDescriptor Descriptor(string name) =>
        (DiagnosticDescriptor)DescriptorFields().Single(f => f.Name == name).GetValue(null)!;

    private static FieldInfo[] DescriptorFields() => typeof(Descriptors)
        .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToArray();
}
