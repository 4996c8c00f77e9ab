// `lastmile sweep SPEC -o DIR [-j N] [--shard K/N]` and `lastmile sweep merge DIR`.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/input_file.hpp>
#include <lastmile/sweep/runner.hpp>
#include <lastmile/sweep/summary.hpp>

#include "commands.hpp"
#include "mpi_sweep.hpp"
#include "output_guard.hpp"

namespace lastmile::cli {
namespace {

struct SweepArguments {
    std::string spec;
    std::string output;
    unsigned jobs = 0;
    std::string shard;  // "K/N"
    bool quiet = false;
    std::string merge_dir;
};

bool parse_shard(const std::string& text, unsigned& k, unsigned& n) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
        return false;
    }
    try {
        std::size_t used_k = 0;
        std::size_t used_n = 0;
        const unsigned long kk = std::stoul(text.substr(0, slash), &used_k);
        const unsigned long nn = std::stoul(text.substr(slash + 1), &used_n);
        if (used_k != slash || used_n != text.size() - slash - 1 || nn < 1 || kk < 1 || kk > nn ||
            nn > 100000) {
            return false;
        }
        k = static_cast<unsigned>(kk);
        n = static_cast<unsigned>(nn);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

/// A line of progress with an ETA, redrawn in place on a terminal.
class SweepProgress {
  public:
    explicit SweepProgress(bool quiet) : active_(!quiet && ::isatty(::fileno(stdout)) != 0) {}
    void update(std::size_t done, std::size_t total) {
        if (!active_) {
            return;
        }
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double eta =
            done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : 0;
        constexpr int kWidth = 30;
        const int filled = total > 0 ? static_cast<int>(kWidth * done / total) : kWidth;
        fmt::print(stdout, "\r[{:=<{}}{: <{}}] {}/{} runs · ETA {:.0f} s ", "", filled, "",
                   kWidth - filled, done, total, eta);
        std::fflush(stdout);
    }
    void clear() {
        if (active_) {
            fmt::print(stdout, "\r{: <80}\r", "");
            std::fflush(stdout);
        }
    }

  private:
    bool active_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

int write_summary(const scenario::SweepSpec& sweep, const std::filesystem::path& dir, bool quiet) {
    try {
        const auto summary = sweep::summarise(sweep, dir);
        output::write_summary_file(dir / "summary.h5", summary);
        if (!quiet) {
            fmt::print("summary    {} ({} runs, {} variants, baseline {})\n",
                       (dir / "summary.h5").string(), summary.runs.size(), summary.variants.size(),
                       summary.baseline);
        }
        return kOk;
    } catch (const sweep::IncompleteSweep& e) {
        std::cerr << "lastmile: no summary yet: " << e.what() << '\n';
        return kRunFailed;
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kRunFailed;
    }
}

scenario::SweepSpec load(const std::string& path, int& code) {
    try {
        code = kOk;
        return scenario::load_sweep_file(path);
    } catch (const scenario::InputError& e) {
        std::cerr << e.report() << '\n';
        code = kBadInput;
        return {};
    }
}

/// Why the sweep must not write into `dir`, or nothing: `dir` (or its runs folder) exists and
/// is not a directory, or a file the sweep would write (its summary and manifest, a run's
/// results) exists and is not a regular file or is one of the sweep's inputs (the sweep file,
/// its base scenario and the files they name).
std::optional<std::string> sweep_output_refusal(const scenario::SweepSpec& sweep,
                                                const std::filesystem::path& dir) {
    std::error_code error;
    for (const auto& folder : {dir, dir / "runs"}) {
        if (std::filesystem::exists(folder, error) &&
            !std::filesystem::is_directory(folder, error)) {
            return fmt::format(
                "{}: exists and is not a directory; expected the sweep's output "
                "folder",
                folder.string());
        }
    }
    // The sweep file, its base and every file a variant names (beside the base, as the loader
    // resolved them).
    std::vector<std::filesystem::path> inputs{sweep.source_file, sweep.base_file};
    const auto base_dir = std::filesystem::path(sweep.base_file).parent_path();
    for (const auto& variant : sweep.variants) {
        for (const auto& input : variant.spec.inputs) {
            auto named = scenario::resolve_input_path(base_dir, input.name);
            if (std::find(inputs.begin(), inputs.end(), named) == inputs.end()) {
                inputs.push_back(std::move(named));
            }
        }
    }
    for (const char* file : {"summary.h5", "sweep.manifest"}) {
        if (auto refused = output_refusal(dir / file, inputs)) {
            return refused;
        }
    }
    for (const auto& run : sweep.runs()) {
        if (auto refused = output_refusal(sweep::run_file(dir, sweep, run), inputs)) {
            return refused;
        }
    }
    return std::nullopt;
}

int merge(const SweepArguments& args) {
    std::filesystem::path spec_path;
    try {
        spec_path = sweep::read_manifest(args.merge_dir);
    } catch (const std::exception& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kBadInput;
    }
    int code = kOk;
    const auto sweep = load(spec_path.string(), code);
    if (code != kOk) {
        return code;
    }
    if (const auto refused = sweep_output_refusal(sweep, args.merge_dir)) {
        std::cerr << "lastmile: " << *refused << '\n';
        return kBadInput;
    }
    return write_summary(sweep, args.merge_dir, args.quiet);
}

int run_sweep(const SweepArguments& args, MpiSweep& mpi) {
    int code = kOk;
    const auto sweep = load(args.spec, code);
    if (code != kOk) {
        return code;
    }
    sweep::SweepOptions options;
    options.dir = std::filesystem::path(args.output.empty() ? sweep.name : args.output);
    if (const auto refused = sweep_output_refusal(sweep, options.dir)) {
        std::cerr << "lastmile: " << *refused << '\n';
        return kBadInput;
    }
    options.jobs = args.jobs;
    if (!args.shard.empty()) {
        unsigned k = 0;
        unsigned n = 0;
        if (!parse_shard(args.shard, k, n)) {
            std::cerr << "lastmile: --shard: expected K/N with 1 <= K <= N, found '" << args.shard
                      << "'\n";
            return kBadInput;
        }
        options.shard = k - 1;
        options.shards = n;
    }
    if (mpi.active()) {
        if (options.shards > 1) {
            std::cerr << "lastmile: --shard and MPI ranks are two ways to split a sweep; use one\n";
            return kBadInput;
        }
        // Ranks take runs one at a time from a shared counter; one worker each unless asked.
        options.next_run = mpi.next_run(sweep.runs().size());
        options.jobs = args.jobs == 0 ? 1 : args.jobs;
    }
    SweepProgress progress(args.quiet || mpi.rank() != 0);
    options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
    std::size_t ran = 0;
    std::size_t skipped = 0;
    const auto started = std::chrono::steady_clock::now();
    bool ok = true;
    try {
        const sweep::SweepOutcome outcome = sweep::run_sweep(sweep, options);
        ran = outcome.ran;
        skipped = outcome.skipped;
    } catch (const std::exception& e) {
        progress.clear();
        std::cerr << "lastmile: sweep failed";
        if (mpi.active()) {
            std::cerr << " on rank " << mpi.rank();
        }
        std::cerr << ": " << e.what() << '\n';
        ok = false;
    }
    progress.clear();
    if (mpi.active()) {
        ok = mpi.all_ok(ok);
        ran = mpi.sum(ran);
        skipped = mpi.sum(skipped);
        if (mpi.rank() != 0) {
            return ok ? kOk : kRunFailed;  // rank 0 reports and writes the summary
        }
    }
    if (!ok) {
        return kRunFailed;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!args.quiet) {
        fmt::print(
            "sweep      {} · {} variants x {} replications · {} ran, {} already done · "
            "{:.2f} s wall{}\n",
            sweep.name, sweep.variants.size(), sweep.replications, ran, skipped, wall,
            mpi.active() ? fmt::format(" · {} MPI ranks", mpi.size()) : "");
    }
    if (options.shards > 1) {
        if (!args.quiet) {
            fmt::print(
                "shard      {}: done; `lastmile sweep merge {}` writes the summary once "
                "every shard is\n",
                args.shard, options.dir.string());
        }
        return kOk;
    }
    return write_summary(sweep, options.dir, args.quiet);
}

}  // namespace

Command add_sweep_command(CLI::App& app, MpiSweep& mpi) {
    auto* cmd = app.add_subcommand(
        "sweep", "Run a sweep of scenario variants and replications, and summarise it");
    auto args = std::make_shared<SweepArguments>();
    cmd->add_option("SPEC", args->spec, "Sweep file (YAML)");
    cmd->add_option("-o,--output", args->output,
                    "Directory for the runs' results and summary.h5 (default: the sweep's name)");
    cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: one per core)")
        ->check(CLI::Range(1u, 4096u));
    cmd->add_option("--shard", args->shard,
                    "Run only slice K of N (1-based), e.g. for a batch job array");
    cmd->add_flag("-q,--quiet", args->quiet, "No progress and no summary lines");
    auto* merge_cmd =
        cmd->add_subcommand("merge", "Write DIR/summary.h5 from the runs of every shard");
    merge_cmd->add_option("DIR", args->merge_dir, "The sweep's directory")->required();
    merge_cmd->add_flag("-q,--quiet", args->quiet, "No summary line");
    return [args, merge_cmd, &mpi] {
        if (merge_cmd->parsed()) {
            return mpi.rank() == 0 ? merge(*args) : static_cast<int>(kOk);
        }
        if (args->spec.empty()) {
            std::cerr << "lastmile sweep: a sweep file is required (or `sweep merge DIR`)\n";
            return static_cast<int>(kBadInput);
        }
        return run_sweep(*args, mpi);
    };
}

}  // namespace lastmile::cli
