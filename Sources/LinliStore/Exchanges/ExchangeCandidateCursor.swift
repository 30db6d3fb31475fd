/// Where the scheduler's walk over automatic-confirmation candidates stopped: the stored
/// `scheduled_end` text and id of the last candidate of a page
/// (`ExchangeCompletionCommands.candidatePage`).
public struct ExchangeCandidateCursor: Sendable, Equatable {
    let scheduledEnd: String
    let id: String
}
