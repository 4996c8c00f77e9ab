#pragma once
/// Dispatch policies: which depot and mode serves an order, and how many orders a vehicle
/// takes on one trip. The dispatcher computes the feasible candidates (payload, energy with
/// reserve, reachability) and their expected delivery times; a policy chooses among them.
/// Policies are registered by name (DispatchPolicies), and a program outside LastMile can add
/// its own (docs/architecture.md).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <lastmile/scenario/loader.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

struct DispatchCandidate {
    std::size_t depot = 0;
    scenario::VehicleMode mode = scenario::VehicleMode::drone;
    double expected_delivery_s = 0;  ///< from now: expected wait plus travel to the customer
};

class DispatchPolicy {
  public:
    virtual ~DispatchPolicy() = default;
    virtual std::string_view name() const = 0;
    /// Index of the chosen candidate; `candidates` is non-empty and in (depot, mode) order.
    virtual std::size_t choose(const std::vector<DispatchCandidate>& candidates,
                               double promise_s) const = 0;
    /// True when choose() always takes a candidate with the earliest expected delivery: the
    /// operation may then leave out candidates it can show to be later than one it has.
    virtual bool picks_earliest() const = 0;
    /// Orders a vehicle of `mode` with `compartments` takes on one trip.
    virtual int batch_limit(scenario::VehicleMode mode, int compartments) const = 0;
};

using DispatchPolicyFactory = std::function<std::unique_ptr<DispatchPolicy>()>;

/// The dispatch policies a run can use, by name. Not a global: each program builds its own
/// (LastMile's CLI uses built_in()), adds what it needs, and hands it to the loader (the
/// names, scenario::Vocabulary) and to the run (model::RunOptions::dispatch_policies).
class DispatchPolicies {
  public:
    /// LastMile's own:
    /// fastest-feasible: the candidate with the earliest expected delivery (ties: lower depot
    /// index, drone before robot); one order per trip.
    /// robot-batching: the same choice; robots fill their compartments from the depot's queue.
    static DispatchPolicies built_in();

    /// Registers a policy under `name`: lower-case ASCII letters, digits and hyphens, starting
    /// with a letter. Throws std::invalid_argument for another name, one already registered,
    /// or one of LastMile's own (a results file naming it must replay the same with `lastmile`).
    void add(std::string name, std::string summary, DispatchPolicyFactory make);

    bool contains(std::string_view name) const;
    /// Names in the order they were registered.
    std::vector<std::string> names() const;
    /// The one-line description given when it was registered.
    std::string summary(std::string_view name) const;
    /// A new instance of the policy `name`. Throws std::invalid_argument naming the policies
    /// there are when there is none by that name.
    std::unique_ptr<DispatchPolicy> make(std::string_view name) const;

    /// The names, for the loader.
    scenario::Vocabulary vocabulary() const;

  private:
    struct Entry {
        std::string name;
        std::string summary;
        DispatchPolicyFactory make;
    };
    const Entry* find(std::string_view name) const;
    void add_entry(std::string name, std::string summary, DispatchPolicyFactory make);

    std::vector<Entry> entries_;
};

}  // namespace lastmile::model
