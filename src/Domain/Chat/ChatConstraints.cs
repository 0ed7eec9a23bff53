namespace Homelette.Domain.Chat;

public static class ChatConstraints
{
    public const int TitleMaxLength = 120;
    public const int GroupMinParticipants = 2;
    public const int GroupMaxParticipants = 50;
    public const int TextMaxLength = 4000;
    public const int ImageUrlMaxLength = 512;
    public const int LocationLabelMaxLength = 200;
    public const int ClientMessageIdMaxLength = 64;
    public const int ReportReasonMaxLength = 1000;

    /// <summary>The longest text a search of one's own messages takes.</summary>
    public const int SearchTextMaxLength = 200;

    /// <summary>A user sends at most this many messages per <see cref="MessageWindow"/>.</summary>
    public const int MessagesPerWindow = 30;

    public static readonly TimeSpan MessageWindow = TimeSpan.FromSeconds(10);

    /// <summary>How long after sending a message its sender may still edit it.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);
}

public enum ConversationKind
{
    Direct = 0,
    Group = 1,
}

public enum MessageKind
{
    Text = 0,
    Image = 1,
    Location = 2,
}

/// <summary>What a <see cref="ChatChange"/> records, for clients catching up through sync.</summary>
public enum ChatChangeKind
{
    MessageCreated = 0,
    MessageEdited = 1,
    MessageDeleted = 2,
    ReadMoved = 3,
    ConversationCreated = 4,
}
