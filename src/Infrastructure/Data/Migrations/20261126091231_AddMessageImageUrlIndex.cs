using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Homelette.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddMessageImageUrlIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_messages_ImageUrl",
                table: "messages",
                column: "ImageUrl");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_ImageUrl",
                table: "messages");
        }
    }
}
