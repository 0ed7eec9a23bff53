using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Homelette.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddListingFullTextIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ft_listings_text",
                table: "listings",
                columns: new[] { "Title", "Description", "StreetAddress" })
                .Annotation("MySql:FullTextIndex", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ft_listings_text",
                table: "listings");
        }
    }
}
