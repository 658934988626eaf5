using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Infrastructure.Data;

/// <summary>
/// The portal's data on PostgreSQL, with what several instances over one database share besides it: the Data Protection
/// key ring (so a cookie, an antiforgery token or a reset link made by one instance works on every other) and, through
/// its migrations, Quartz's clustered job store tables.
/// </summary>
public sealed class PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options) : PortalDbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
