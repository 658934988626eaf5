using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Infrastructure.Data;

/// <summary>
/// The portal's data. On SQLite (the default) this type itself is used and migrated; on PostgreSQL its subclass
/// <see cref="PostgreSqlPortalDbContext"/> is, with its own migrations, as EF Core does it for several providers.
/// </summary>
public class PortalDbContext : IdentityDbContext<PortalUser, IdentityRole, string>
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options) : base(options) { }

    protected PortalDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Studio> Studios => Set<Studio>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Features.Outbox.OutboxEmail> OutboxEmails => Set<Features.Outbox.OutboxEmail>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<Features.Registration.RegistrationLink> RegistrationLinks => Set<Features.Registration.RegistrationLink>();
    public DbSet<Features.Registration.PendingRegistration> PendingRegistrations => Set<Features.Registration.PendingRegistration>();
    public DbSet<Features.Portal.PortalLink> PortalLinks => Set<Features.Portal.PortalLink>();
    public DbSet<Features.AccountRequests.AccountRequest> AccountRequests => Set<Features.AccountRequests.AccountRequest>();
    public DbSet<Features.AutoGenerate.AutoGenerateRun> AutoGenerateRuns => Set<Features.AutoGenerate.AutoGenerateRun>();
    public DbSet<Features.AutoGenerate.AutoGenerateOutcome> AutoGenerateOutcomes => Set<Features.AutoGenerate.AutoGenerateOutcome>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            // One email, one account: enforced by the database, not only by Identity's RequireUniqueEmail check.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
            user.HasOne<Studio>().WithMany().HasForeignKey(u => u.StaffStudioId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
