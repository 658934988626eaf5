using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.Studios;

internal sealed class StudioConfiguration : IEntityTypeConfiguration<Studio>
{
    public void Configure(EntityTypeBuilder<Studio> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Studio.NameMaxLength).IsRequired();
        builder.Property(s => s.IdNumber).HasMaxLength(Studio.IdNumberLength).IsRequired();
        builder.HasIndex(s => s.IdNumber).IsUnique();
        builder.ComplexProperty(s => s.Settings, settings =>
            settings.Property(x => x.PhoneRegion).HasMaxLength(2).IsRequired().HasColumnName("PhoneRegion"));
    }
}
