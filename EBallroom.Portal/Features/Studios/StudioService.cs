using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Studios;

public sealed record StudioInfo(int Id, string Name, string IdNumber, string PhoneRegion);

/// <summary>Creating studios (operators, CLI) and the signed-in staff member's own studio.</summary>
public sealed class StudioService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public async Task<StudioInfo> CreateAsync(string name, StudioSettings? settings = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A random number can collide with an existing studio's; the unique index is the arbiter, so retry on it.
        for (var attempt = 0; ; attempt++)
        {
            var studio = Studio.Create(name, Studio.NewIdNumber(), time.GetUtcNow().UtcDateTime, settings);
            if (await db.Studios.AnyAsync(s => s.IdNumber == studio.IdNumber, cancellationToken)) continue;
            db.Studios.Add(studio);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ToInfo(studio);
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                db.Entry(studio).State = EntityState.Detached;
            }
        }
    }

    public async Task<StudioInfo?> FindByIdNumberAsync(string? idNumber, CancellationToken cancellationToken = default)
    {
        var trimmed = idNumber?.Trim();
        if (!Studio.IsValidIdNumber(trimmed)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var studio = await db.Studios.AsNoTracking().SingleOrDefaultAsync(s => s.IdNumber == trimmed, cancellationToken);
        return studio is null ? null : ToInfo(studio);
    }

    public async Task<StudioInfo?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var studio = await db.Studios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return studio is null ? null : ToInfo(studio);
    }

    private static StudioInfo ToInfo(Studio s) => new(s.Id, s.Name, s.IdNumber, s.Settings.PhoneRegion);
}

public enum RenameStatus { Renamed, Invalid, Forbidden }

/// <summary>The signed-in staff member's own studio: what Client Portal Settings shows and changes.</summary>
public sealed class MyStudio(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff)
{
    public async Task<StudioInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var s = await db.Studios.AsNoTracking().SingleAsync(x => x.Id == staff.StudioId, cancellationToken);
        return new StudioInfo(s.Id, s.Name, s.IdNumber, s.Settings.PhoneRegion);
    }

    public async Task<(RenameStatus Status, string? Error)> RenameAsync(string? name, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        if (!staff.IsAdmin) return (RenameStatus.Forbidden, "Only a studio admin can change the studio's name.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var studio = await db.Studios.SingleAsync(x => x.Id == staff.StudioId, cancellationToken);
        try
        {
            studio.Rename(name ?? "");
        }
        catch (ArgumentException e)
        {
            return (RenameStatus.Invalid, e.Message.Split(" (Parameter")[0]);
        }
        await db.SaveChangesAsync(cancellationToken);
        return (RenameStatus.Renamed, null);
    }
}
