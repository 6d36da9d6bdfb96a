using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using Microsoft.CodeAnalysis;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101's "Make 'M' async and update callers" on members of a hierarchy (interface members, abstract/virtual members,
/// overrides, implementations): the whole family changes together, with the callers of each member.
/// </summary>
public class BG0101HierarchyFixTests
{
    private static Task VerifyAsync(string source, string fixedSource) =>
        new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();

    private static Task NoFixAsync(string source) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();

    private static Task NoMakeAsyncFixAsync(string source) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey }.RunAsync();

    // ---- Hierarchies ----

    [Fact]
    public async Task Interface_TwoImplementations_CallersThroughTheInterfaceAndTheClass()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            interface IStore
            {
                // Loads one entry.
                int Load(string key);
            }

            class DiskStore : IStore
            {
                private readonly Task<int> _size = Task.FromResult(1);

                public int Load(string key) => _size.[|Result|] + key.Length;
            }

            class MemoryStore : IStore
            {
                public int Load(string key)
                {
                    if (key.Length == 0)
                    {
                        return 0;
                    }

                    return key.Length * 2;
                }
            }

            class User
            {
                async Task<int> ThroughInterface(IStore store) => store.Load("a") + 1;

                int ThroughClass(DiskStore store)
                {
                    return store.Load("b");
                }

                async Task ThroughTheOther(MemoryStore store)
                {
                    await Task.Yield();
                    var n = store.Load("c");
                }
            }
            """,
            """
            using System.Threading.Tasks;

            interface IStore
            {
                // Loads one entry.
                Task<int> LoadAsync(string key);
            }

            class DiskStore : IStore
            {
                private readonly Task<int> _size = Task.FromResult(1);

                public async Task<int> LoadAsync(string key) => await _size + key.Length;
            }

            class MemoryStore : IStore
            {
                public Task<int> LoadAsync(string key)
                {
                    if (key.Length == 0)
                    {
                        return Task.FromResult(0);
                    }

                    return Task.FromResult(key.Length * 2);
                }
            }

            class User
            {
                async Task<int> ThroughInterface(IStore store) => await store.LoadAsync("a") + 1;

                async Task<int> ThroughClassAsync(DiskStore store)
                {
                    return await store.LoadAsync("b");
                }

                async Task ThroughTheOther(MemoryStore store)
                {
                    await Task.Yield();
                    var n = await store.LoadAsync("c");
                }
            }
            """);
    }

    [Fact]
    public async Task AbstractBaseAndOverrides_VoidMembersWithoutWaitsReturnCompletedTask()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            abstract class Job
            {
                public abstract void Run(Task work);
            }

            class CopyJob : Job
            {
                public override void Run(Task work)
                {
                    work.[|Wait|]();
                }
            }

            class NoopJob : Job
            {
                public override void Run(Task work)
                {
                    if (work.IsCompleted)
                    {
                        return;
                    }

                    Console.WriteLine("noop");
                }
            }

            class LoggingJob : Job
            {
                public override void Run(Task work) => Console.WriteLine("run");
            }

            class NotReady : Job
            {
                public override void Run(Task work) => throw new NotSupportedException();
            }

            class Forever : Job
            {
                public override void Run(Task work)
                {
                    while (true)
                    {
                    }
                }
            }

            class Runner
            {
                async Task Start(Job job)
                {
                    await Task.Yield();
                    job.Run(Task.CompletedTask);
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            abstract class Job
            {
                public abstract Task RunAsync(Task work);
            }

            class CopyJob : Job
            {
                public override async Task RunAsync(Task work)
                {
                    await work;
                }
            }

            class NoopJob : Job
            {
                public override Task RunAsync(Task work)
                {
                    if (work.IsCompleted)
                    {
                        return Task.CompletedTask;
                    }

                    Console.WriteLine("noop");
                    return Task.CompletedTask;
                }
            }

            class LoggingJob : Job
            {
                public override Task RunAsync(Task work)
                {
                    Console.WriteLine("run");
                    return Task.CompletedTask;
                }
            }

            class NotReady : Job
            {
                public override Task RunAsync(Task work) => throw new NotSupportedException();
            }

            class Forever : Job
            {
                public override Task RunAsync(Task work)
                {
                    while (true)
                    {
                    }
                }
            }

            class Runner
            {
                async Task Start(Job job)
                {
                    await Task.Yield();
                    await job.RunAsync(Task.CompletedTask);
                }
            }
            """);
    }

    [Fact]
    public async Task VirtualAndOverride_TheOverrideCallingBaseBecomesAsync()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class Reader
            {
                public virtual string Read(Task<string> t) => t.[|Result|];
            }

            class CachedReader : Reader
            {
                private string _cache;

                public override string Read(Task<string> t)
                {
                    if (_cache != null)
                    {
                        return _cache;
                    }

                    return _cache = base.Read(t);
                }
            }

            class EmptyReader : Reader
            {
                public override string Read(Task<string> t) => null;
            }

            class Program
            {
                static void Main()
                {
                    Reader reader = new CachedReader();
                    System.Console.WriteLine(reader.Read(Task.FromResult("x")));
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class Reader
            {
                public virtual async Task<string> ReadAsync(Task<string> t) => await t;
            }

            class CachedReader : Reader
            {
                private string _cache;

                public override async Task<string> ReadAsync(Task<string> t)
                {
                    if (_cache != null)
                    {
                        return _cache;
                    }

                    return _cache = await base.ReadAsync(t);
                }
            }

            class EmptyReader : Reader
            {
                public override Task<string> ReadAsync(Task<string> t) => Task.FromResult<string>(null);
            }

            class Program
            {
                static async Task Main()
                {
                    Reader reader = new CachedReader();
                    System.Console.WriteLine(await reader.ReadAsync(Task.FromResult("x")));
                }
            }
            """);
    }

    [Fact]
    public async Task ExplicitImplementation_AndAWaitInTheImplementationNotTheInterface()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            interface INamed
            {
                string Name(Task<string> t);
            }

            class Explicit : INamed
            {
                string INamed.Name(Task<string> t) => t.GetAwaiter().[|GetResult|]();
            }

            class Implicit : INamed
            {
                public string Name(Task<string> t) => "fixed";
            }

            class User
            {
                string Show(INamed named) => named.Name(Task.FromResult("n"));
            }
            """,
            """
            using System.Threading.Tasks;

            interface INamed
            {
                Task<string> NameAsync(Task<string> t);
            }

            class Explicit : INamed
            {
                async Task<string> INamed.NameAsync(Task<string> t) => await t;
            }

            class Implicit : INamed
            {
                public Task<string> NameAsync(Task<string> t) => Task.FromResult("fixed");
            }

            class User
            {
                async Task<string> ShowAsync(INamed named) => await named.NameAsync(Task.FromResult("n"));
            }
            """);
    }

    [Fact]
    public async Task MemberOfAFrameworkInterfaceOrOverrideOfAFrameworkMethod_HasNoMakeAsyncFix()
    {
        // Make async only: the wrapper forms (IAsyncDisposable for Dispose) are BG0101WrapperFixTests'.
        await NoMakeAsyncFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            class Resource : IDisposable, IComparable<Resource>
            {
                private readonly Task _pending = Task.Delay(1);
                private readonly Task<int> _rank = Task.FromResult(1);

                public void Dispose() => _pending.[|Wait|]();

                public int CompareTo(Resource other) => _rank.[|Result|];

                public override string ToString() => _rank.[|Result|].ToString();
            }

            class Stream2 : System.IO.MemoryStream
            {
                private readonly Task<int> _read = Task.FromResult(1);

                public override int Read(byte[] buffer, int offset, int count) => _read.[|Result|];
            }
            """);
    }

    [Fact]
    public async Task FamilyMemberUsedAsAMethodGroup_HasNoFix()
    {
        await NoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            interface IStore
            {
                int Load(string key);
            }

            class DiskStore : IStore
            {
                private readonly Task<int> _size = Task.FromResult(1);

                public int Load(string key) => _size.[|Result|];
            }

            class MemoryStore : IStore
            {
                public int Load(string key) => 0;

                Func<string, int> Loader => Load;
            }

            abstract class Job
            {
                public abstract void Run(Task t);
            }

            class WaitingJob : Job
            {
                public override void Run(Task t) => t.[|Wait|]();

                Action<Task> AsAction() => Run;
            }
            """);
    }

    [Fact]
    public async Task FamilyWhereTheNewNameIsTaken_KeepsItsName_AndReturnsATask()
    {
        // Issue #15: this used to get no fix. Like a single method whose MAsync exists, the family keeps its name.
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            interface IStore
            {
                int Load(Task<int> t);
            }

            class DiskStore : IStore
            {
                public int Load(Task<int> t) => t.[|Result|];

                public Task<int> LoadAsync(Task<int> t) => t;
            }

            class Reader
            {
                public int Read(IStore store) => store.Load(Task.FromResult(1)) + 1;
            }
            """,
            """
            using System.Threading.Tasks;

            interface IStore
            {
                Task<int> Load(Task<int> t);
            }

            class DiskStore : IStore
            {
                public async Task<int> Load(Task<int> t) => await t;

                public Task<int> LoadAsync(Task<int> t) => t;
            }

            class Reader
            {
                public async Task<int> ReadAsync(IStore store) => await store.Load(Task.FromResult(1)) + 1;
            }
            """);
    }

    [Fact]
    public async Task VirtualFamily_WaitingOnItsOwnPrivateAsyncNamesake_KeepsItsName()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            internal class Step
            {
                private static Task PrepareAsync() => Task.Delay(5);

                public virtual void Prepare()
                {
                    PrepareAsync().[|Wait|]();
                }
            }

            internal sealed class LoudStep : Step
            {
                public override void Prepare()
                {
                    System.Console.WriteLine("preparing");
                    base.Prepare();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            internal class Step
            {
                private static Task PrepareAsync() => Task.Delay(5);

                public virtual async Task Prepare()
                {
                    await PrepareAsync();
                }
            }

            internal sealed class LoudStep : Step
            {
                public override async Task Prepare()
                {
                    System.Console.WriteLine("preparing");
                    await base.Prepare();
                }
            }
            """);
    }

    [Fact]
    public async Task FamilyReturningItsTypesTypeParameter_IsConverted()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            abstract class Mapper<T>
            {
                public abstract T Map(Task<T> t);
            }

            class WaitingMapper<T> : Mapper<T>
            {
                public override T Map(Task<T> t) => t.[|Result|];
            }
            """,
            """
            using System.Threading.Tasks;

            abstract class Mapper<T>
            {
                public abstract Task<T> MapAsync(Task<T> t);
            }

            class WaitingMapper<T> : Mapper<T>
            {
                public override async Task<T> MapAsync(Task<T> t) => await t;
            }
            """);
    }

    [Fact]
    public async Task FamilyOfGenericMethods_HasNoFix()
    {
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            abstract class Mapper
            {
                public abstract T Map<T>(Task<T> t);
            }

            class WaitingMapper : Mapper
            {
                public override T Map<T>(Task<T> t) => t.[|Result|];
            }
            """);
    }

    [Fact]
    public async Task FamilyReturningATypeParameterConstrainedToTask_HasNoFix()
    {
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            abstract class Mapper<T> where T : Task
            {
                public abstract T Map(Task<T> t);
            }

            class WaitingMapper<T> : Mapper<T> where T : Task
            {
                public override T Map(Task<T> t) => t.[|Result|];
            }
            """);
    }

    [Fact]
    public async Task PublicInterfaceOfALibrary_IsNotConvertedByDefault()
    {
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            public interface IStore
            {
                int Load(Task<int> t);
            }

            internal class DiskStore : IStore
            {
                public int Load(Task<int> t) => t.[|Result|];
            }
            """);
    }

    [Fact]
    public async Task TwoProjects_InterfaceInOne_ImplementationAndCallerInTheOther()
    {
        var test = new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            TestState =
            {
                Sources =
                {
                    """
                    public interface IClock
                    {
                        long Now();
                    }

                    public class SystemClock : IClock
                    {
                        public long Now() => System.DateTime.UtcNow.Ticks;
                    }
                    """,
                },
                AdditionalProjects =
                {
                    ["Web"] =
                    {
                        Sources =
                        {
                            """
                            using System.Threading.Tasks;

                            public class RemoteClock : IClock
                            {
                                private readonly Task<long> _remote = Task.FromResult(1L);

                                public long Now() => _remote.[|Result|];
                            }

                            public class Page
                            {
                                public async Task<long> Render(IClock clock) => clock.Now() + 1;
                            }
                            """,
                        },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
            FixedState =
            {
                Sources =
                {
                    """
                    using System.Threading.Tasks;

                    public interface IClock
                    {
                        Task<long> NowAsync();
                    }

                    public class SystemClock : IClock
                    {
                        public Task<long> NowAsync() => Task.FromResult(System.DateTime.UtcNow.Ticks);
                    }
                    """,
                },
                AdditionalProjects =
                {
                    ["Web"] =
                    {
                        Sources =
                        {
                            """
                            using System.Threading.Tasks;

                            public class RemoteClock : IClock
                            {
                                private readonly Task<long> _remote = Task.FromResult(1L);

                                public async Task<long> NowAsync() => await _remote;
                            }

                            public class Page
                            {
                                public async Task<long> Render(IClock clock) => await clock.NowAsync() + 1;
                            }
                            """,
                        },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        };
        // Both projects are libraries whose public API the family is part of: the option says to convert it.
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0101.convert_public_api = true\n"));
        test.TestState.AdditionalProjects["Web"].AnalyzerConfigFiles.Add(("/Web/.editorconfig", "root = true\n\n[*.cs]\nbg0101.convert_public_api = true\n"));
        test.FixedState.AdditionalProjects["Web"].AnalyzerConfigFiles.Add(("/Web/.editorconfig", "root = true\n\n[*.cs]\nbg0101.convert_public_api = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_TwoWaitsInTwoMembersOfOneFamily_GivesTheSameResultAsOneByOne()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                interface ISource
                {
                    int Get(Task<int> t);
                }

                class A : ISource
                {
                    public int Get(Task<int> t) => t.[|Result|];
                }

                class B : ISource
                {
                    public int Get(Task<int> t)
                    {
                        t.[|Wait|]();
                        return 2;
                    }
                }

                class C
                {
                    int Sum(ISource s) => s.Get(Task.FromResult(1)) + s.Get(Task.FromResult(2));
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                interface ISource
                {
                    Task<int> GetAsync(Task<int> t);
                }

                class A : ISource
                {
                    public async Task<int> GetAsync(Task<int> t) => await t;
                }

                class B : ISource
                {
                    public async Task<int> GetAsync(Task<int> t)
                    {
                        await t;
                        return 2;
                    }
                }

                class C
                {
                    async Task<int> SumAsync(ISource s) => await s.GetAsync(Task.FromResult(1)) + await s.GetAsync(Task.FromResult(2));
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Fact]
    public async Task MultiTarget_Net80AndNet472_TheFamilyCompilesInBoth()
    {
        const string Source = """
            using System.Threading.Tasks;

            interface IJob
            {
                void Run(Task t);
            }

            class Waiting : IJob
            {
                public void Run(Task t) => t.Wait();
            }

            class Idle : IJob
            {
                public void Run(Task t)
                {
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(Source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync(DiagnosticIds.BlockingWait));
        var fixes = await project.FixesAsync(diagnostic);
        var (_, text) = Assert.Single(fixes, f => f.Title == "Make 'Run' async and update callers");
        Assert.Equal(
            """
            using System.Threading.Tasks;

            interface IJob
            {
                Task RunAsync(Task t);
            }

            class Waiting : IJob
            {
                public async Task RunAsync(Task t) => await t;
            }

            class Idle : IJob
            {
                public Task RunAsync(Task t)
                {
                    return Task.CompletedTask;
                }
            }
            """,
            text);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    // ---- Getters ----

    [Fact]
    public async Task Getter_ExpressionBodied_BecomesGetXAsync_AndEveryReadIsUpdated()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class Profile
            {
                private readonly Task<string> _name = Task.FromResult("n");

                /// <summary>The name, from the server.</summary>
                public string Name => _name.[|Result|];

                public int Length() => Name.Length;
            }

            class Page
            {
                /// <see cref="Profile.Name"/> is shown.
                async Task<string> Render(Profile profile)
                {
                    await Task.Yield();
                    return "<b>" + profile.Name + "</b>";
                }

                static void Main()
                {
                    var p = new Profile();
                    System.Console.WriteLine(p.Name.ToUpper());
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class Profile
            {
                private readonly Task<string> _name = Task.FromResult("n");

                /// <summary>The name, from the server.</summary>
                public async Task<string> GetNameAsync() => await _name;

                public async Task<int> LengthAsync() => (await GetNameAsync()).Length;
            }

            class Page
            {
                /// <see cref="Profile.GetNameAsync"/> is shown.
                async Task<string> Render(Profile profile)
                {
                    await Task.Yield();
                    return "<b>" + await profile.GetNameAsync() + "</b>";
                }

                static async Task Main()
                {
                    var p = new Profile();
                    System.Console.WriteLine((await p.GetNameAsync()).ToUpper());
                }
            }
            """);
    }

    [Fact]
    public async Task Getter_WithABlockBody_KeepsItsStatementsAndComments_FixAllDoesBothWaits()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                class Settings
                {
                    private readonly Task<int> _a = Task.FromResult(1);
                    private readonly Task<int> _b = Task.FromResult(2);

                    internal int Total
                    {
                        get
                        {
                            // both parts
                            var a = _a.[|Result|];
                            return a + _b.[|Result|];
                        }
                    }

                    internal int Single
                    {
                        get { return _a.[|Result|]; }
                    }

                    internal int Arrow
                    {
                        get => _b.[|Result|];
                    }

                    async Task<int> Sum() => Total + Single + Arrow;
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                class Settings
                {
                    private readonly Task<int> _a = Task.FromResult(1);
                    private readonly Task<int> _b = Task.FromResult(2);

                    internal async Task<int> GetTotalAsync()
                    {
                        // both parts
                        var a = await _a;
                        return a + await _b;
                    }

                    internal async Task<int> GetSingleAsync()
                    {
                        return await _a;
                    }

                    internal async Task<int> GetArrowAsync() => await _b;

                    async Task<int> Sum() => await GetTotalAsync() + await GetSingleAsync() + await GetArrowAsync();
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Theory]
    [InlineData("[System.Runtime.Serialization.DataMember] public int Value => _v.[|Result|];", "")]
    [InlineData("public int Value => _v.[|Result|];", "string Name() => nameof(Value);")]
    [InlineData("public int Value => _v.[|Result|];", "bool IsOne(Holder h) => h is { Value: 1 };")]
    [InlineData("public int Value => _v.[|Result|];", "object Anonymous() => new { this.Value };")]
    [InlineData("public int Value => _v.[|Result|];", "(int Value, int) Tuple() => (Value, 1);")]
    [InlineData("public int Value => _v.[|Result|];", "int? Conditional(Holder h) => h?.Value;")]
    [InlineData("public int Value => _v.[|Result|];", "int GetValueAsync() => 0;")]
    [InlineData("public virtual int Value => _v.[|Result|];", "")]
    [InlineData("public static int Value { get { lock (_gate) { return _v.[|Result|]; } } }", "")]
    public async Task Getter_WhereThePropertyCannotBecomeAMethod_HasNoFix(string property, string user)
    {
        await NoFixAsync($$"""
            using System.Threading.Tasks;

            class Holder
            {
                private static readonly object _gate = new object();
                private static readonly Task<int> _v = Task.FromResult(1);

                {{property}}

                {{user}}
            }
            """);
    }

    [Fact]
    public async Task Getter_OfAnInterfaceOrOverride_HasNoFix()
    {
        // A getter of public library API gets the wrapper now (issue #15, round 2: BG0101LibraryWrapperFixTests).
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            interface IHolder
            {
                int Value { get; }
            }

            class Holder : IHolder
            {
                private readonly Task<int> _v = Task.FromResult(1);

                public int Value => _v.[|Result|];
            }

            abstract class Base
            {
                public abstract int Count { get; }
            }

            class Derived : Base
            {
                private readonly Task<int> _v = Task.FromResult(1);

                public override int Count => _v.[|Result|];
            }
            """);
    }

    // ---- Constructors ----

    [Fact]
    public async Task Constructor_WaitedAssignmentsMoveIntoCreateAsync_AndCreationsAreAwaited()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class Catalog
            {
                private readonly string _name;
                private readonly Task<int> _loading;
                private int _count;
                private readonly string _title;

                /// <summary>Loads the catalog.</summary>
                public Catalog(string name, Task<string> title)
                {
                    _name = name;
                    _loading = Task.FromResult(name.Length);
                    // the slow part
                    _count = _loading.[|Result|];
                    this._title = title.GetAwaiter().[|GetResult|]();
                    Warm().[|Wait|]();
                }

                private Task Warm() => Task.CompletedTask;
            }

            class Shop
            {
                async Task<int> Open()
                {
                    var catalog = new Catalog("a", Task.FromResult("t"));
                    return 1;
                }

                static void Main()
                {
                    var catalog = new Catalog("m", Task.FromResult("x"));
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class Catalog
            {
                private readonly string _name;
                private readonly Task<int> _loading;
                private int _count;
                private string _title;

                /// <summary>Loads the catalog.</summary>
                private Catalog(string name, Task<string> title)
                {
                    _name = name;
                    _loading = Task.FromResult(name.Length);
                }

                public static async Task<Catalog> CreateAsync(string name, Task<string> title)
                {
                    var created = new Catalog(name, title);
                    // the slow part
                    created._count = await created._loading;
                    created._title = await title;
                    await created.Warm();
                    return created;
                }

                private Task Warm() => Task.CompletedTask;
            }

            class Shop
            {
                async Task<int> Open()
                {
                    var catalog = await Catalog.CreateAsync("a", Task.FromResult("t"));
                    return 1;
                }

                static async Task Main()
                {
                    var catalog = await Catalog.CreateAsync("m", Task.FromResult("x"));
                }
            }
            """);
    }

    [Theory]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } }", "static void Register<T>() { } static void Use() => Register<Loader>();")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } }", "static object Make() => System.Activator.CreateInstance(typeof(Loader), Task.FromResult(1));")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } }", "class Derived : Loader { public Derived() : base(Task.FromResult(1)) { } }")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } }", "static Loader Make() { Loader l = new(Task.FromResult(1)); return l; }")]
    [InlineData("class Loader { int _n; public int X { get; set; } public Loader(Task<int> t) { _n = t.[|Result|]; } }", "static Loader Make() => new Loader(Task.FromResult(1)) { X = 2 };")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } public Loader() : this(Task.FromResult(1)) { } }", "")]
    [InlineData("class Loader { int _n; int _m; public Loader(Task<int> t) { _n = t.[|Result|]; _m = _n + 1; } }", "")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { var local = t; _n = local.[|Result|]; } }", "")]
    [InlineData("class Loader { int _n; public Loader(Task<int> t) { System.Console.WriteLine(t.[|Result|]); } }", "")]
    [InlineData("class Loader { public int N { get; } public Loader(Task<int> t) { N = t.[|Result|]; } }", "")]
    [InlineData("struct Loader { int _n; public Loader(Task<int> t) { _n = t.[|Result|]; } }", "")]
    [InlineData("abstract class Loader { int _n; protected Loader(Task<int> t) { _n = t.[|Result|]; } }", "")]
    [InlineData("class Loader { static int _n; static Loader() { _n = Load().[|Result|]; } static Task<int> Load() => Task.FromResult(1); }", "")]
    public async Task Constructor_WhereTheFactoryWouldChangeHowTheObjectIsMade_HasNoFix(string type, string user)
    {
        await NoFixAsync($$"""
            using System.Threading.Tasks;

            {{type}}

            class User
            {
                {{user}}
            }
            """);
    }

    [Fact]
    public async Task Constructor_WithBaseCallAndNoModifier_SyncCreatorInTheTypeIsConverted()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class Base
            {
                protected Base(int x)
                {
                }
            }

            sealed class Connection : Base
            {
                private Task<int> _handshake;

                Connection(Task<int> handshake) : base(1)
                {
                    _handshake = handshake;
                    _handshake.[|Wait|]();
                }

                static Connection Open() => new Connection(Task.FromResult(1));
            }
            """,
            """
            using System.Threading.Tasks;

            class Base
            {
                protected Base(int x)
                {
                }
            }

            sealed class Connection : Base
            {
                private Task<int> _handshake;

                private Connection(Task<int> handshake) : base(1)
                {
                    _handshake = handshake;
                }

                static async Task<Connection> CreateAsync(Task<int> handshake)
                {
                    var created = new Connection(handshake);
                    await created._handshake;
                    return created;
                }

                static async Task<Connection> OpenAsync() => await Connection.CreateAsync(Task.FromResult(1));
            }
            """);
    }
}
