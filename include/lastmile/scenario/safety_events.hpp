#pragma once
/// The one table of safety event types: the airspace model records them (contingency causes
/// among them), the loader checks target levels of safety against them, the results name them
/// (/safety `type`, the `safety_NAME...` metrics) and the safety-case report lists them. Code
/// branches on the enum, never on the name.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lastmile::scenario {

enum class SafetyEvent : std::uint8_t {
    loss_of_separation,
    nmac,
    nonconformance,
    geofence_incursion,
    lost_link,
    flight_failure,
    reserve_divert,
    geofence_contingency,
};

/// How bad an event is, as the /safety `severity` column says it.
enum class Severity : std::uint8_t { minor, significant, major };

struct SafetyEventType {
    SafetyEvent event;
    std::string_view name;  ///< in results and in scenario targets
    Severity severity;
    /// Ends a flight's plan: the drone flies a contingency route (home, a safe landing site,
    /// or straight down).
    bool contingency;
};

/// Every type, in the order results list them.
inline constexpr std::array<SafetyEventType, 8> kSafetyEventTypes{{
    {SafetyEvent::loss_of_separation, "loss_of_separation", Severity::significant, false},
    {SafetyEvent::nmac, "nmac", Severity::major, false},
    {SafetyEvent::nonconformance, "nonconformance", Severity::minor, false},
    {SafetyEvent::geofence_incursion, "geofence_incursion", Severity::major, false},
    {SafetyEvent::lost_link, "lost_link", Severity::significant, true},
    {SafetyEvent::flight_failure, "flight_failure", Severity::major, true},
    {SafetyEvent::reserve_divert, "reserve_divert", Severity::significant, true},
    {SafetyEvent::geofence_contingency, "geofence_contingency", Severity::minor, true},
}};

constexpr const SafetyEventType& type_of(SafetyEvent event) {
    return kSafetyEventTypes[static_cast<std::size_t>(event)];
}
constexpr std::string_view name_of(SafetyEvent event) {
    return type_of(event).name;
}
constexpr std::string_view name_of(Severity severity) {
    return severity == Severity::major         ? "major"
           : severity == Severity::significant ? "significant"
                                               : "minor";
}

/// The type named `name`, if there is one.
constexpr std::optional<SafetyEvent> safety_event_named(std::string_view name) {
    for (const auto& type : kSafetyEventTypes) {
        if (type.name == name) {
            return type.event;
        }
    }
    return std::nullopt;
}

/// The names, in order: for "did you mean" hints and loops over results.
inline std::vector<std::string> safety_event_names() {
    std::vector<std::string> names;
    for (const auto& type : kSafetyEventTypes) {
        names.emplace_back(type.name);
    }
    return names;
}

/// The metric counting events of this type ("safety_nmac"); rates add "_per_1000_h".
inline std::string metric_name(SafetyEvent event) {
    return "safety_" + std::string(name_of(event));
}

}  // namespace lastmile::scenario
