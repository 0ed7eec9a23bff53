using System.Text;
using FluentValidation;
using Homelette.Application.Common.Paging;

namespace Homelette.Application.UnitTests.Common;

public sealed class CursorCodecTests
{
    private static readonly byte[] Key = CursorCodec.DeriveKey("a test secret that is long enough to sign with");

    private readonly CursorCodec _codec = new(Key);

    public sealed record Position(string Sort, decimal? Price, Guid Id);

    private static readonly Position Sample = new("price_asc", 950.50m, Guid.Parse("01964d3c-0000-7000-8000-000000000001"));

    private static void ShouldBeInvalidCursor(Action decode)
    {
        var exception = Should.Throw<ValidationException>(decode);
        exception.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe("Cursor");
    }

    /// <summary>Changes the first character of one part ("payload.mac"): the first base64 digit always changes the first byte.</summary>
    private static string Tamper(string cursor, int part)
    {
        var parts = cursor.Split('.');
        var text = parts[part];
        parts[part] = (text[0] == 'A' ? 'B' : 'A') + text[1..];
        return string.Join('.', parts);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void ShouldGiveBackThePosition_WhenDecodingWhatItEncoded() =>
        _codec.Decode<Position>(_codec.Encode(Sample)).ShouldBe(Sample);

    [Fact]
    public void ShouldBeUrlSafe_WhenEncoding()
    {
        var cursor = _codec.Encode(Sample with { Sort = "?/+=&" + new string('x', 40) });

        cursor.ShouldNotContain('+');
        cursor.ShouldNotContain('/');
        cursor.ShouldNotContain('=');
        cursor.Count(c => c == '.').ShouldBe(1);
    }

    [Fact]
    public void ShouldRefuseTheCursor_WhenThePayloadWasTampered() =>
        ShouldBeInvalidCursor(() => _codec.Decode<Position>(Tamper(_codec.Encode(Sample), 0)));

    [Fact]
    public void ShouldRefuseTheCursor_WhenTheMacWasTampered() =>
        ShouldBeInvalidCursor(() => _codec.Decode<Position>(Tamper(_codec.Encode(Sample), 1)));

    [Fact]
    public void ShouldRefuseTheCursor_WhenAForgedPayloadKeepsTheOldMac()
    {
        var mac = _codec.Encode(Sample).Split('.')[1];
        var forged = Base64Url(Encoding.UTF8.GetBytes("""{"sort":"price_asc","price":1,"id":"01964d3c-0000-7000-8000-000000000001"}"""));

        ShouldBeInvalidCursor(() => _codec.Decode<Position>($"{forged}.{mac}"));
    }

    [Fact]
    public void ShouldRefuseTheCursor_WhenTheMacIsMissing()
    {
        var payload = _codec.Encode(Sample).Split('.')[0];

        ShouldBeInvalidCursor(() => _codec.Decode<Position>(payload + "."));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(".abc")]
    [InlineData("garbage")]
    [InlineData("!!!.###")]
    [InlineData("abc.def")]
    [InlineData("a.b.c")]
    [InlineData("eyJzb3J0IjoibmV3ZXN0In0")]
    public void ShouldRefuseTheCursor_WhenItIsGarbage(string cursor) => ShouldBeInvalidCursor(() => _codec.Decode<Position>(cursor));

    [Fact]
    public void ShouldRefuseTheCursor_WhenItWasSignedWithAnotherKey()
    {
        var other = new CursorCodec(CursorCodec.DeriveKey("another secret, another deployment"));

        ShouldBeInvalidCursor(() => _codec.Decode<Position>(other.Encode(Sample)));
    }

    [Fact]
    public void ShouldRefuseTheCursor_WhenItIsLongerThan512Characters()
    {
        var cursor = _codec.Encode(Sample with { Sort = new string('s', 600) });
        cursor.Length.ShouldBeGreaterThan(PagingConstraints.CursorMaxLength);

        ShouldBeInvalidCursor(() => _codec.Decode<Position>(cursor));
    }

    [Fact]
    public void ShouldRefuseTheCursor_WhenItsSignedPayloadIsNull() =>
        ShouldBeInvalidCursor(() => _codec.Decode<Position>(_codec.Encode<Position?>(null)));

    [Fact]
    public void ShouldRefuseTheCursor_WhenItsSignedPayloadIsNotTheExpectedShape() =>
        ShouldBeInvalidCursor(() => _codec.Decode<Position>(_codec.Encode(new[] { 1, 2, 3 })));

    [Fact]
    public void ShouldRefuseAKeyShorterThan32Bytes() =>
        Should.Throw<ArgumentException>(() => new CursorCodec(new byte[31]));

    [Fact]
    public void ShouldDeriveTheSame32ByteKey_WhenGivenTheSameSecret()
    {
        var first = CursorCodec.DeriveKey("secret");

        first.Length.ShouldBe(32);
        CursorCodec.DeriveKey("secret").ShouldBe(first);
        CursorCodec.DeriveKey("other secret").ShouldNotBe(first);
    }

    [Fact]
    public void ShouldNotUseTheSecretItself_WhenDerivingTheKey() =>
        CursorCodec.DeriveKey(new string('k', 32)).ShouldNotBe(Encoding.UTF8.GetBytes(new string('k', 32)));
}
