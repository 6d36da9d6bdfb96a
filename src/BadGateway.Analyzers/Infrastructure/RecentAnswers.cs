using System.Runtime.CompilerServices;
using System.Threading;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// The last answers for a few keys, found by the key's identity: a cache in front of a dictionary or a computation whose
/// callers mostly ask about the same key as the call before them (the calls of one member, of one file). Lives as long as
/// the compilation-start closure that holds it, like every cache of the analyzers (issue #16).
/// </summary>
/// <remarks>
/// Each slot holds an immutable pair, so concurrent callbacks at worst overwrite each other's answers, never mix a key
/// with another key's answer. Eight slots keep two or three analyzer threads from evicting each other.
/// </remarks>
internal sealed class RecentAnswers<TKey, TValue>
    where TKey : class
{
    private readonly Entry?[] _slots = new Entry?[8];

    public bool TryGet(TKey key, out TValue value)
    {
        if (Volatile.Read(ref _slots[Slot(key)]) is { } entry && ReferenceEquals(entry.Key, key))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public TValue Remember(TKey key, TValue value)
    {
        Volatile.Write(ref _slots[Slot(key)], new Entry(key, value));
        return value;
    }

    private int Slot(TKey key) => RuntimeHelpers.GetHashCode(key) & (_slots.Length - 1);

    private sealed class Entry
    {
        public Entry(TKey key, TValue value)
        {
            Key = key;
            Value = value;
        }

        public TKey Key { get; }

        public TValue Value { get; }
    }
}
