using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0302DefaultConnectionLimitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0302DefaultConnectionLimitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0302, issue #15 round 2: the shapes that had no fix. On .NET (Core) an assignment that does nothing goes without
/// taking anything else with it (what its value runs stays as <c>_ = ...;</c>, a used value stays in place, the body of
/// an <c>if</c> without braces takes the <c>if</c> along or becomes <c>{ }</c>); a too-low named constant is set where
/// it is declared.
/// </summary>
public class BG0302MoreShapesFixTests
{
    private static DiagnosticResult NoEffect(int location, string value) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitHasNoEffect).WithLocation(location).WithArguments(value);

    private static DiagnosticResult TooLow(int location, int value, int minimum) =>
        VerifyCS.Diagnostic(Descriptors.BG0302DefaultConnectionLimitTooLow).WithLocation(location).WithArguments(value, minimum);

    private static VerifyCS.Test Net8(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BG0302DefaultConnectionLimitCodeFixProvider.RemoveEquivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private static string InConfigure(string body, string members = "") => $$"""
        using System;
        using System.Net;

        static class Startup
        {
        {{members}}    public static void Configure(string[] args)
            {
        {{body}}
            }
        }
        """;

    // ---- A value that runs something: it stays, discarded ----

    [Fact]
    public async Task ValueWithACall_KeepsTheCall_AsADiscard()
    {
        const string members = """
                static int ReadLimit()
                {
                    Console.WriteLine("reading the limit");
                    return 64;
                }

            """;
        await Net8(
            InConfigure("""
                        // From the settings file.
                        {|#0:ServicePointManager.DefaultConnectionLimit = ReadLimit()|}; // tuned
                        Console.WriteLine("configured");
                """, members),
            InConfigure("""
                        // From the settings file.
                        _ = ReadLimit(); // tuned
                        Console.WriteLine("configured");
                """, members),
            NoEffect(0, "ReadLimit()")).RunAsync();
    }

    [Theory]
    [InlineData("Settings.Limit * 2")]
    [InlineData("new Random().Next(10, 20)")]
    [InlineData("s_count++")]
    [InlineData("s_lazy.Value")]
    public async Task ValueThatMayRunCode_StaysAsADiscard(string value)
    {
        // A property declared in source, a creation, an increment, a framework property that is not a plain read.
        const string members = """
                static int s_count;
                static readonly Lazy<int> s_lazy = new Lazy<int>(() => 64);

            """;
        const string settings = """

            static class Settings
            {
                public static int Limit => 32;
            }
            """;
        await Net8(
            InConfigure($$"""
                        {|#0:ServicePointManager.DefaultConnectionLimit = {{value}}|};
                """, members) + settings,
            InConfigure($"""
                        _ = {value};
                """, members) + settings,
            NoEffect(0, value)).RunAsync();
    }

    [Fact]
    public async Task LocalNamedDiscardInScope_ACallStandsAlone()
    {
        const string members = """
                static int ReadLimit() => 64;

            """;
        await Net8(
            InConfigure("""
                        int _ = 0;
                        {|#0:ServicePointManager.DefaultConnectionLimit = ReadLimit()|};
                        Console.WriteLine(_);
                """, members),
            InConfigure("""
                        int _ = 0;
                        ReadLimit();
                        Console.WriteLine(_);
                """, members),
            NoEffect(0, "ReadLimit()")).RunAsync();
    }

    [Fact]
    public async Task LocalNamedDiscardInScope_ASourcePropertyRead_GetsNoFix()
    {
        // '_ = Settings.Limit' would write the local; 'Settings.Limit;' is not a statement.
        var source = InConfigure("""
                    int _ = 0;
                    {|#0:ServicePointManager.DefaultConnectionLimit = Settings.Limit|};
                    Console.WriteLine(_);
            """) + """

            static class Settings
            {
                public static int Limit => 32;
            }
            """;
        await Net8(source, source, NoEffect(0, "Settings.Limit")).RunAsync();
    }

    // ---- A value that runs nothing: the line goes ----

    [Theory]
    [InlineData("Environment.ProcessorCount * 12")]
    [InlineData("args.Length > 0 ? args.Length * 4 : 40")]
    [InlineData("Environment.TickCount % 50 + int.MaxValue / 1000000")]
    public async Task ValueOfFrameworkReadsAndArithmetic_TheLineGoes(string value)
    {
        await Net8(
            InConfigure($$"""
                        {|#0:ServicePointManager.DefaultConnectionLimit = {{value}}|};
                        Console.WriteLine("configured");
                """),
            InConfigure("""
                        Console.WriteLine("configured");
                """),
            NoEffect(0, value)).RunAsync();
    }

    // ---- The body of an if, a loop, an else ----

    [Fact]
    public async Task BodyOfAnIfWithoutBraces_ConditionRunsNothing_TheIfGoes_CommentsStay()
    {
        await Net8(
            InConfigure("""
                        // Only with arguments.
                        if (args.Length > 0)
                            {|#0:ServicePointManager.DefaultConnectionLimit = 40|}; // per host
                        Console.WriteLine("configured");
                """),
            InConfigure("""
                        // Only with arguments.
                        // per host
                        Console.WriteLine("configured");
                """),
            NoEffect(0, "40")).RunAsync();
    }

    [Fact]
    public async Task BodyOfAnIfWithoutBraces_ConditionCallsAMethod_BecomesAnEmptyBlock()
    {
        const string members = """
                static bool IsServer() => Environment.GetEnvironmentVariable("ROLE") == "server";

            """;
        await Net8(
            InConfigure("""
                        if (IsServer())
                            {|#0:ServicePointManager.DefaultConnectionLimit = 40|}; // per host
                        Console.WriteLine("configured");
                """, members),
            InConfigure("""
                        if (IsServer())
                            { } // per host
                        Console.WriteLine("configured");
                """, members),
            NoEffect(0, "40")).RunAsync();
    }

    [Fact]
    public async Task BodyOfAnIfWithAComment_BeforeTheBody_BecomesAnEmptyBlock()
    {
        await Net8(
            InConfigure("""
                        if (args.Length > 0)
                            // Only with arguments.
                            {|#0:ServicePointManager.DefaultConnectionLimit = 40|};
                """),
            InConfigure("""
                        if (args.Length > 0)
                            // Only with arguments.
                            { }
                """),
            NoEffect(0, "40")).RunAsync();
    }

    [Fact]
    public async Task BodiesOfAnIfElse_ALoop_AndAUsing_BecomeEmptyBlocks()
    {
        await Net8(
            InConfigure("""
                        if (args.Length > 0)
                            {|#0:ServicePointManager.DefaultConnectionLimit = 40|};
                        else
                            {|#1:ServicePointManager.DefaultConnectionLimit = 20|};
                        foreach (var arg in args)
                            {|#2:ServicePointManager.DefaultConnectionLimit = arg.Length|};
                        using (var writer = new System.IO.StringWriter())
                            {|#3:ServicePointManager.DefaultConnectionLimit = 30|};
                """),
            InConfigure("""
                        if (args.Length > 0)
                            { }
                        else
                            { }
                        foreach (var arg in args)
                            { }
                        using (var writer = new System.IO.StringWriter())
                            { }
                """),
            NoEffect(0, "40"),
            NoEffect(1, "20"),
            NoEffect(2, "arg.Length"),
            NoEffect(3, "30")).RunAsync();
    }

    [Fact]
    public async Task BodyOfAnIfWithACallInIt_KeepsTheCall()
    {
        const string members = """
                static int ReadLimit() => 64;

            """;
        await Net8(
            InConfigure("""
                        if (args.Length > 0)
                            {|#0:ServicePointManager.DefaultConnectionLimit = ReadLimit()|};
                """, members),
            InConfigure("""
                        if (args.Length > 0)
                            _ = ReadLimit();
                """, members),
            NoEffect(0, "ReadLimit()")).RunAsync();
    }

    [Fact]
    public async Task StatementOfASwitchSection_Goes()
    {
        await Net8(
            InConfigure("""
                        switch (args.Length)
                        {
                            case 0:
                                {|#0:ServicePointManager.DefaultConnectionLimit = 40|};
                                break;
                        }
                """),
            InConfigure("""
                        switch (args.Length)
                        {
                            case 0:
                                break;
                        }
                """),
            NoEffect(0, "40")).RunAsync();
    }

    // ---- The value is used ----

    [Fact]
    public async Task AssignmentUsedAsAValue_IsReplacedByItsValue()
    {
        await Net8(
            InConfigure("""
                        int limit = {|#0:ServicePointManager.DefaultConnectionLimit = 40|}; // per host
                        Console.WriteLine(limit);
                        Console.WriteLine({|#1:ServicePointManager.DefaultConnectionLimit = args.Length|});
                        var total = ({|#2:ServicePointManager.DefaultConnectionLimit = 8|}) + limit;
                        Console.WriteLine(total);
                """),
            InConfigure("""
                        int limit = 40; // per host
                        Console.WriteLine(limit);
                        Console.WriteLine(args.Length);
                        var total = 8 + limit;
                        Console.WriteLine(total);
                """),
            NoEffect(0, "40"),
            NoEffect(1, "args.Length"),
            NoEffect(2, "8")).RunAsync();
    }

    [Fact]
    public async Task AssignmentOfAByteUsedAsAValue_KeepsTheIntType()
    {
        // 'var limit = b;' would make limit a byte, and Console.WriteLine(byte) is another overload.
        await Net8(
            InConfigure("""
                        byte b = 40;
                        var limit = {|#0:ServicePointManager.DefaultConnectionLimit = b|};
                        Console.WriteLine(limit);
                """),
            InConfigure("""
                        byte b = 40;
                        var limit = (int)b;
                        Console.WriteLine(limit);
                """),
            NoEffect(0, "b")).RunAsync();
    }

    // ---- Lambdas and expression bodies ----

    [Fact]
    public async Task LambdaBodies_ACallStays_AValueThatRunsNothingBecomesAnEmptyBlock()
    {
        const string members = """
                static int ReadLimit() => 64;

            """;
        await Net8(
            InConfigure("""
                        Action configure = () => {|#0:ServicePointManager.DefaultConnectionLimit = 40|};
                        Action reload = () => {|#1:ServicePointManager.DefaultConnectionLimit = ReadLimit()|};
                        Func<int> read = () => {|#2:ServicePointManager.DefaultConnectionLimit = 50|};
                        configure();
                        reload();
                        Console.WriteLine(read());
                """, members),
            InConfigure("""
                        Action configure = () => { };
                        Action reload = () => ReadLimit();
                        Func<int> read = () => 50;
                        configure();
                        reload();
                        Console.WriteLine(read());
                """, members),
            NoEffect(0, "40"),
            NoEffect(1, "ReadLimit()"),
            NoEffect(2, "50")).RunAsync();
    }

    [Fact]
    public async Task ExpressionBodiedVoidMethod_WithAValueThatRunsNothing_GetsNoFix()
    {
        const string source = """
            using System.Net;

            static class Startup
            {
                public static void Configure() => {|#0:ServicePointManager.DefaultConnectionLimit = 40|};
            }
            """;
        await Net8(source, source, NoEffect(0, "40")).RunAsync();
    }

    [Fact]
    public async Task FixAll_EveryFormAtOnce()
    {
        const string members = """
                static int ReadLimit() => 64;

            """;
        var test = Net8(
            InConfigure("""
                        {|#0:ServicePointManager.DefaultConnectionLimit = 10|};
                        {|#1:ServicePointManager.DefaultConnectionLimit = ReadLimit()|};
                        if (args.Length > 0)
                            {|#2:ServicePointManager.DefaultConnectionLimit = 40|};
                        int limit = {|#3:ServicePointManager.DefaultConnectionLimit = 30|};
                        while (limit-- > 0)
                            {|#4:ServicePointManager.DefaultConnectionLimit = limit|};
                """, members),
            InConfigure("""
                        _ = ReadLimit();
                        int limit = 30;
                        while (limit-- > 0)
                            { }
                """, members),
            NoEffect(0, "10"),
            NoEffect(1, "ReadLimit()"),
            NoEffect(2, "40"),
            NoEffect(3, "30"),
            NoEffect(4, "limit"));
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    // ---- A named constant below the minimum (.NET Framework) ----

    private static VerifyCS.Test Net48(string source, string fixedSource, OutputKind kind, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.OutputKind = kind;
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private const string ProgramWithConstant = """
        using System.Net;

        static class Program
        {
            // Tuned for the old proxy.
            private const int Limit = 2; // see ticket 12

            static void Main()
            {
                {|#0:ServicePointManager.DefaultConnectionLimit = Limit|};
            }
        }
        """;

    [Fact]
    public async Task NamedConstant_InAnApp_IsSetWhereItIsDeclared()
    {
        var test = Net48(
            ProgramWithConstant,
            ProgramWithConstant.Replace("Limit = 2;", "Limit = 50;").Replace("{|#0:", string.Empty).Replace("Limit|}", "Limit"),
            OutputKind.ConsoleApplication,
            TooLow(0, 2, 10));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Set 'Limit' to 50", action.Title);
        await test.RunAsync();
    }

    [Fact]
    public async Task NamedConstant_InAnotherClass_UsedTwice_FixAllSetsItOnce()
    {
        const string source = """
            using System.Net;

            static class Limits
            {
                public const int Connections = 4;
            }

            static class Program
            {
                static void Main(string[] args)
                {
                    {|#0:ServicePointManager.DefaultConnectionLimit = Limits.Connections|};
                    if (args.Length > 0)
                    {
                        {|#1:ServicePointManager.DefaultConnectionLimit = Limits.Connections|};
                    }
                }
            }
            """;
        var test = Net48(
            source,
            source.Replace("Connections = 4", "Connections = 80").Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("Connections|}", "Connections"),
            OutputKind.ConsoleApplication,
            TooLow(0, 4, 10),
            TooLow(1, 4, 10));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nbg0302.connection_limit = 80\n"));
        test.CodeActionEquivalenceKey = BG0302DefaultConnectionLimitCodeFixProvider.EquivalenceKey;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("System.Console.WriteLine(Limit);")]
    [InlineData("var buffer = new byte[Limit];")]
    [InlineData("System.Console.WriteLine(nameof(Limit));")]
    public async Task NamedConstant_UsedForSomethingElse_GetsNoFix(string otherUse)
    {
        // Raising it would change the other use too.
        var source = ProgramWithConstant.Replace("    }\n}", $"        {otherUse}\n    }}\n}}");
        await Net48(source, source, OutputKind.ConsoleApplication, TooLow(0, 2, 10)).RunAsync();
    }

    [Fact]
    public async Task NamedConstantOfAnotherType_GetsNoFix()
    {
        var source = ProgramWithConstant.Replace("const int Limit", "const byte Limit");
        await Net48(source, source, OutputKind.ConsoleApplication, TooLow(0, 2, 10)).RunAsync();
    }

    [Fact]
    public async Task NamedConstant_InALibraryWithoutAChosenLimit_TheAssignmentGoes()
    {
        // No number is written into a library unless bg0302.connection_limit is set: the app that loads it chooses.
        var library = ProgramWithConstant.Replace("static void Main()", "public static void Configure()");
        var test = Net48(
            library,
            library.Replace("        {|#0:ServicePointManager.DefaultConnectionLimit = Limit|};\n", string.Empty),
            OutputKind.DynamicallyLinkedLibrary,
            TooLow(0, 2, 10));
        test.CodeActionEquivalenceKey = BG0302DefaultConnectionLimitCodeFixProvider.LeaveToTheAppEquivalenceKey;
        await test.RunAsync();
    }

    [Fact]
    public async Task NamedConstant_InALibraryWithAChosenLimit_IsSet()
    {
        var library = ProgramWithConstant.Replace("static void Main()", "public static void Configure()");
        var test = Net48(
            library,
            library.Replace("Limit = 2;", "Limit = 48;").Replace("{|#0:", string.Empty).Replace("Limit|}", "Limit"),
            OutputKind.DynamicallyLinkedLibrary,
            TooLow(0, 2, 10));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nbg0302.connection_limit = 48\n"));
        await test.RunAsync();
    }
}
