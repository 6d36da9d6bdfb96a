// A realistic order service: repositories, HTTP calls, caching, and the blocking habits BG0101 finds.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Orders
{
    public sealed record Order(int Id, string Customer, decimal Total, IReadOnlyList<OrderLine> Lines);

    public sealed record OrderLine(string Sku, int Quantity, decimal Price);

    public interface IOrderRepository
    {
        Task<Order?> FindAsync(int id, CancellationToken cancellationToken);

        Task SaveAsync(Order order, CancellationToken cancellationToken);

        Task<IReadOnlyList<Order>> ListAsync(string customer, CancellationToken cancellationToken);
    }

    internal sealed class InMemoryOrderRepository : IOrderRepository
    {
        private readonly ConcurrentDictionary<int, Order> _orders = new();

        public Task<Order?> FindAsync(int id, CancellationToken cancellationToken) =>
            Task.FromResult(_orders.TryGetValue(id, out var order) ? order : null);

        public Task SaveAsync(Order order, CancellationToken cancellationToken)
        {
            _orders[order.Id] = order;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<Order>> ListAsync(string customer, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Order>>(_orders.Values.Where(o => o.Customer == customer).ToList());
    }

    internal sealed class OrderService
    {
        private static readonly HttpClient s_pricing = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 32,
        });

        private readonly IOrderRepository _repository;
        private readonly object _gate = new object();
        private int _saved;

        public OrderService(IOrderRepository repository)
        {
            _repository = repository;
        }

        // BG0101: a synchronous facade over async work.
        public Order? Find(int id)
        {
            return _repository.FindAsync(id, CancellationToken.None).Result;
        }

        public decimal Total(string customer)
        {
            var orders = _repository.ListAsync(customer, CancellationToken.None).GetAwaiter().GetResult();
            return orders.Sum(o => o.Total);
        }

        public async Task<decimal> TotalAsync(string customer, CancellationToken cancellationToken)
        {
            var orders = await _repository.ListAsync(customer, cancellationToken).ConfigureAwait(false);
            return orders.Sum(o => o.Total);
        }

        public void Save(Order order)
        {
            _repository.SaveAsync(order, CancellationToken.None).Wait();
            lock (_gate)
            {
                _saved++;
            }
        }

        public async Task<int> SaveAllAsync(IEnumerable<Order> orders, CancellationToken cancellationToken)
        {
            var saves = orders.Select(o => _repository.SaveAsync(o, cancellationToken)).ToArray();
            await Task.WhenAll(saves).ConfigureAwait(false);
            return saves.Length;
        }

        public async Task<decimal> PriceAsync(Order order, CancellationToken cancellationToken)
        {
            var lookups = order.Lines.Select(l => s_pricing.GetStringAsync("https://pricing.example/" + l.Sku, cancellationToken)).ToList();
            await Task.WhenAll(lookups).ConfigureAwait(false);
            decimal total = 0;
            for (var i = 0; i < lookups.Count; i++)
            {
                // Complete: awaited through WhenAll above.
                total += decimal.Parse(lookups[i].Result) * order.Lines[i].Quantity;
            }

            return total;
        }

        public int Saved
        {
            get
            {
                lock (_gate)
                {
                    return _saved;
                }
            }
        }

        public Task<Order?> FindCachedAsync(int id, Task<Order?> cached)
        {
            // Complete: guarded.
            if (cached.IsCompletedSuccessfully)
            {
                return Task.FromResult(cached.Result);
            }

            return _repository.FindAsync(id, CancellationToken.None);
        }

        public void WaitForAll(Task first, Task second)
        {
            Task.WaitAll(first, second);
        }

        public int FirstDone(Task[] tasks)
        {
            return Task.WaitAny(tasks);
        }
    }

    internal static class OrderReports
    {
        public static string Describe(Order order) =>
            $"{order.Id}: {order.Customer} owes {order.Total:C} for {order.Lines.Count} lines";

        public static Task<string> DescribeLater(Task<Order> order) =>
            order.ContinueWith(o => Describe(o.Result), TaskScheduler.Default);

        public static IEnumerable<string> DescribeAll(IEnumerable<Order> orders)
        {
            foreach (var order in orders)
            {
                yield return Describe(order);
            }
        }
    }
}
