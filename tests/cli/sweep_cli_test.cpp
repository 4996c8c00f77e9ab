// `lastmile sweep` end to end: the same digests however the runs are spread, and a killed
// sweep that resumes to the summary an uninterrupted one writes.

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <lastmile/output/summary_file.hpp>

#include "cli/cli_support.hpp"

using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;
namespace fs = std::filesystem;

namespace {

const std::string kShippedSweep = LASTMILE_SOURCE_DIR "/scenarios/sweeps/raas-vs-owned.yaml";

std::string small_sweep(const Scratch& s) {
    return s.write("small.yaml", "schema: 1\nname: small\nbase: " LASTMILE_SOURCE_DIR
                                 "/scenarios/quickstart.yaml\nseed: 3\nreplications: 2\n"
                                 "grid:\n  fleets[hub-drones].count: [3, 6]\n"
                                 "variants:\n  - name: more-pads\n    set:\n"
                                 "      depots[hub].pads: 4\n");
}

std::vector<std::string> digests(const std::string& dir) {
    const auto summary = lastmile::output::read_summary_file(dir + "/summary.h5");
    std::vector<std::string> out;
    for (const auto& r : summary.runs) {
        out.push_back(r.variant + "/" + std::to_string(r.replication) + "=" + r.digest);
    }
    return out;
}

bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

/// Every table of two summaries, value for value (NaN equal to NaN).
void check_identical(const lastmile::output::SweepSummary& a,
                     const lastmile::output::SweepSummary& b) {
    REQUIRE(a.runs.size() == b.runs.size());
    for (std::size_t i = 0; i < a.runs.size(); ++i) {
        CHECK(a.runs[i].digest == b.runs[i].digest);
        CHECK(a.runs[i].file == b.runs[i].file);
    }
    REQUIRE(a.metrics.size() == b.metrics.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.metrics.size(); ++i) {
        differ += a.metrics[i].metric != b.metrics[i].metric ||
                  !same_bits(a.metrics[i].value, b.metrics[i].value);
    }
    REQUIRE(a.aggregates.size() == b.aggregates.size());
    for (std::size_t i = 0; i < a.aggregates.size(); ++i) {
        differ += !same_bits(a.aggregates[i].mean, b.aggregates[i].mean) ||
                  !same_bits(a.aggregates[i].ci_low, b.aggregates[i].ci_low);
    }
    REQUIRE(a.differences.size() == b.differences.size());
    for (std::size_t i = 0; i < a.differences.size(); ++i) {
        differ += !same_bits(a.differences[i].mean_difference, b.differences[i].mean_difference) ||
                  !same_bits(a.differences[i].paired_ci_low, b.differences[i].paired_ci_low);
    }
    CHECK(differ == 0);
}

}  // namespace

TEST_CASE("a sweep's digests are the same with -j1, -j2 and two shards merged", "[cli][sweep]") {
    Scratch s;
    const std::string spec = small_sweep(s);
    const auto one = run_lastmile("sweep '" + spec + "' -o '" + s.path("j1") + "' -j 1");
    INFO(one.out);
    REQUIRE(one.exit_code == 0);
    REQUIRE(run_lastmile("sweep '" + spec + "' -o '" + s.path("j2") + "' -j 2").exit_code == 0);
    for (const char* shard : {"1/2", "2/2"}) {
        const auto r =
            run_lastmile("sweep '" + spec + "' -o '" + s.path("sharded") + "' --shard " + shard);
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(fs::exists(s.path("sharded/summary.h5")));  // shards leave it to merge
    }
    const auto merged = run_lastmile("sweep merge '" + s.path("sharded") + "'");
    INFO(merged.out);
    REQUIRE(merged.exit_code == 0);
    const auto reference = digests(s.path("j1"));
    CHECK(reference.size() == 6);
    CHECK(digests(s.path("j2")) == reference);
    CHECK(digests(s.path("sharded")) == reference);
    check_identical(lastmile::output::read_summary_file(s.path("j1/summary.h5")),
                    lastmile::output::read_summary_file(s.path("sharded/summary.h5")));
}

#ifdef LASTMILE_MPIEXEC
TEST_CASE("two MPI ranks share a sweep and give the digests of one thread", "[cli][sweep][mpi]") {
    Scratch s;
    const std::string spec = small_sweep(s);
    REQUIRE(run_lastmile("sweep '" + spec + "' -o '" + s.path("j1") + "' -j 1 -q").exit_code == 0);
    // As root in a container Open MPI needs to be told that is fine; two slots on any machine.
    const auto r = lastmile::testing::run_command(
        std::string("'") + LASTMILE_MPIEXEC + "' --allow-run-as-root --oversubscribe -n 2 '" +
        LASTMILE_BINARY + "' sweep '" + spec + "' -o '" + s.path("mpi") + "'");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("2 MPI ranks"));
    CHECK(digests(s.path("mpi")) == digests(s.path("j1")));
    check_identical(lastmile::output::read_summary_file(s.path("j1/summary.h5")),
                    lastmile::output::read_summary_file(s.path("mpi/summary.h5")));
}
#endif

TEST_CASE("merging before every shard has run names what is missing", "[cli][sweep]") {
    Scratch s;
    const std::string spec = small_sweep(s);
    REQUIRE(
        run_lastmile("sweep '" + spec + "' -o '" + s.path("d") + "' --shard 1/3 -q").exit_code ==
        0);
    const auto r = run_lastmile("sweep merge '" + s.path("d") + "'");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("4 of 6 runs have no complete results file yet"));
    CHECK(run_lastmile("sweep merge '" + s.path("nowhere") + "'").exit_code == 2);
}

TEST_CASE("a sweep killed part way resumes to the summary of an uninterrupted one",
          "[cli][sweep]") {
    Scratch s;
    REQUIRE(
        run_lastmile("sweep '" + kShippedSweep + "' -o '" + s.path("whole") + "' -q").exit_code ==
        0);

    // Start the same sweep on one thread and SIGKILL it once some runs are written.
    const std::string dir = s.path("killed");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::freopen("/dev/null", "w", stdout);
        ::execl(LASTMILE_BINARY, LASTMILE_BINARY, "sweep", kShippedSweep.c_str(), "-o", dir.c_str(),
                "-j", "1", "-q", static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    const auto count_runs = [&] {
        std::size_t n = 0;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir + "/runs", ec)) {
            n += e.path().extension() == ".h5";
        }
        return n;
    };
    // No wall-clock deadline: however busy the machine, the kill comes after the fifth run
    // is written (or the sweep ended on its own, which the checks below then report).
    int status = 0;
    bool ended = false;
    while (count_runs() < 5 && !ended) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ended = ::waitpid(child, &status, WNOHANG) == child;
    }
    if (!ended) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
    }
    const std::size_t before = count_runs();
    INFO("runs written before the kill: " << before);
    CHECK_FALSE(ended);
    CHECK(before >= 5);
    CHECK(before < 135);  // killed part way
    CHECK_FALSE(fs::exists(dir + "/summary.h5"));

    const auto resumed = run_lastmile("sweep '" + kShippedSweep + "' -o '" + dir + "'");
    INFO(resumed.out);
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.out, Catch::Contains("already done"));
    check_identical(lastmile::output::read_summary_file(s.path("whole/summary.h5")),
                    lastmile::output::read_summary_file(dir + "/summary.h5"));
}

TEST_CASE("a resumed sweep runs again a file whose tables are damaged", "[cli][sweep]") {
    Scratch s;
    const std::string sweep = small_sweep(s);
    const std::string dir = s.path("out");
    REQUIRE(run_lastmile("sweep '" + sweep + "' -o '" + dir + "' -q").exit_code == 0);
    const std::string damaged = dir + "/runs/more-pads-r001.h5";
    const auto verify = [&] { return run_lastmile("replay '" + damaged + "' --verify").exit_code; };
    REQUIRE(verify() == 0);

    // Flip 32 bytes in the middle of the first stored chunk of /orders: the provenance and the
    // metrics still read, the table does not.
    {
        const hid_t file = H5Fopen(damaged.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        REQUIRE(file >= 0);
        const hid_t orders = H5Dopen2(file, "orders", H5P_DEFAULT);
        REQUIRE(orders >= 0);
        haddr_t address = 0;
        hsize_t bytes = 0;
        const hid_t space = H5Dget_space(orders);
        REQUIRE(H5Dget_chunk_info(orders, space, 0, nullptr, nullptr, &address, &bytes) >= 0);
        H5Sclose(space);
        H5Dclose(orders);
        H5Fclose(file);
        REQUIRE(bytes > 64);
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(address + bytes / 2));
        char middle[32];
        f.read(middle, sizeof middle);
        for (char& c : middle) {
            c = static_cast<char>(~c);
        }
        f.seekp(static_cast<std::streamoff>(address + bytes / 2));
        f.write(middle, sizeof middle);
    }
    REQUIRE(verify() != 0);

    const auto resumed = run_lastmile("sweep '" + sweep + "' -o '" + dir + "'");
    INFO(resumed.out);
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.out, Catch::Contains("1 ran, 5 already done"));
    CHECK(verify() == 0);
}

TEST_CASE("a bad sweep file is bad input, located", "[cli][sweep]") {
    Scratch s;
    const std::string spec =
        s.write("bad.yaml", "schema: 1\nname: bad\nbase: " LASTMILE_SOURCE_DIR
                            "/scenarios/quickstart.yaml\nseed: 3\nreplications: 2\n"
                            "grid:\n  fleets[hub-drones].count: [3, -6]\n");
    const auto r = run_lastmile("sweep '" + spec + "' -o '" + s.path("out") + "'");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::StartsWith(spec + ":7:"));
    CHECK_FALSE(fs::exists(s.path("out")));
    CHECK(run_lastmile("sweep '" + spec + "' --shard 3/2").exit_code == 2);
}
