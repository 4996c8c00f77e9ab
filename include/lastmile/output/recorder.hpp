#pragma once
/// Where models report facts. Models see only this interface; files are written elsewhere.

#include <vector>

#include <lastmile/output/records.hpp>

namespace lastmile::output {

class Recorder {
public:
    virtual ~Recorder() = default;
    virtual void record_order(const OrderRecord& order) = 0;
    virtual void record_metric(const Metric& metric) = 0;
};

/// Everything a run reported, kept in memory in the order it was reported.
struct RunRecords {
    std::vector<OrderRecord> orders;
    std::vector<Metric> metrics;

    const Metric* find_metric(std::string_view name) const {
        for (const auto& m : metrics) {
            if (m.name == name) {
                return &m;
            }
        }
        return nullptr;
    }
};

class MemoryRecorder final : public Recorder {
public:
    void record_order(const OrderRecord& order) override { records_.orders.push_back(order); }
    void record_metric(const Metric& metric) override { records_.metrics.push_back(metric); }

    const RunRecords& records() const noexcept { return records_; }
    RunRecords take() { return std::move(records_); }

private:
    RunRecords records_;
};

}  // namespace lastmile::output
