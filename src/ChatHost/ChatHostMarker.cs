namespace Homelette.ChatHost;

/// <summary>Names this assembly for WebApplicationFactory in the functional tests.</summary>
public sealed class ChatHostMarker;
