#pragma once
// The subcommands of `lastmile`. Each registers its options on the app and returns the function
// that runs it; that function returns the process exit code.

#include <functional>

#include <CLI/CLI.hpp>

namespace lastmile::cli {

/// Exit codes shared by every command.
enum ExitCode : int {
    kOk = 0,
    kRunFailed = 1,  ///< the run or writing its results failed
    kBadInput = 2,   ///< bad input file or command-line usage
};

using Command = std::function<int()>;

Command add_run_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_replay_command(CLI::App& app);
Command add_safety_case_command(CLI::App& app);
Command add_export_command(CLI::App& app);
class MpiSweep;
Command add_sweep_command(CLI::App& app, MpiSweep& mpi);

}  // namespace lastmile::cli
