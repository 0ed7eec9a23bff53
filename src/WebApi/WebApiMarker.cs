namespace Homelette.WebApi;

/// <summary>Names this assembly for WebApplicationFactory in the functional tests.</summary>
public sealed class WebApiMarker;
