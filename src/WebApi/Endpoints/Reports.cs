using Homelette.Application.Chat.Reports;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Homelette.WebApi.Endpoints;

/// <summary>Reports of users, listings and messages, kept for moderation.</summary>
public sealed class Reports : EndpointGroupBase
{
    public override string RoutePrefix => "reports";

    public override void Map(RouteGroupBuilder group) =>
        group.MapPost(CreateReport)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// Reports a user, a listing or a message (of one of your conversations) for moderation: 201 with the report;
    /// 409 when you already reported it.
    /// </summary>
    public static async Task<Created<ReportDto>> CreateReport(ISender sender, CreateReportCommand body, CancellationToken cancellationToken)
    {
        var result = await sender.Send(body, cancellationToken);
        return TypedResults.Created((string?)null, result.Report);
    }
}
