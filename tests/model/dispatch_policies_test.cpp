// Dispatch policies registered by name: LastMile's own, one added by a program, and the
// names the loader is given.

#include <stdexcept>

#include <catch2/catch.hpp>

#include <lastmile/model/dispatch.hpp>
#include <lastmile/scenario/input_error.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;

namespace {

/// Always the last candidate: (depot, mode) order puts the farthest-listed depot's robots last.
class LastCandidate : public model::DispatchPolicy {
  public:
    std::string_view name() const override { return "last-candidate"; }
    std::size_t choose(const std::vector<model::DispatchCandidate>& candidates,
                       double) const override {
        return candidates.size() - 1;
    }
    bool picks_earliest() const override { return false; }
    int batch_limit(scenario::VehicleMode, int) const override { return 1; }
};

}  // namespace

TEST_CASE("LastMile's own policies are the names the loader knows by default",
          "[model][dispatch]") {
    const auto policies = model::DispatchPolicies::built_in();
    CHECK(policies.names() == scenario::Vocabulary{}.dispatch_policies);
    CHECK(policies.vocabulary().dispatch_policies == policies.names());
    for (const auto& name : policies.names()) {
        CHECK(policies.make(name)->name() == name);
        CHECK_FALSE(policies.summary(name).empty());
    }
    CHECK_THROWS_WITH(policies.make("fastest"),
                      "no dispatch policy named 'fastest' (registered: fastest-feasible, "
                      "robot-batching)");
}

TEST_CASE("a policy is added under a new, well-formed name", "[model][dispatch]") {
    auto policies = model::DispatchPolicies::built_in();
    const auto make = [] { return std::make_unique<LastCandidate>(); };
    policies.add("last-candidate", "the last candidate", make);
    CHECK(policies.contains("last-candidate"));
    CHECK(policies.names().back() == "last-candidate");
    CHECK_THROWS_AS(policies.add("last-candidate", "again", make), std::invalid_argument);
    CHECK_THROWS_AS(policies.add("Last", "capital", make), std::invalid_argument);
    CHECK_THROWS_AS(policies.add("", "empty", make), std::invalid_argument);
    CHECK_THROWS_AS(policies.add("9lives", "digit first", make), std::invalid_argument);
    CHECK_THROWS_AS(policies.add("no-factory", "none", nullptr), std::invalid_argument);
    CHECK_THROWS_AS(policies.add("caf\xc3\xa9", "not ASCII", make), std::invalid_argument);
    // Not even into an empty registry: a results file naming one of LastMile's own policies
    // must replay the same with the lastmile command.
    model::DispatchPolicies empty;
    CHECK_THROWS_AS(empty.add("fastest-feasible", "another", make), std::invalid_argument);
}

TEST_CASE("a scenario names a registered policy and the run uses it", "[model][dispatch]") {
    auto policies = model::DispatchPolicies::built_in();
    policies.add("last-candidate", "the last candidate",
                 [] { return std::make_unique<LastCandidate>(); });
    const std::string text = testing::tiny_scenario() + "dispatch: {policy: last-candidate}\n";
    // Unknown to the loader by default, with the names it knows in the message...
    CHECK_THROWS_AS(scenario::load_scenario_text(text, "tiny.yaml"), scenario::InputError);
    // ...known once the program names it, and a misspelling of it gets a hint.
    const auto spec = scenario::load_scenario_text(text, "tiny.yaml", policies.vocabulary());
    CHECK(spec.dispatch.policy == "last-candidate");
    try {
        scenario::load_scenario_text(
            testing::tiny_scenario() + "dispatch: {policy: last-candidat}\n", "tiny.yaml",
            policies.vocabulary());
        FAIL("a misspelt policy was accepted");
    } catch (const scenario::InputError& e) {
        CHECK_THAT(e.what(), Catch::Contains("did you mean 'last-candidate'"));
    }
    model::RunOptions options;
    options.dispatch_policies = &policies;
    const auto with_own = testing::run(spec, options);
    CHECK(with_own.metric("orders_delivered") > 0);
    // Without the registry the run cannot make the policy the scenario names.
    CHECK_THROWS_AS(testing::run(spec), std::invalid_argument);
}
