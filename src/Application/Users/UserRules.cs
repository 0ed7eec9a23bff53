using FluentValidation;
using Homelette.Domain.Users;

namespace Homelette.Application.Users;

/// <summary>Field rules shared by every use case that takes profile fields.</summary>
internal static class UserRules
{
    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(UserConstraints.EmailMaxLength).EmailAddress();

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Length(UserConstraints.PasswordMinLength, UserConstraints.PasswordMaxLength);

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("'{PropertyName}' must not be empty.")
            .MaximumLength(UserConstraints.NameMaxLength);

    public static IRuleBuilderOptions<T, int?> ValidGraduationYear<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(UserConstraints.GraduationYearMin, UserConstraints.GraduationYearMax);

    public static IRuleBuilderOptions<T, string?> ValidProfilePictureUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(UserConstraints.ProfilePictureUrlMaxLength)
            .Must(url => string.IsNullOrEmpty(url) || IsWebOrUploadUrl(url))
            .WithMessage("'{PropertyName}' must be an http(s) URL or an /uploads/ path.");

    private static bool IsWebOrUploadUrl(string url) =>
        url.StartsWith("/uploads/", StringComparison.Ordinal)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));
}
