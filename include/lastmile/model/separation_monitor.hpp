#pragma once
/// Separation monitoring between airborne drones, event-driven from their planned 4D paths.
///
/// Each flight's legs are indexed in a uniform grid over the plan view: a leg is filed in every
/// cell that comes within the horizontal minimum of it, and a new or changed path is checked,
/// leg by leg, against the legs filed in the cells it passes through, flown at overlapping
/// times in overlapping altitude ranges. So the cost grows with the traffic nearby at the same
/// time and height, not with the square of the fleet. Legs long flown are dropped as their
/// cells are next swept. Pieces of one encounter that span several legs are merged into one
/// event.

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include <lastmile/model/closest_approach.hpp>
#include <lastmile/model/trajectory.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

enum class EncounterKind : std::uint8_t { loss_of_separation, nmac };

struct PredictedEncounter {
    EncounterKind kind = EncounterKind::loss_of_separation;
    std::uint64_t flight = 0;  ///< the flight whose path was added
    std::uint64_t other = 0;
    Encounter at;
    Eigen::Vector3d position = Eigen::Vector3d::Zero();  ///< of `flight` at closest approach
    std::uint32_t leg = 0;                               ///< of `flight`, at closest approach
    std::uint32_t other_leg = 0;                         ///< of `other`
};

class SeparationMonitor {
  public:
    explicit SeparationMonitor(const scenario::SeparationSpec& minima);

    /// Sets the path of `flight` (replacing any it had) at time `now_s`, and returns its
    /// encounters with every other flight, ordered by start time, then other flight.
    /// Encounters that began before `now_s` may be left out, and legs that ended a while
    /// before it are forgotten: time only moves forward.
    std::vector<PredictedEncounter> set_path(
        std::uint64_t flight, std::vector<TrajectoryLeg> legs,
        double now_s = -std::numeric_limits<double>::infinity());
    /// The flight has landed or was cancelled.
    void remove(std::uint64_t flight);

    const std::vector<TrajectoryLeg>* path(std::uint64_t flight) const;
    std::uint64_t pair_checks() const noexcept { return pair_checks_; }

  private:
    /// A leg as filed in a cell: whose, and when and how high it is flown, so that legs flown
    /// at other times or heights are passed over without looking further.
    struct LegRef {
        std::uint64_t flight;
        std::uint32_t generation;
        std::uint32_t leg;
        double t0_s;
        double t1_s;
        double z_low_m;
        double z_high_m;
    };
    struct Track {
        std::vector<TrajectoryLeg> legs;
        std::uint32_t generation = 0;
    };
    struct Cell {
        std::vector<LegRef> legs;
        std::size_t swept_size = 0;  ///< size after the last sweep
    };
    /// Calls `visit(key)` once for every cell within `radius_m` of the leg in the plane.
    template <typename Visit>
    void cells_near(const TrajectoryLeg& leg, double radius_m, Visit&& visit) const;
    static std::uint64_t cell_key(std::int64_t cx, std::int64_t cy);
    /// Drops legs that ended before `t_s`, or whose path was replaced or removed.
    void sweep(Cell& cell, double t_s) const;

    scenario::SeparationSpec minima_;
    double reach_m_;     ///< the larger horizontal minimum: legs nearer may interact
    double altitude_m_;  ///< the larger vertical minimum
    double cell_m_;
    std::unordered_map<std::uint64_t, Track> tracks_;  // by flight; looked up, never iterated
    std::unordered_map<std::uint64_t, Cell> grid_;     // looked up, never iterated
    std::uint64_t pair_checks_ = 0;
};

}  // namespace lastmile::model
