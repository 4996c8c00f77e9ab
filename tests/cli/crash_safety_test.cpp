// Crash safety: a full disk (a file-size limit stands in for one) fails a command with exit 1
// and a clear message, leaving no file behind; a run killed at any moment never leaves a file
// under the final name that is not complete.

#include <chrono>
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include <lastmile/output/run_file.hpp>

#include "cli/cli_support.hpp"

using lastmile::testing::run_command;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;
namespace fs = std::filesystem;

namespace {

const std::string kSafetyCase = LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml";

/// Runs lastmile under a file-size limit of `kib` KiB (as a nearly full disk would behave).
lastmile::testing::Result run_limited(int kib, const std::string& arguments) {
    return run_command("ulimit -f " + std::to_string(kib) + "; '" LASTMILE_BINARY "' " + arguments);
}

std::size_t files_in(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("a full disk fails with exit 1, a clear message and no file", "[cli][crash-safety]") {
    Scratch s;
    SECTION("run") {
        const auto r = run_limited(100, "run -q '" + kSafetyCase + "' -o '" + s.path("r.h5") + "'");
        INFO(r.out);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Catch::StartsWith("lastmile: cannot write results file "));
        CHECK(files_in(s.dir) == 0);  // neither the file nor its temporary
    }
    SECTION("safety-case and export") {
        REQUIRE(
            run_lastmile("run -q '" + kSafetyCase + "' -o '" + s.path("r.h5") + "'").exit_code ==
            0);
        const auto page =
            run_limited(64, "safety-case '" + s.path("r.h5") + "' -o '" + s.path("r.html") + "'");
        INFO(page.out);
        CHECK(page.exit_code == 1);
        CHECK_THAT(page.out, Catch::Contains("cannot write file " + s.path("r.html")));
        const auto geo = run_limited(
            64, "export '" + s.path("r.h5") + "' --geojson '" + s.path("r.geojson") + "'");
        CHECK(geo.exit_code == 1);
        CHECK(files_in(s.dir) == 1);  // the results file alone
    }
    SECTION("sweep") {
        const auto r = run_limited(200, "sweep -q '" LASTMILE_SOURCE_DIR
                                        "/scenarios/sweeps/raas-vs-owned.yaml' -o '" +
                                            s.path("sweep") + "'");
        INFO(r.out);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Catch::Contains("cannot write results file"));
        CHECK_FALSE(fs::exists(s.path("sweep/summary.h5")));
        for (const auto& f : fs::directory_iterator(s.path("sweep/runs"))) {
            CHECK(f.path().extension() == ".h5");  // finished runs only, no temporaries
        }
    }
}

TEST_CASE("a run killed at any moment leaves no results file that is not complete",
          "[cli][crash-safety]") {
    Scratch s;
    const std::string out = s.path("k.h5");
    // With the trace, writing takes a good part of the run: kills land before, during and
    // after it.
    const auto timed = std::chrono::steady_clock::now();
    REQUIRE(run_lastmile("run -q --trace '" + kSafetyCase + "' -o '" + out + "'").exit_code == 0);
    const auto full = std::chrono::steady_clock::now() - timed;
    fs::remove(out);
    int killed_before_done = 0;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const auto delay = full * attempt / 10;
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::execl(LASTMILE_BINARY, LASTMILE_BINARY, "run", "-q", "--trace", kSafetyCase.c_str(),
                    "-o", out.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        INFO("killed after " << std::chrono::duration<double>(delay).count() << " s");
        if (fs::exists(out)) {
            // Whatever has the final name is whole: it reads, and it replays identically.
            CHECK_NOTHROW(lastmile::output::read_run_file(out));
            CHECK(run_lastmile("replay '" + out + "' --verify").exit_code == 0);
            fs::remove(out);
        } else {
            ++killed_before_done;
        }
        for (const auto& f : fs::directory_iterator(s.dir)) {
            fs::remove(f.path());  // a killed run's temporary, never under the final name
        }
    }
    CHECK(killed_before_done > 0);
}

namespace {

// Under a cap on the address space, so that refusing an input is shown to need little memory
// (the sanitizers reserve terabytes of address space for their shadow: no cap there). Reading
// /dev/zero up to the size cap, as lastmile once did, needed about 2 GB.
constexpr long kAddressSpaceKib = 512L * 1024;

std::string with_little_memory(const std::string& command) {
#if defined(__SANITIZE_ADDRESS__)
    return command;
#else
    return "ulimit -v " + std::to_string(kAddressSpaceKib) + " && " + command;
#endif
}

}  // namespace

TEST_CASE("an input that never ends is refused by its kind, before a byte is read",
          "[cli][crash-safety]") {
    for (const std::string device : {"/dev/zero", "/dev/urandom"}) {
        INFO(device);
        const auto r =
            run_command(with_little_memory("timeout 60 '" LASTMILE_BINARY "' validate " + device));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, Catch::Contains(device + ": error: is a character device, not a "
                                                   "regular file; expected a scenario file"));
    }
}

TEST_CASE("a file over the size cap is refused by its size, before it is read",
          "[cli][crash-safety]") {
    Scratch s;
    const auto huge = s.path("huge.yaml");
    // Sparse: 1 GiB and one byte, taking no disk.
    fs::resize_file(s.write("huge.yaml", "schema: 1\n"), (std::uintmax_t{1} << 30) + 1);
    const auto r =
        run_command(with_little_memory("timeout 60 '" LASTMILE_BINARY "' validate '" + huge + "'"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("huge.yaml: error: is larger than 1024 MiB, the most a "
                                      "scenario file may be"));
}
