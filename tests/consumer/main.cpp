// A program outside LastMile, built against the installed package with find_package(lastmile):
// proves headers, library and dependencies are all found from the install tree, and that such
// a program can add a dispatch policy of its own without any change to LastMile.
//
// It runs the scenario as shipped, then with `dispatch: {policy: robots-first}` (a policy this
// file registers), and checks that the scenario's YAML can name the new policy, that a
// misspelling of it is refused with a hint, and that the policy changed the run.

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <lastmile/model/dispatch.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/loader.hpp>
#include <lastmile/version.hpp>

namespace {

using lastmile::model::DispatchCandidate;
using lastmile::scenario::VehicleMode;

/// A robot whenever one can serve the order (the earliest of those), else the earliest drone.
class RobotsFirst : public lastmile::model::DispatchPolicy {
  public:
    std::string_view name() const override { return "robots-first"; }
    std::size_t choose(const std::vector<DispatchCandidate>& candidates, double) const override {
        std::size_t best = 0;
        const auto better = [](const DispatchCandidate& a, const DispatchCandidate& b) {
            if ((a.mode == VehicleMode::robot) != (b.mode == VehicleMode::robot)) {
                return a.mode == VehicleMode::robot;
            }
            return a.expected_delivery_s < b.expected_delivery_s;
        };
        for (std::size_t i = 1; i < candidates.size(); ++i) {
            if (better(candidates[i], candidates[best])) {
                best = i;
            }
        }
        return best;
    }
    // It may choose a later delivery: every candidate must be worked out.
    bool picks_earliest() const override { return false; }
    int batch_limit(VehicleMode mode, int compartments) const override {
        return mode == VehicleMode::robot ? compartments : 1;
    }
};

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The scenario with its dispatch policy replaced by `policy`.
std::string with_policy(const std::string& text, const std::string& policy) {
    const std::string key = "\ndispatch:\n  policy: ";
    const auto at = text.find(key);
    if (at == std::string::npos) {
        return text + key.substr(1) + policy + "\n";
    }
    const auto end = text.find('\n', at + key.size());
    return text.substr(0, at + key.size()) + policy + text.substr(end);
}

std::size_t delivered_by_robot(const lastmile::pipeline::CompletedRun& run) {
    std::size_t n = 0;
    for (const auto& o : run.records.orders) {
        n += o.status == lastmile::output::OrderStatus::delivered &&
             o.mode == lastmile::output::Mode::robot;
    }
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer SCENARIO\n");
        return 2;
    }
    const auto shipped = lastmile::scenario::load_scenario_file(argv[1]);
    const auto as_shipped = lastmile::pipeline::run_scenario(shipped);
    std::printf("lastmile %s: %zu orders, digest %s (%s), %zu delivered by robot\n",
                std::string(lastmile::version()).c_str(), as_shipped.records.orders.size(),
                as_shipped.outcome.digest.c_str(), shipped.dispatch.policy.c_str(),
                delivered_by_robot(as_shipped));
    if (as_shipped.records.orders.empty()) {
        return 1;
    }

    auto policies = lastmile::model::DispatchPolicies::built_in();
    policies.add("robots-first", "a robot whenever one can serve the order",
                 [] { return std::make_unique<RobotsFirst>(); });
    const std::string text = read_file(argv[1]);
    try {
        lastmile::scenario::load_scenario_text(with_policy(text, "robots-frist"), argv[1],
                                               policies.vocabulary());
        std::fprintf(stderr, "consumer: a misspelt policy was accepted\n");
        return 1;
    } catch (const lastmile::scenario::InputError& e) {
        if (std::string(e.what()).find("did you mean 'robots-first'") == std::string::npos) {
            std::fprintf(stderr, "consumer: no hint for a misspelt policy:\n%s\n", e.what());
            return 1;
        }
    }
    const auto spec = lastmile::scenario::load_scenario_text(with_policy(text, "robots-first"),
                                                             argv[1], policies.vocabulary());
    lastmile::model::RunOptions options;
    options.dispatch_policies = &policies;
    const auto own = lastmile::pipeline::run_scenario(spec, options);
    std::printf("robots-first: %zu orders, digest %s, %zu delivered by robot\n",
                own.records.orders.size(), own.outcome.digest.c_str(), delivered_by_robot(own));
    if (own.outcome.digest == as_shipped.outcome.digest ||
        delivered_by_robot(own) <= delivered_by_robot(as_shipped)) {
        std::fprintf(stderr, "consumer: the registered policy did not change the run\n");
        return 1;
    }
    return 0;
}
