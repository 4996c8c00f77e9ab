#pragma once
/// Where models report facts. Models see only this interface; files are written elsewhere.

#include <vector>

#include <lastmile/output/records.hpp>

namespace lastmile::output {

/// Everything a run reported, in the order it was reported.
struct RunRecords {
    std::vector<OrderRecord> orders;
    std::vector<VehicleRecord> vehicles;
    std::vector<BatteryRecord> batteries;
    std::vector<FlightRecord> flights;
    std::vector<FlightSegmentRecord> flight_segments;
    std::vector<FlightTrackPoint> flight_tracks;
    std::vector<SafetyRecord> safety;
    std::vector<SegmentRecord> segments;
    std::vector<TripRecord> trips;
    std::vector<DepotQueueRecord> depots;
    std::vector<FleetSample> fleet_samples;
    std::vector<DepotSample> depot_samples;
    std::vector<Metric> metrics;
    std::vector<OnMissionChange> on_mission_changes;  ///< in memory only
    EconomicsRecords economics;                       ///< empty without an economics section
    TraceRecords trace;                               ///< empty unless the run was traced

    const Metric* find_metric(std::string_view name) const {
        for (const auto& m : metrics) {
            if (m.name == name) {
                return &m;
            }
        }
        return nullptr;
    }
};

class Recorder {
  public:
    virtual ~Recorder() = default;
    virtual void record(const OrderRecord& row) = 0;
    virtual void record(const VehicleRecord& row) = 0;
    virtual void record(const BatteryRecord& row) = 0;
    virtual void record(const FlightRecord& row) = 0;
    virtual void record(const FlightSegmentRecord& row) = 0;
    virtual void record(const FlightTrackPoint& row) = 0;
    virtual void record(const SafetyRecord& row) = 0;
    virtual void record(const SegmentRecord& row) = 0;
    virtual void record(const TripRecord& row) = 0;
    virtual void record(const DepotQueueRecord& row) = 0;
    virtual void record(const FleetSample& row) = 0;
    virtual void record(const DepotSample& row) = 0;
    virtual void record(const Metric& metric) = 0;
    /// Optional: only recorders that feed the economics keep these.
    virtual void record(const OnMissionChange&) {}
    /// Optional: the full event trace, once, at the end of a traced run.
    virtual void record(TraceRecords&&) {}
};

/// Keeps everything in memory.
class MemoryRecorder final : public Recorder {
  public:
    void record(const OrderRecord& row) override { records_.orders.push_back(row); }
    void record(const VehicleRecord& row) override { records_.vehicles.push_back(row); }
    void record(const BatteryRecord& row) override { records_.batteries.push_back(row); }
    void record(const FlightRecord& row) override { records_.flights.push_back(row); }
    void record(const FlightSegmentRecord& row) override {
        records_.flight_segments.push_back(row);
    }
    void record(const FlightTrackPoint& row) override { records_.flight_tracks.push_back(row); }
    void record(const SafetyRecord& row) override { records_.safety.push_back(row); }
    void record(const SegmentRecord& row) override { records_.segments.push_back(row); }
    void record(const TripRecord& row) override { records_.trips.push_back(row); }
    void record(const DepotQueueRecord& row) override { records_.depots.push_back(row); }
    void record(const FleetSample& row) override { records_.fleet_samples.push_back(row); }
    void record(const DepotSample& row) override { records_.depot_samples.push_back(row); }
    void record(const Metric& metric) override { records_.metrics.push_back(metric); }
    void record(const OnMissionChange& row) override { records_.on_mission_changes.push_back(row); }
    void record(TraceRecords&& trace) override { records_.trace = std::move(trace); }

    const RunRecords& records() const noexcept { return records_; }
    RunRecords take() { return std::move(records_); }

  private:
    RunRecords records_;
};

}  // namespace lastmile::output
