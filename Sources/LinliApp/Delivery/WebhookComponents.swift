import Foundation
import LinliCurl
import LinliDelivery
import Logging

/// Builds the delivery worker's pieces from configuration.
public enum WebhookComponents {
    /// The libcurl transport with the configured SSRF allow-list, proxy and timeouts.
    public static func transport(_ configuration: LinliConfiguration) throws -> CurlTransport {
        let policy: AddressPolicy
        do {
            policy = try AddressPolicy(allowing: configuration.webhookAllowedCIDRs)
        } catch {
            throw ConfigurationError(problems: ["webhooks.allow_private_cidrs: \(error)"])
        }
        return try CurlTransport(
            configuration: CurlTransportConfiguration(
                totalTimeout: .seconds(configuration.webhookTimeoutSeconds), addressPolicy: policy, proxy: configuration.webhookProxy,
                proxyPinning: configuration.webhookProxyPinning))
    }

    public static func settings(_ configuration: LinliConfiguration) -> WebhookWorkerSettings {
        WebhookWorkerSettings(
            pollInterval: .milliseconds(configuration.webhookPollMilliseconds), maxInFlight: configuration.webhookMaxInFlight,
            policy: DeliveryPolicy(
                schedule: RetrySchedule(delays: configuration.webhookRetryDelays, jitter: 0.1),
                disableAfterFailingFor: TimeInterval(configuration.webhookDisableAfterDays) * 86_400))
    }
}
