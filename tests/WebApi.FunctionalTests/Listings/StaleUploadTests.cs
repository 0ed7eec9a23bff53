using Homelette.Application.Listings.Commands.DeleteStaleUploads;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class StaleUploadTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private Task<int> AgeAsync(string url, TimeSpan age)
    {
        var createdAt = DateTimeOffset.UtcNow - age;
        return Factory.QueryAsync(db => db.ListingImages.Where(i => i.Url == url)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.CreatedAt, createdAt)));
    }

    private async Task<int> RunCleanupAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeleteStaleUploadsCommand());
    }

    private Task<bool> RowExistsAsync(string url) => Factory.QueryAsync(db => db.ListingImages.AnyAsync(i => i.Url == url));

    [Fact]
    public async Task ShouldDeleteTheRowAndFile_WhenAnUploadWasNotAttachedWithin24Hours()
    {
        var ann = await RegisterAndLoginAsync();
        var stale = await UploadAsync(ann);
        await AgeAsync(stale, TimeSpan.FromHours(25));

        var deleted = await RunCleanupAsync();

        deleted.ShouldBe(1);
        (await RowExistsAsync(stale)).ShouldBeFalse();
        File.Exists(FileOf(stale)).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldKeepTheRowAndFile_WhenAnUploadIsYoungerThan24Hours()
    {
        var ann = await RegisterAndLoginAsync();
        var fresh = await UploadAsync(ann);
        await AgeAsync(fresh, TimeSpan.FromHours(23));

        await RunCleanupAsync();

        (await RowExistsAsync(fresh)).ShouldBeTrue();
        File.Exists(FileOf(fresh)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldKeepAnOldPhoto_WhenItIsAttachedToAListing()
    {
        var ann = await RegisterAndLoginAsync();
        var upload = await UploadAsync(ann);
        await CreateListingAsync(ann, c => c.Listing!.Image_urls = [upload]);
        await AgeAsync(upload, TimeSpan.FromDays(30));

        var deleted = await RunCleanupAsync();

        deleted.ShouldBe(0);
        (await RowExistsAsync(upload)).ShouldBeTrue();
        File.Exists(FileOf(upload)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldRefuseTheUrl_WhenAListingTriesToAttachADeletedUpload()
    {
        var ann = await RegisterAndLoginAsync();
        var stale = await UploadAsync(ann);
        await AgeAsync(stale, TimeSpan.FromHours(25));
        await RunCleanupAsync();

        var ex = await ShouldFailAsync(() => CreateListingAsync(ann, c => c.Listing!.Image_urls = [stale]), 400);

        ErrorFields(ex).ShouldBe(["listing.image_urls"]);
    }
}
