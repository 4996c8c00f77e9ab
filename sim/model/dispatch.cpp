#include <algorithm>
#include <stdexcept>

#include <lastmile/model/dispatch.hpp>

namespace lastmile::model {
namespace {

std::size_t fastest(const std::vector<DispatchCandidate>& candidates) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        if (candidates[i].expected_delivery_s < candidates[best].expected_delivery_s) {
            best = i;  // strict: earlier candidates (lower depot, drones first) win ties
        }
    }
    return best;
}

class FastestFeasible : public DispatchPolicy {
  public:
    std::string_view name() const override { return "fastest-feasible"; }
    std::size_t choose(const std::vector<DispatchCandidate>& candidates, double) const override {
        return fastest(candidates);
    }
    bool picks_earliest() const override { return true; }
    int batch_limit(scenario::VehicleMode, int) const override { return 1; }
};

class RobotBatching : public FastestFeasible {
  public:
    std::string_view name() const override { return "robot-batching"; }
    int batch_limit(scenario::VehicleMode mode, int compartments) const override {
        return mode == scenario::VehicleMode::robot ? compartments : 1;
    }
};

}  // namespace

DispatchPolicies DispatchPolicies::built_in() {
    DispatchPolicies policies;
    policies.add_entry(
        "fastest-feasible",
        "the earliest expected delivery (ties: lower depot, drone before robot); one "
        "order per trip",
        [] { return std::make_unique<FastestFeasible>(); });
    policies.add_entry("robot-batching",
                       "the earliest expected delivery; robots fill their compartments from the "
                       "depot's queue",
                       [] { return std::make_unique<RobotBatching>(); });
    return policies;
}

void DispatchPolicies::add(std::string name, std::string summary, DispatchPolicyFactory make) {
    for (const auto& own : scenario::Vocabulary{}.dispatch_policies) {
        if (name == own) {
            throw std::invalid_argument("'" + name +
                                        "' is one of LastMile's own dispatch policies: give "
                                        "another policy another name");
        }
    }
    add_entry(std::move(name), std::move(summary), std::move(make));
}

void DispatchPolicies::add_entry(std::string name, std::string summary,
                                 DispatchPolicyFactory make) {
    // ASCII only, whatever the locale: the name is written in scenario files.
    const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const bool well_formed = !name.empty() && name.size() <= 64 && lower(name[0]) &&
                             std::all_of(name.begin(), name.end(),
                                         [&](char c) { return lower(c) || digit(c) || c == '-'; });
    if (!well_formed) {
        throw std::invalid_argument(
            "a dispatch policy's name is lower-case letters, digits and "
            "hyphens, starting with a letter: '" +
            name + "' is not");
    }
    if (find(name) != nullptr) {
        throw std::invalid_argument("a dispatch policy named '" + name + "' is registered already");
    }
    if (!make) {
        throw std::invalid_argument("the dispatch policy '" + name + "' has no factory");
    }
    entries_.push_back(Entry{std::move(name), std::move(summary), std::move(make)});
}

const DispatchPolicies::Entry* DispatchPolicies::find(std::string_view name) const {
    for (const Entry& e : entries_) {
        if (e.name == name) {
            return &e;
        }
    }
    return nullptr;
}

bool DispatchPolicies::contains(std::string_view name) const {
    return find(name) != nullptr;
}

std::vector<std::string> DispatchPolicies::names() const {
    std::vector<std::string> out;
    for (const Entry& e : entries_) {
        out.push_back(e.name);
    }
    return out;
}

std::string DispatchPolicies::summary(std::string_view name) const {
    const Entry* e = find(name);
    if (e == nullptr) {
        throw std::invalid_argument("no dispatch policy named '" + std::string(name) + "'");
    }
    return e->summary;
}

std::unique_ptr<DispatchPolicy> DispatchPolicies::make(std::string_view name) const {
    const Entry* e = find(name);
    if (e == nullptr) {
        std::string known;
        for (const Entry& entry : entries_) {
            known += (known.empty() ? "" : ", ") + entry.name;
        }
        throw std::invalid_argument("no dispatch policy named '" + std::string(name) +
                                    "' (registered: " + known + ")");
    }
    auto policy = e->make();
    if (!policy) {
        throw std::invalid_argument("the dispatch policy '" + e->name + "' made nothing");
    }
    return policy;
}

scenario::Vocabulary DispatchPolicies::vocabulary() const {
    scenario::Vocabulary v;
    v.dispatch_policies = names();
    return v;
}

}  // namespace lastmile::model
