using System.Net;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Homelette.WebApi.FunctionalTests.Chat.ChatBlocksTestHelpers;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ReportTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private const string ReportsPath = "/api/reports";

    private Task<int> ReportRowsAsync() => Factory.QueryAsync(db => db.Reports.CountAsync());

    private static CreateReportCommand ReportOf(ReportTarget type, Guid id, string reason = "Asks for the deposit in gift cards.") =>
        new() { Target_type = type, Target_id = id, Reason = reason };

    private static JsonObject ReportJson(string type, Guid id, string reason = "Spam") =>
        new() { ["target_type"] = type, ["target_id"] = id.ToString(), ["reason"] = reason };

    /// <summary>Ann and Bob in a direct conversation, Bob having written one message; returns the message.</summary>
    private static async Task<MessageDto> MessageFromAsync(SignedInUser sender, SignedInUser recipient, string text = "Send the deposit first.")
    {
        var direct = await DirectAsync(sender, recipient);
        return await SendTextAsync(sender, direct.Id, text);
    }

    [Fact]
    public async Task ShouldAnswer201_WhenReportingAUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        using var content = Json(ReportJson("user", bob.Id));
        using var response = await ann.Http.PostAsync(ReportsPath, content);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ShouldReturnTheReport_WhenReportingAUserThroughTheClient()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var report = await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, "  Asks for the deposit in gift cards.  "));

        report.Id.ShouldNotBe(Guid.Empty);
        report.Target_type.ShouldBe(ReportTarget.User);
        report.Target_id.ShouldBe(bob.Id);
        report.Reason.ShouldBe("Asks for the deposit in gift cards.");
    }

    [Fact]
    public async Task ShouldKeepTheReportForModeration_WhenReportingAListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(bob);

        var report = await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Listing, listing.Id, "The photos are of another flat."));

        var stored = await Factory.QueryAsync(db => db.Reports.AsNoTracking().SingleAsync());
        stored.Id.ShouldBe(report.Id);
        stored.ReporterId.ShouldBe(ann.Id);
        stored.TargetType.ShouldBe(Domain.Chat.ReportTarget.Listing);
        stored.TargetId.ShouldBe(listing.Id);
        stored.Reason.ShouldBe("The photos are of another flat.");
    }

    [Fact]
    public async Task ShouldAnswer201_WhenAParticipantReportsAMessageOfTheirConversation()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var message = await MessageFromAsync(bob, ann);

        var report = await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Message, message.Id));

        report.Target_type.ShouldBe(ReportTarget.Message);
        report.Target_id.ShouldBe(message.Id);
        (await ReportRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer201_WhenAGroupMemberReportsAnotherMembersMessage()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var group = await GroupAsync(carol, "Flat 4B", ann, bob);
        var message = await SendTextAsync(bob, group.Id, "Pay me in cash, no receipts.");

        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Message, message.Id));

        (await ReportRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer409AndKeepOneReport_WhenReportingTheSameTargetTwice()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, "First"));

        await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, "Second, with other words")), 409);

        var stored = await Factory.QueryAsync(db => db.Reports.AsNoTracking().SingleAsync());
        stored.Reason.ShouldBe("First");
    }

    [Fact]
    public async Task ShouldStoreOneReportAndAnswer409ToTheRest_WhenTheSameReportIsSentFourTimesAtOnce()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var content = Json(ReportJson("user", bob.Id));
            return await ann.Http.PostAsync(ReportsPath, content);
        }));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await ReportRowsAsync()).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ShouldKeepBothReports_WhenTwoUsersReportTheSameTarget()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");

        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, carol.Id));
        await ReportsOf(bob).CreateReportAsync(ReportOf(ReportTarget.User, carol.Id));

        (await ReportRowsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldKeepBothReports_WhenOneUserReportsAUserAndTheirListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(bob);

        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id));
        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Listing, listing.Id));

        (await ReportRowsAsync()).ShouldBe(2);
    }

    [Theory]
    [InlineData(ReportTarget.User)]
    [InlineData(ReportTarget.Listing)]
    [InlineData(ReportTarget.Message)]
    public async Task ShouldAnswer404AndStoreNothing_WhenTheTargetDoesNotExist(ReportTarget type)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(type, Guid.CreateVersion7())), 404);

        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404AndStoreNothing_WhenReportingTheIdOfAUserAsAListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Listing, bob.Id)), 404);

        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404AndStoreNothing_WhenANonParticipantReportsAMessage()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var message = await MessageFromAsync(bob, ann);

        await ShouldFailAsync(() => ReportsOf(carol).CreateReportAsync(ReportOf(ReportTarget.Message, message.Id)), 404);

        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswerANonParticipantExactlyAsForAnUnknownMessage_WhenReportingAMessage()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var message = await MessageFromAsync(bob, ann);
        var unknown = Guid.CreateVersion7();

        using var existingContent = Json(ReportJson("message", message.Id));
        using var existing = await carol.Http.PostAsync(ReportsPath, existingContent);
        using var absentContent = Json(ReportJson("message", unknown));
        using var absent = await carol.Http.PostAsync(ReportsPath, absentContent);

        var existingProblem = await ProblemAssertions.ShouldBeProblemAsync(existing, HttpStatusCode.NotFound);
        var absentProblem = await ProblemAssertions.ShouldBeProblemAsync(absent, HttpStatusCode.NotFound);
        existingProblem.GetProperty("title").GetString().ShouldBe(absentProblem.GetProperty("title").GetString());
        existingProblem.GetProperty("detail").GetString()!.Replace(message.Id.ToString(), "{id}", StringComparison.Ordinal)
            .ShouldBe(absentProblem.GetProperty("detail").GetString()!.Replace(unknown.ToString(), "{id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShouldAnswer404AndStoreNothing_WhenReportingSomeoneElsesArchivedListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(bob);
        await new ListingsClient(bob.Http).SetListingStatusAsync(listing.Id, new ListingStatusInput { Status = ListingStatus.Archived });

        await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Listing, listing.Id)), 404);

        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTargetIdAndStoreNothing_WhenReportingYourself()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, ann.Id)), 400);

        ErrorFields(ex).ShouldBe(["target_id"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTargetIdAndStoreNothing_WhenReportingYourOwnListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var listing = await CreateListingAsync(ann);

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Listing, listing.Id)), 400);

        ErrorFields(ex).ShouldBe(["target_id"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTargetIdAndStoreNothing_WhenReportingYourOwnMessage()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var message = await MessageFromAsync(ann, bob);

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.Message, message.Id)), 400);

        ErrorFields(ex).ShouldBe(["target_id"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ShouldAnswer400NamingReasonAndStoreNothing_WhenTheReasonIsEmpty(string reason)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, reason)), 400);

        ErrorFields(ex).ShouldBe(["reason"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingReasonAndStoreNothing_WhenTheReasonIsMissing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(new CreateReportCommand { Target_type = ReportTarget.User, Target_id = bob.Id }), 400);

        ErrorFields(ex).ShouldBe(["reason"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingReasonAndStoreNothing_WhenTheReasonIsLongerThan1000()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var ex = await ShouldFailAsync(() => ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, new string('r', 1001))), 400);

        ErrorFields(ex).ShouldBe(["reason"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldKeepTheWholeReason_WhenItIs1000Characters()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var reason = new string('r', 1000);

        await ReportsOf(ann).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id, reason));

        (await Factory.QueryAsync(db => db.Reports.AsNoTracking().Select(r => r.Reason).SingleAsync())).ShouldBe(reason);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTargetTypeAndStoreNothing_WhenTheTargetTypeIsUnknown()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        using var content = Json(ReportJson("weather", bob.Id));
        using var response = await ann.Http.PostAsync(ReportsPath, content);

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["target_type"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTargetTypeAndTargetId_WhenTheyAreMissing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        using var content = Json(new JsonObject { ["reason"] = "Spam" });
        using var response = await ann.Http.PostAsync(ReportsPath, content);

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["target_type", "target_id"], ignoreOrder: true);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400AndStoreNothing_WhenTheBodyNamesAReporter()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var body = ReportJson("user", carol.Id);
        body["reporter_id"] = bob.Id.ToString();

        using var content = Json(body);
        using var response = await ann.Http.PostAsync(ReportsPath, content);

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["reporter_id"]);
        (await ReportRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer401AndStoreNothing_WhenAnonymousReports()
    {
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => new ReportsClient(Factory.CreateClient()).CreateReportAsync(ReportOf(ReportTarget.User, bob.Id)), 401);

        (await ReportRowsAsync()).ShouldBe(0);
    }
}
