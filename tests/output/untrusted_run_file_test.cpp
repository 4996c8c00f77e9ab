// Reading results files from elsewhere: the trial read in a child process turns every way a
// reader can go wrong (a crash, an endless loop, an unexpected error) into a RunFileError, and
// the file format's checksums turn damage into a refusal instead of wrong numbers.

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/output/untrusted_run_file.hpp>

using namespace lastmile::output;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
    const fs::path dir =
        fs::temp_directory_path() / ("lastmile-untrusted-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

RunProvenance provenance() {
    RunProvenance p;
    p.lastmile_version = "1.0.0";
    p.git_sha = "abc";
    p.created_utc = "2026-12-07T00:00:00Z";
    p.seed = 7;
    p.event_digest = "0123456789abcdef";
    p.scenario_name = "untrusted";
    p.scenario_text = "schema: 1\n";
    p.duration_s = 60;
    return p;
}

RunRecords records() {
    RunRecords r;
    for (std::size_t i = 0; i < 300; ++i) {
        OrderRecord o;
        o.id = i;
        o.created_s = static_cast<double>(i);
        o.delivered_s = static_cast<double>(i) + 600;
        r.orders.push_back(o);
    }
    r.metrics.push_back(Metric{"orders_delivered", 300, "1", "orders delivered"});
    r.metrics.push_back(Metric{"mean_delivery_time_s", 600, "s", "mean delivery time"});
    return r;
}

std::vector<char> bytes_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::vector<char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

haddr_t address_of(const fs::path& path, const char* object) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    H5O_info_t info;
    REQUIRE(H5Oget_info_by_name2(file, object, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0);
    H5Fclose(file);
    return info.addr;
}

}  // namespace

TEST_CASE("work in a child tells finishing, refusing and failing apart", "[output][untrusted]") {
    using Outcome = Trial::Outcome;
    CHECK(trial_in_child([] {}, 10, 600).outcome == Outcome::done);

    const auto refused = trial_in_child([] { throw RunFileError("f.h5: refused"); }, 10, 600);
    CHECK(refused.outcome == Outcome::refused);
    CHECK(refused.message == "f.h5: refused");

    const auto other = trial_in_child([] { throw std::runtime_error("surprise"); }, 10, 600);
    CHECK(other.outcome == Outcome::failed);
    CHECK(other.message == "stopped with an unexpected error: surprise");

    const auto aborted = trial_in_child([] { std::abort(); }, 10, 600);
    CHECK(aborted.outcome == Outcome::failed);
    CHECK(aborted.message == "crashed (signal 6, SIGABRT)");

    const auto faulted = trial_in_child([] { std::raise(SIGSEGV); }, 10, 600);
    CHECK(faulted.outcome == Outcome::failed);
    CHECK(faulted.message == "crashed (signal 11, SIGSEGV)");

    // Spinning hits the CPU limit, waiting without spinning the wall-clock limit. Each case
    // makes the other limit out of reach, so how busy the machine is cannot decide which one
    // ends the child.
    const auto endless = trial_in_child(
        [] {
            volatile unsigned long n = 0;
            for (;;) {
                n = n + 1;
            }
        },
        1, 3600);
    CHECK(endless.outcome == Outcome::failed);
    CHECK(endless.message == "did not finish within 1 s of CPU time");
    const auto waiting = trial_in_child([] { pause(); }, 3600, 1);
    CHECK(waiting.outcome == Outcome::failed);
    CHECK(waiting.message == "did not finish within 1 s");
}

TEST_CASE("a child cannot read the terminal, and a parent ignoring SIGCHLD still learns the end",
          "[output][untrusted]") {
    // Standard input is /dev/null in the child: a read returns at once with nothing.
    const auto reading = trial_in_child(
        [] {
            char c = 0;
            if (read(STDIN_FILENO, &c, 1) != 0) {
                throw RunFileError("read something");
            }
        },
        5, 600);
    CHECK(reading.outcome == Trial::Outcome::done);
    const auto saved = std::signal(SIGCHLD, SIG_IGN);
    const auto refused = trial_in_child([] { throw RunFileError("no"); }, 5, 600);
    std::signal(SIGCHLD, saved);
    CHECK(refused.outcome == Trial::Outcome::refused);
}

TEST_CASE("an untrusted file is read like a trusted one, and refused with the same message",
          "[output][untrusted]") {
    const auto dir = scratch_dir();
    const auto path = dir / "run.h5";
    write_run_file(path, provenance(), records());
    const auto trusted = read_run_file(path);
    const auto untrusted = read_untrusted_run_file(path);
    CHECK(untrusted.provenance.event_digest == trusted.provenance.event_digest);
    CHECK(untrusted.records.orders.size() == 300);
    CHECK(untrusted.provenance.created_utc == trusted.provenance.created_utc);
    CHECK(untrusted.provenance.scenario_text == trusted.provenance.scenario_text);
    CHECK(untrusted.records.metrics.size() == 2);

    write_bytes(dir / "text.h5", {'n', 'o', 't', ' ', 'h', 'd', 'f'});
    std::string trusted_message;
    try {
        read_run_file(dir / "text.h5");
    } catch (const RunFileError& e) {
        trusted_message = e.what();
    }
    REQUIRE_FALSE(trusted_message.empty());
    CHECK_THROWS_WITH(read_untrusted_run_file(dir / "text.h5"), trusted_message);
    CHECK(untrusted_read_cpu_limit_s(100'000'000) == 260.0);
    CHECK(untrusted_read_wall_limit_s(260.0) == 1040.0);
    fs::remove_all(dir);
}

TEST_CASE("every byte of a metric and of the file's structure is under a checksum",
          "[output][untrusted]") {
    const auto dir = scratch_dir();
    const auto path = dir / "run.h5";
    write_run_file(path, provenance(), records());
    {
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        REQUIRE(file >= 0);
        H5F_info2_t info;
        REQUIRE(H5Fget_info2(file, &info) >= 0);
        CHECK(info.super.version >= 2);  // the 1.8 format: superblock and headers checksummed
        H5Fclose(file);
    }
    const auto original = bytes_of(path);
    // Flip each of the first 64 bytes of the object header of a metric (which holds its value)
    // and of the root group (which holds the provenance attributes), one at a time.
    for (const char* object : {"/metrics/mean_delivery_time_s", "/"}) {
        const auto at = static_cast<std::size_t>(address_of(path, object));
        for (std::size_t k = 0; k < 64; ++k) {
            auto damaged = original;
            damaged.at(at + k) = static_cast<char>(damaged.at(at + k) ^ 0x10);
            write_bytes(path, damaged);
            INFO(object << " byte " << k);
            CHECK_THROWS_AS(read_untrusted_run_file(path), RunFileError);
        }
    }
    // A byte inside the compressed /orders chunk: zlib's Adler-32 check refuses it.
    write_bytes(path, original);
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t orders = H5Dopen2(file, "/orders", H5P_DEFAULT);
    haddr_t chunk_at = 0;
    hsize_t chunk_bytes = 0;
    {
        const hsize_t origin = 0;
        unsigned mask = 0;
        REQUIRE(H5Dget_chunk_info_by_coord(orders, &origin, &mask, &chunk_at, &chunk_bytes) >= 0);
    }
    H5Dclose(orders);
    H5Fclose(file);
    auto damaged = original;
    const auto middle = static_cast<std::size_t>(chunk_at + chunk_bytes / 2);
    damaged.at(middle) = static_cast<char>(damaged.at(middle) ^ 0x01);
    write_bytes(path, damaged);
    CHECK_THROWS_AS(read_untrusted_run_file(path), RunFileError);
    fs::remove_all(dir);
}
