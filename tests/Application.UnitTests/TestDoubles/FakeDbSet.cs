using System.Collections;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using NSubstitute;

namespace Homelette.Application.UnitTests.TestDoubles;

/// <summary>
/// A substitute DbSet over an in-memory list that also answers EF's async operators (FirstOrDefaultAsync, AnyAsync):
/// enough for handler unit tests, which check the handler's decisions, not SQL (the functional tests do that).
/// </summary>
public static class FakeDbSet
{
    public static DbSet<T> Of<T>(List<T> rows)
        where T : class
    {
        var queryable = new AsyncQueryable<T>(rows.AsQueryable());
        var set = Substitute.For<DbSet<T>, IQueryable<T>, IAsyncEnumerable<T>>();
        ((IQueryable<T>)set).Provider.Returns(queryable.Provider);
        ((IQueryable<T>)set).Expression.Returns(queryable.Expression);
        ((IQueryable<T>)set).ElementType.Returns(queryable.ElementType);
        ((IQueryable<T>)set).GetEnumerator().Returns(_ => rows.GetEnumerator());
        ((IAsyncEnumerable<T>)set).GetAsyncEnumerator(Arg.Any<CancellationToken>()).Returns(_ => new AsyncEnumerator<T>(rows.GetEnumerator()));
        set.When(s => s.Add(Arg.Any<T>())).Do(call => rows.Add(call.Arg<T>()));
        return set;
    }

    private sealed class AsyncQueryable<T>(IQueryable<T> inner) : IQueryable<T>, IAsyncEnumerable<T>
    {
        public Type ElementType => inner.ElementType;

        public Expression Expression => inner.Expression;

        public IQueryProvider Provider { get; } = new AsyncQueryProvider(inner.Provider);

        public IEnumerator<T> GetEnumerator() => inner.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new AsyncEnumerator<T>(inner.GetEnumerator());
    }

    private sealed class AsyncQueryProvider(IQueryProvider inner) : IAsyncQueryProvider
    {
        public IQueryable CreateQuery(Expression expression) => inner.CreateQuery(expression);

        public IQueryable<TElement> CreateQuery<TElement>(Expression expression) =>
            new AsyncQueryable<TElement>(inner.CreateQuery<TElement>(expression));

        public object? Execute(Expression expression) => inner.Execute(expression);

        public TResult Execute<TResult>(Expression expression) => inner.Execute<TResult>(expression);

        /// <summary>EF asks for Task&lt;X&gt;: run the query synchronously and wrap its result.</summary>
        public TResult ExecuteAsync<TResult>(Expression expression, CancellationToken cancellationToken = default)
        {
            var resultType = typeof(TResult).GetGenericArguments()[0];
            var value = typeof(IQueryProvider).GetMethods()
                .Single(m => m.Name == nameof(IQueryProvider.Execute) && m.IsGenericMethod)
                .MakeGenericMethod(resultType)
                .Invoke(inner, [expression]);
            return (TResult)typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(resultType).Invoke(null, [value])!;
        }
    }

    private sealed class AsyncEnumerator<T>(IEnumerator<T> inner) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(inner.MoveNext());

        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
