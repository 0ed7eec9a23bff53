using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Homelette.Infrastructure.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Email).HasMaxLength(UserConstraints.EmailMaxLength).IsRequired();
        // Already upper-cased: compare byte for byte, so that accents count ("zoe" and "zoë" are different people).
        builder.Property(u => u.NormalizedEmail).HasMaxLength(UserConstraints.EmailMaxLength).IsRequired().UseCollation("utf8mb4_bin");
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(UserConstraints.PasswordHashMaxLength).IsRequired();
        builder.Property(u => u.FirstName).HasMaxLength(UserConstraints.NameMaxLength).IsRequired();
        builder.Property(u => u.LastName).HasMaxLength(UserConstraints.NameMaxLength).IsRequired();
        builder.Property(u => u.Major).HasMaxLength(UserConstraints.MajorMaxLength);
        builder.Property(u => u.AboutMe).HasMaxLength(UserConstraints.AboutMeMaxLength);
        builder.Property(u => u.ProfilePictureUrl).HasMaxLength(UserConstraints.ProfilePictureUrlMaxLength);
        builder.Property(u => u.ShowOnlineStatus).HasDefaultValue(true);
        builder.Property(u => u.CreatedAt).IsRequired();
        builder.Property(u => u.UpdatedAt).IsRequired();
        builder.Ignore(u => u.DomainEvents);
    }
}
