// `lastmile replay RUN.h5 --verify`: re-run a recorded run from its results file alone and say
// whether it reproduces: exit 0 identical, 1 different, 2 the file cannot be read.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/input_error.hpp>

#include "commands.hpp"

namespace lastmile::cli {
namespace {

struct ReplayArguments {
    std::string file;
    bool verify = false;
};

int replay(const ReplayArguments& args) {
    output::RunFileContents contents;
    try {
        contents = output::read_run_file(args.file);
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kBadInput;
    }
    replay::Verification v;
    try {
        v = replay::verify(contents);
    } catch (const scenario::InputError& e) {
        // The scenario the file embeds no longer loads: it was changed after the run.
        fmt::print("different  the embedded scenario does not load:\n{}\n", e.report());
        return kRunFailed;
    } catch (const std::exception& e) {
        fmt::print("different  the replay failed: {}\n", e.what());
        return kRunFailed;
    }
    if (v.identical()) {
        fmt::print("identical  digest {} · {} events · metrics and every table equal\n",
                   v.replayed_digest, v.events);
        return kOk;
    }
    fmt::print("different  digest {} in the file, {} replayed\n", v.recorded_digest,
               v.replayed_digest);
    fmt::print("first      {}\n", v.first_difference.value_or("the event digest"));
    return kRunFailed;
}

}  // namespace

Command add_replay_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("replay", "Re-run a recorded run from its results file");
    auto args = std::make_shared<ReplayArguments>();
    cmd->add_option("RUN", args->file, "Results file (HDF5) written by `lastmile run`")->required();
    cmd->add_flag("--verify", args->verify,
                  "Re-simulate from the file alone and compare digest, metrics and tables "
                  "(exit 0 identical, 1 different, 2 unreadable)")
        ->required();
    return [args] { return replay(*args); };
}

}  // namespace lastmile::cli
