using System.Net;
using Homelette.Infrastructure.Identity;

namespace Homelette.Infrastructure.UnitTests.Identity;

public sealed class RedisLoginThrottleTests
{
    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void ShouldCountAnIPv4AddressAlone_AndAnIPv6AddressByItsSlash64(string address, string counted) =>
        RedisLoginThrottle.ClientNetwork(IPAddress.Parse(address)).ShouldBe(counted);

    [Fact]
    public void ShouldCountConnectionsWithoutAnAddressTogether() =>
        RedisLoginThrottle.ClientNetwork(null).ShouldBe("unknown");
}
