#pragma once
/// The airspace part of a scenario: the BVLOS corridor network, geofences, wind, separation
/// minima, strategic deconfliction, contingencies and target levels of safety. Quantities are
/// in internal units; times of events (wind changes, geofence activations) are seconds since
/// the start of the run.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/safety_events.hpp>

namespace lastmile::scenario {

/// Heights above ground, inclusive.
struct AltitudeBand {
    double min_m = 0;
    double max_m = 0;
    double centre_m() const { return 0.5 * (min_m + max_m); }
    bool overlaps(const AltitudeBand& other) const {
        return min_m <= other.max_m && other.min_m <= max_m;
    }
};

/// A corridor waypoint. Drones may leave the corridor network here for a customer (and
/// re-enter it) when `exit` is true.
struct CorridorNodeSpec {
    std::string id;
    geo::GeoPoint location;
    bool exit = true;
    SourceLocation defined_at;
};

/// A directed corridor segment. Flights follow its centre line at the centre of its band.
/// In-trail separation is a time headway, or a distance turned into a headway with each
/// flight's ground speed.
struct CorridorSegmentSpec {
    std::string id;
    std::size_t from = 0;
    std::size_t to = 0;
    AltitudeBand band;
    double half_width_m = 0;
    double speed_limit_mps = 0;  ///< ground speed
    double headway_s = 0;        ///< 0 when given as a distance
    double separation_m = 0;     ///< 0 when given as a time headway
    double length_m = 0;         ///< geodesic, from node to node
    SourceLocation defined_at;
};

/// A time window during which a geofence is active. Flights planned before `from_s - notice_s`
/// do not know about it (a pop-up restriction when the notice is 0).
struct ActivationWindow {
    double from_s = 0;
    double to_s = std::numeric_limits<double>::infinity();
    double notice_s = 0;
};

struct GeofenceSpec {
    std::string id;
    std::vector<geo::GeoPoint> polygon;  ///< closed ring: the last vertex repeats the first
    AltitudeBand altitude;
    std::vector<ActivationWindow> windows;  ///< empty: always active
    SourceLocation defined_at;
};

/// Wind from `from_s` until the next change: speed and the direction it blows from
/// (meteorological convention, radians clockwise from north).
struct WindChange {
    double from_s = 0;
    double speed_mps = 0;
    double from_direction_rad = 0;
};

/// A region with its own wind (a sea breeze along a shore, say): inside the polygon its
/// changes apply instead of the area's.
struct WindRegionSpec {
    std::string id;
    std::vector<geo::GeoPoint> polygon;  ///< closed ring: the last vertex repeats the first
    std::vector<WindChange> changes;     ///< sorted by time; calm before the first
    SourceLocation defined_at;
};

struct WindSpec {
    std::vector<WindChange> changes;      ///< sorted by time; calm before the first
    std::vector<WindRegionSpec> regions;  ///< the first region containing a point wins
    double gust_factor = 1;               ///< peak gust over mean speed
    double max_speed_mps = std::numeric_limits<double>::infinity();  ///< gusts above: grounded
};

/// Minima below which two airborne drones are in a loss of separation (both horizontal and
/// vertical distances under the minima at once), and the tighter near-mid-air-collision minima.
struct SeparationSpec {
    double horizontal_m = 609.6;       ///< 2000 ft: RTCA DO-365 "well clear"
    double vertical_m = 76.2;          ///< 250 ft: RTCA DO-365 "well clear"
    double nmac_horizontal_m = 152.4;  ///< 500 ft: NMAC, FAA / ICAO definition
    double nmac_vertical_m = 30.48;    ///< 100 ft
    double terminal_radius_m = 100;    ///< pad traffic this close to a depot is sequenced
};

struct DeconflictionSpec {
    double buffer_s = 0;               ///< added to every headway
    double max_ground_delay_s = 1800;  ///< longer: try another route, else deny the flight
    bool reroute = true;
};

enum class ContingencyAction : std::uint8_t { return_to_depot, land_at_safe_site };

struct SafeLandingSiteSpec {
    std::string id;
    geo::GeoPoint location;
    SourceLocation defined_at;
};

struct ContingencySpec {
    double lost_link_rate_per_s = 0;  ///< per second of flight
    ContingencyAction lost_link_action = ContingencyAction::return_to_depot;
    double emergency_descent_rate_mps = 2;
    double recovery_time_s = 3600;  ///< to bring a drone back from where it landed
    std::vector<SafeLandingSiteSpec> safe_landing_sites;
};

/// A target level of safety: at most `max_per_1000_h` events of this type per 1,000 flight
/// hours.
struct SafetyTargetSpec {
    std::string event;
    double max_per_1000_h = 0;
    SourceLocation defined_at;
};

struct AirspaceSpec {
    std::vector<CorridorNodeSpec> nodes;
    std::vector<CorridorSegmentSpec> segments;
    double max_connector_m = 2000;  ///< depot to its gate node
    double drop_altitude_m = 10;    ///< drones descend to this height to deliver
    std::vector<GeofenceSpec> geofences;
    WindSpec wind;
    SeparationSpec separation;
    DeconflictionSpec deconfliction;
    ContingencySpec contingency;
    std::vector<SafetyTargetSpec> targets;
    /// Per depot: the corridor node its drones climb out to and approach from (the nearest
    /// node), or -1 for depots without drones. Resolved and checked by the loader.
    std::vector<std::int64_t> depot_gate;
    bool present() const { return !nodes.empty(); }
};

}  // namespace lastmile::scenario
