using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.Outbox;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(64).IsRequired();
        builder.Property(e => e.ToAddress).HasMaxLength(OutboxEmail.AddressMaxLength).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(OutboxEmail.NameMaxLength);
        builder.Property(e => e.FromName).HasMaxLength(OutboxEmail.NameMaxLength);
        builder.Property(e => e.Subject).HasMaxLength(OutboxEmail.SubjectMaxLength).IsRequired();
        builder.Property(e => e.HtmlBody).IsRequired();
        builder.Property(e => e.TextBody).IsRequired();
        builder.Property(e => e.MessageId).HasMaxLength(200).IsRequired();
        builder.Property(e => e.LeaseOwner).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(OutboxEmail.ErrorMaxLength);
        // The drainer's question: which queued rows are due, oldest first.
        builder.HasIndex(e => new { e.Status, e.NextAttemptAtUtc });
        // The Email queue page: a studio's rows by state, newest first.
        builder.HasIndex(e => new { e.StudioId, e.Status, e.CreatedAtUtc });
    }
}
