using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Homelette.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddAmenitiesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_listings_status_amenities_id",
                table: "listings",
                columns: new[] { "Status", "Amenities", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_listings_status_amenities_id",
                table: "listings");
        }
    }
}
