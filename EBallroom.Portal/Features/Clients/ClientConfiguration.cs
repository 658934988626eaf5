using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using EBallroom.Portal.Features.Studios;

namespace EBallroom.Portal.Features.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.HasOne<Studio>().WithMany().HasForeignKey(c => c.StudioId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.FirstName).HasMaxLength(ClientRules.NameMaxLength).IsRequired();
        builder.Property(c => c.LastName).HasMaxLength(ClientRules.NameMaxLength).IsRequired();
        builder.Property(c => c.Email).HasMaxLength(ClientRules.EmailMaxLength);
        builder.Property(c => c.NormalizedEmail).HasMaxLength(ClientRules.EmailMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(ClientRules.PhoneMaxLength);
        builder.Property(c => c.Notes).HasMaxLength(ClientRules.NotesMaxLength);
        builder.Property(c => c.ExternalId).HasMaxLength(ClientRules.ExternalIdMaxLength);
        builder.Property(c => c.SearchText).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.FirstNameKey).HasMaxLength(Matching.MatchKeys.KeyMaxLength).IsRequired();
        builder.Property(c => c.LastNameKey).HasMaxLength(Matching.MatchKeys.KeyMaxLength).IsRequired();
        builder.ComplexProperty(c => c.Address, a =>
        {
            a.Property(x => x.Line1).HasMaxLength(ClientRules.AddressLineMaxLength).HasColumnName("AddressLine1");
            a.Property(x => x.Line2).HasMaxLength(ClientRules.AddressLineMaxLength).HasColumnName("AddressLine2");
            a.Property(x => x.City).HasMaxLength(ClientRules.CityMaxLength).HasColumnName("City");
            a.Property(x => x.State).HasMaxLength(ClientRules.StateMaxLength).HasColumnName("State");
            a.Property(x => x.PostalCode).HasMaxLength(ClientRules.PostalCodeMaxLength).HasColumnName("PostalCode");
        });

        // Both SQLite and PostgreSQL treat NULLs as distinct in a unique index: clients without an external id never collide.
        builder.HasIndex(c => new { c.StudioId, c.ExternalId }).IsUnique();
        // Each sort order has an index that also carries SearchText: a search walks the index in the grid's order, tests
        // the folded text there, and reads table rows only for the page it returns (measured: bench --scenario clients).
        builder.HasIndex(c => new { c.StudioId, c.LastName, c.FirstName, c.Id, c.SearchText });
        builder.HasIndex(c => new { c.StudioId, c.NormalizedEmail, c.Id, c.SearchText });
        builder.HasIndex(c => new { c.StudioId, c.Phone, c.Id, c.SearchText });
        builder.HasIndex(c => new { c.StudioId, c.BirthDate, c.Id, c.SearchText });

        // The matcher's keys besides email and phone (see Features/Matching).
        builder.HasIndex(c => new { c.StudioId, c.LastNameKey, c.FirstNameKey });
        builder.HasIndex(c => new { c.StudioId, c.LastNameKey, c.BirthDate });
        builder.HasIndex(c => new { c.StudioId, c.FirstNameKey, c.BirthDate });
    }
}
