using Homelette.Application.Chat.Reports;
using Homelette.Domain.Chat;
using Riok.Mapperly.Abstractions;

namespace Homelette.Application.Chat;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class ChatMapper
{
    public static partial MessageDto ToDto(this Message message);

    /// <summary>The projection of messages into DTOs, translated to SQL.</summary>
    public static partial IQueryable<MessageDto> ProjectToDto(this IQueryable<Message> messages);

    public static partial ReportDto ToDto(this Report report);
}
