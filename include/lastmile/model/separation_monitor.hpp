#pragma once
/// Separation monitoring between airborne drones, event-driven from their planned 4D paths.
///
/// Each flight's legs are indexed in a uniform grid over the plan view; a new or changed path
/// is checked, leg by leg, only against legs in the grid cells it passes through and that are
/// flown at overlapping times, so the cost grows with the traffic nearby, not with the square
/// of the fleet. Pieces of one encounter that span several legs are merged into one event.

#include <cstdint>
#include <map>
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

    /// Sets the path of `flight` (replacing any it had) and returns its encounters with every
    /// other flight, ordered by start time, then other flight.
    std::vector<PredictedEncounter> set_path(std::uint64_t flight, std::vector<TrajectoryLeg> legs);
    /// The flight has landed or was cancelled.
    void remove(std::uint64_t flight);
    /// Drops paths that ended before `t_s`.
    void forget_before(double t_s);

    const std::vector<TrajectoryLeg>* path(std::uint64_t flight) const;
    std::uint64_t pair_checks() const noexcept { return pair_checks_; }

  private:
    struct LegRef {
        std::uint64_t flight;
        std::uint32_t generation;
        std::uint32_t leg;
    };
    struct Track {
        std::vector<TrajectoryLeg> legs;
        std::uint32_t generation = 0;
        double end_s = 0;
    };
    std::vector<std::uint64_t> cells_along(const TrajectoryLeg& leg, bool with_neighbours) const;
    static std::uint64_t cell_key(std::int64_t cx, std::int64_t cy);

    scenario::SeparationSpec minima_;
    double cell_m_;
    std::map<std::uint64_t, Track> tracks_;                        // by flight
    std::unordered_map<std::uint64_t, std::vector<LegRef>> grid_;  // looked up, never iterated
    std::uint64_t pair_checks_ = 0;
};

}  // namespace lastmile::model
