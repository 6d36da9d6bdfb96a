// Background workers, queues and timers.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Workers
{
    public interface IJob
    {
        string Name { get; }

        Task RunAsync(CancellationToken cancellationToken);
    }

    internal sealed class DelayJob : IJob
    {
        private readonly TimeSpan _delay;

        public DelayJob(string name, TimeSpan delay)
        {
            Name = name;
            _delay = delay;
        }

        public string Name { get; }

        public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(_delay, cancellationToken);
    }

    internal sealed class JobRunner : IDisposable
    {
        private readonly BlockingCollection<IJob> _queue = new BlockingCollection<IJob>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);
        private readonly ManualResetEventSlim _idle = new ManualResetEventSlim(true);
        private Task? _loop;

        public void Start()
        {
            // BG0302 on .NET 8: no effect on HttpClient.
            ServicePointManager.DefaultConnectionLimit = 50;
            _loop = Task.Run(() => Loop(_stop.Token));
        }

        public void Enqueue(IJob job)
        {
            _idle.Reset();
            _queue.Add(job);
        }

        private void Loop(CancellationToken cancellationToken)
        {
            foreach (var job in _queue.GetConsumingEnumerable(cancellationToken))
            {
                _slots.Wait(cancellationToken);
                try
                {
                    var watch = Stopwatch.StartNew();
                    // BG0101 inside a synchronous loop.
                    job.RunAsync(cancellationToken).Wait(cancellationToken);
                    Trace.WriteLine($"{job.Name} took {watch.ElapsedMilliseconds} ms");
                }
                finally
                {
                    _slots.Release();
                }

                if (_queue.Count == 0)
                {
                    _idle.Set();
                }
            }
        }

        public void WaitIdle(TimeSpan timeout) => _idle.Wait(timeout);

        public async Task StopAsync()
        {
            _stop.Cancel();
            _queue.CompleteAdding();
            if (_loop is not null)
            {
                try
                {
                    await _loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public void Dispose()
        {
            // BG0101 in Dispose: a classic.
            StopAsync().GetAwaiter().GetResult();
            _queue.Dispose();
            _stop.Dispose();
            _slots.Dispose();
            _idle.Dispose();
        }
    }

    internal static class Schedules
    {
        public static IEnumerable<DateTime> Every(TimeSpan interval, DateTime start, int count) =>
            Enumerable.Range(0, count).Select(i => start + TimeSpan.FromTicks(interval.Ticks * i));

        public static async Task<int> RunAllAsync(IReadOnlyList<IJob> jobs, CancellationToken cancellationToken)
        {
            var running = jobs.Select(j => j.RunAsync(cancellationToken)).ToList();
            await Task.WhenAll(running).ConfigureAwait(false);
            return running.Count(t => t.IsCompletedSuccessfully);
        }

        public static int RunAll(IReadOnlyList<IJob> jobs) =>
            Task.Run(() => RunAllAsync(jobs, CancellationToken.None)).Result;

        public static Task<int> Later(Task<int> first) =>
            Task.Run(() => first.Result * 2);
    }
}
