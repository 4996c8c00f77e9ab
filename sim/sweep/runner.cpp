#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/input_file.hpp>
#include <lastmile/sweep/runner.hpp>

namespace lastmile::sweep {
namespace {

void run_one(const scenario::SweepSpec& sweep, const scenario::SweepRun& run,
             const std::filesystem::path& path) {
    const auto& variant = sweep.variants[run.variant];
    model::RunOptions options;
    options.seed = sweep.seed;
    options.replication = run.replication;
    // The variant's spec was loaded from its scenario_text; created_utc and wall_seconds stay
    // empty, so a sweep's files do not depend on when or how fast their runs ran.
    const auto completed = pipeline::run_scenario(variant.spec, options);
    output::write_run_file(path, completed.provenance, completed.records);
}

}  // namespace

std::filesystem::path run_file(const std::filesystem::path& dir, const scenario::SweepSpec& sweep,
                               const scenario::SweepRun& run) {
    return dir / "runs" /
           fmt::format("{}-r{:03}.h5", sweep.variants[run.variant].name, run.replication);
}

bool matches(const output::RunProvenance& p, const scenario::SweepSpec& sweep,
             const scenario::SweepRun& run) {
    const bool digest_is_hex =
        p.event_digest.size() == 16 &&
        p.event_digest.find_first_not_of("0123456789abcdef") == std::string::npos;
    return p.seed == sweep.seed && p.replication == run.replication &&
           p.scenario_text == sweep.variants[run.variant].scenario_text && digest_is_hex;
}

bool run_complete(const std::filesystem::path& file, const scenario::SweepSpec& sweep,
                  const scenario::SweepRun& run) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return false;
    }
    try {
        // Every table is read (and so decompressed and checked), not only the provenance: a
        // file damaged after it was written must be run again, not summarised.
        return matches(output::read_run_file(file, output::RunFileParts::all).provenance, sweep,
                       run);
    } catch (const std::exception&) {
        return false;  // unreadable, damaged or another version: run it again
    }
}

void write_manifest(const std::filesystem::path& dir, const scenario::SweepSpec& sweep) {
    const auto path = dir / "sweep.manifest";
    const auto temporary = dir / ("sweep.manifest.tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(temporary);
        out << std::filesystem::absolute(sweep.source_file).lexically_normal().string() << '\n';
        if (!out) {
            throw std::runtime_error("cannot write " + temporary.string());
        }
    }
    std::filesystem::rename(temporary, path);
}

std::filesystem::path read_manifest(const std::filesystem::path& dir) {
    const std::filesystem::path manifest = dir / "sweep.manifest";
    std::string text;
    try {
        // One line, the sweep file's path: a few kilobytes at the most.
        text = scenario::read_input_file(manifest, "a sweep manifest", std::size_t{1} << 16);
    } catch (const scenario::InputError& e) {
        throw std::runtime_error(manifest.string() + ": " + e.message() +
                                 ": is this a sweep directory?");
    }
    const std::string line = text.substr(0, text.find('\n'));
    if (line.empty()) {
        throw std::runtime_error(manifest.string() + ": empty: is this a sweep directory?");
    }
    return line;
}

SweepOutcome run_sweep(const scenario::SweepSpec& sweep, const SweepOptions& options) {
    std::filesystem::create_directories(options.dir / "runs");
    write_manifest(options.dir, sweep);
    const auto runs = sweep.runs();
    std::vector<std::size_t> share;
    for (const auto& run : runs) {
        if (run.index % options.shards == options.shard) {
            share.push_back(run.index);
        }
    }
    const std::size_t total = options.next_run ? runs.size() : share.size();

    std::atomic<std::size_t> next{0};
    std::mutex state;
    SweepOutcome outcome;
    std::size_t done = 0;
    std::exception_ptr failure;
    const auto take = [&]() -> std::optional<std::size_t> {
        if (options.next_run) {
            const std::lock_guard guard(state);
            return failure ? std::nullopt : options.next_run();
        }
        const std::size_t k = next++;
        return k < share.size() ? std::optional<std::size_t>(share[k]) : std::nullopt;
    };
    const auto worker = [&] {
        while (const auto index = take()) {
            {
                const std::lock_guard guard(state);
                if (failure) {
                    return;
                }
            }
            const auto& run = runs[*index];
            const auto path = run_file(options.dir, sweep, run);
            bool ran = false;
            try {
                if (!run_complete(path, sweep, run)) {
                    run_one(sweep, run, path);
                    ran = true;
                }
            } catch (...) {
                const std::lock_guard guard(state);
                if (!failure) {
                    failure = std::current_exception();
                }
                return;
            }
            const std::lock_guard guard(state);
            ++(ran ? outcome.ran : outcome.skipped);
            ++done;
            if (options.progress) {
                options.progress(done, total);
            }
        }
    };
    unsigned jobs =
        options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, total)));
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j) {
        threads.emplace_back(worker);
    }
    worker();
    for (auto& t : threads) {
        t.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    return outcome;
}

}  // namespace lastmile::sweep
