using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Homelette.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddUserBlockListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_user_blocks_BlockerId_CreatedAt_BlockedId",
                table: "user_blocks",
                columns: new[] { "BlockerId", "CreatedAt", "BlockedId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_user_blocks_BlockerId_CreatedAt_BlockedId",
                table: "user_blocks");
        }
    }
}
