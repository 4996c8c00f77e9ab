// Runs a scenario through the installed library: proves headers, library and dependencies
// are all found from the install tree.

#include <cstdio>

#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/loader.hpp>
#include <lastmile/version.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer SCENARIO\n");
        return 2;
    }
    const auto spec = lastmile::scenario::load_scenario_file(argv[1]);
    const auto run = lastmile::pipeline::run_scenario(spec);
    std::printf("lastmile %s: %zu orders, digest %s\n", std::string(lastmile::version()).c_str(),
                run.records.orders.size(), run.outcome.digest.c_str());
    return run.records.orders.empty() ? 1 : 0;
}
