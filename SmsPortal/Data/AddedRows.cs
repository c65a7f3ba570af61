using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SmsPortal.Data;

/// <summary>
/// The rows of one entity type that a unit of work adds, written with <see cref="BatchInsert{T}"/>
/// instead of through SaveChanges' tracked INSERTs. Take them from the change tracker (their statements
/// are built then, before the writer's turn), run them inside the transaction, and SaveChanges writes the rest.
/// </summary>
/// <remarks>
/// Taken rows stop being tracked as added (unchanged when their key is theirs, detached when the database makes
/// it), so SaveChanges does not insert them again; <see cref="Pending.Restore"/> puts them back as added when the
/// transaction did not commit. Take principals before their dependents: the INSERTs run in the order taken.
/// </remarks>
public abstract class AddedRows
{
    public static AddedRows Of<T>() where T : class => new Typed<T>();

    /// <summary>The added rows of this type in <paramref name="db"/>, with their INSERTs built.</summary>
    public abstract Pending Take(AppDbContext db);

    public sealed class Pending(List<EntityEntry> entries, IAsyncDisposable? statements, Func<CancellationToken, Task> execute) : IAsyncDisposable
    {
        private readonly EntityState[] _after = [.. entries.Select(e => e.Metadata.FindPrimaryKey()!.Properties.Any(p => e.Property(p.Name).IsTemporary)
            ? EntityState.Detached : EntityState.Unchanged)];

        public int Count => entries.Count;

        /// <summary>Inserts the rows in the context's current transaction and stops SaveChanges from adding them.</summary>
        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            if (entries.Count == 0)
            {
                return;
            }
            try
            {
                await execute(cancellationToken);
            }
            catch (DbException ex)
            {
                // As SaveChanges reports it, so callers that narrow a failed batch down to its rows see one kind of error.
                throw new DbUpdateException($"Inserting {entries.Count} {entries[0].Metadata.ClrType.Name} row(s) failed: {ex.Message}", ex);
            }
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].State = _after[i];
            }
        }

        /// <summary>The transaction did not commit: the rows are added again, for SaveChanges or a retry.</summary>
        public void Restore()
        {
            foreach (var entry in entries)
            {
                entry.State = EntityState.Added;
            }
        }

        public ValueTask DisposeAsync() => statements?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private sealed class Typed<T> : AddedRows where T : class
    {
        public override Pending Take(AppDbContext db)
        {
            var entries = db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).ToList();
            if (entries.Count == 0)
            {
                return new Pending([], null, _ => Task.CompletedTask);
            }
            var insert = BatchInsert<T>.For(db);
            var statements = insert.Prepare(db, [.. entries.Select(e => e.Entity)]);
            return new Pending([.. entries], statements, token => insert.ExecuteAsync(db, statements, token));
        }
    }
}
