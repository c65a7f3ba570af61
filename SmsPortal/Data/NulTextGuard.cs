using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using SmsPortal.Common;

namespace SmsPortal.Data;

/// <summary>
/// Refuses to save text holding a NUL character, on every provider: PostgreSQL cannot store one at all (the write
/// fails as a server error), and the same input should be the same answer on SQLite. What a user or client typed
/// is refused as their error (<see cref="UserInputException"/>: a form message, a 4xx) before anything is written.
/// </summary>
/// <remarks>
/// The API and the webhook formats refuse a NUL where they read it, naming the field; this is the net under
/// every other way text reaches the database (portal forms, imports). Registered before the other interceptors so
/// that a refused save takes nothing (SQLite's write turn) it would have to give back.
/// </remarks>
public sealed class NulTextGuard : SaveChangesInterceptor
{
    /// <summary>Each entity type's text properties, found once (this runs on every save, the hot ones too).</summary>
    private static readonly ConcurrentDictionary<IEntityType, IProperty[]> TextProperties = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            var values = entry.CurrentValues;
            foreach (var property in TextProperties.GetOrAdd(entry.Metadata, TextOf))
            {
                if (values[property] is string text && text.Contains('\0') && (entry.State == EntityState.Added || entry.Property(property).IsModified))
                {
                    throw new UserInputException($"{Describe(property.Name)} cannot contain a NUL character (\\u0000).");
                }
            }
        }
    }

    private static IProperty[] TextOf(IEntityType type) => type.GetProperties().Where(p => p.ClrType == typeof(string)).ToArray();

    /// <summary>"RuleName" → "Rule name".</summary>
    private static string Describe(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
