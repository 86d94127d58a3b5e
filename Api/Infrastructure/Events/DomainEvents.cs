namespace Mediation.Api.Infrastructure.Events;

/// <summary>Something that happened in a feature which features further down the order act on (Features.cs gives the
/// order).</summary>
public interface IDomainEvent;

/// <summary>A feature's reaction to another feature's event, registered with <see
/// cref="DomainEventRegistration.AddEventHandler{TEvent,THandler}"/>.</summary>
public interface IHandles<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent e, CancellationToken ct);
}

/// <summary>
/// Lets a lower feature trigger a higher one without knowing it. The handlers run at once, in the raiser's scope and
/// unit of work: what they add is saved by the raiser's SaveChanges in the same transaction, or not at all; what must
/// wait for the commit (a job) they hand to <see cref="Data.UnitOfWork.OnCommit"/>.
/// </summary>
public sealed class DomainEvents(IServiceProvider services)
{
    public async Task RaiseAsync<TEvent>(TEvent e, CancellationToken ct)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IHandles<TEvent>>())
            await handler.HandleAsync(e, ct);
    }
}

public static class DomainEventRegistration
{
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IDomainEvent
        where THandler : class, IHandles<TEvent> => services.AddScoped<IHandles<TEvent>, THandler>();
}
