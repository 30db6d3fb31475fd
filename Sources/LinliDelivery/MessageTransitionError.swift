/// A refused state change.
public enum MessageTransitionError: String, Error, Sendable {
    case alreadyPending = "message.already_pending"
    case notPending = "message.not_pending"
}
