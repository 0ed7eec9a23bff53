using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace Homelette.Application.Common.Paging;

/// <summary>
/// Opaque keyset cursors: the position as JSON, base64url-encoded and signed (HMAC-SHA256), so a client can
/// neither read meaning into a cursor nor forge one. A malformed or tampered cursor is a validation error
/// of the <c>cursor</c> field (or of the parameter the cursor came in).
/// </summary>
public sealed class CursorCodec
{
    private const int MacBytes = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] _key;

    public CursorCodec(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The cursor key must be at least 32 bytes.", nameof(key));
        }

        _key = key;
    }

    public string Encode<T>(T position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position, Json);
        return $"{Base64UrlEncode(payload)}.{Base64UrlEncode(Mac(payload))}";
    }

    /// <param name="field">The request field the cursor came in, named in the error when it is not valid.</param>
    public T Decode<T>(string cursor, string field = "Cursor")
    {
        ArgumentNullException.ThrowIfNull(cursor);
        try
        {
            var dot = cursor.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || cursor.Length > PagingConstraints.CursorMaxLength)
            {
                throw Invalid(field);
            }

            var payload = Base64UrlDecode(cursor[..dot]);
            var mac = Base64UrlDecode(cursor[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
            {
                throw Invalid(field);
            }

            return JsonSerializer.Deserialize<T>(payload, Json) ?? throw Invalid(field);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            throw Invalid(field);
        }
    }

    private static ValidationException Invalid(string field) =>
        new([new ValidationFailure(field, "The cursor is not valid; start again without one.")]);

    private byte[] Mac(byte[] payload) => HMACSHA256.HashData(_key, payload)[..MacBytes];

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    /// <summary>Derives the cursor key from another secret, so that the two never share a key.</summary>
    public static byte[] DeriveKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes("homelette-cursor-v1"));
}
