// lastmile: command-line entry point. All logic lives in lastmile::core; this file only wires
// subcommands to it and maps outcomes to exit codes.

#include <csignal>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include <lastmile/version.hpp>

#include "commands.hpp"
#include "mpi_sweep.hpp"

int main(int argc, char** argv) {
    using namespace lastmile::cli;
    // Past a file-size limit (ulimit -f, a quota), a write should fail and be reported like a
    // full disk, and the temporary file removed, rather than the process being killed with a
    // half-written file left behind.
    std::signal(SIGXFSZ, SIG_IGN);
    // Before the arguments are parsed: an MPI launcher may add its own.
    MpiSweep mpi(argc, argv);
    CLI::App app{
        "LastMile: discrete-event simulation of drone and sidewalk-robot last-mile delivery",
        "lastmile"};
    app.set_version_flag("--version", std::string(lastmile::version()) + " (" +
                                          std::string(lastmile::git_sha()) + ")");
    app.require_subcommand(1);
    app.footer("Exit codes: 0 ok, 1 run failed, 2 bad input or usage.");

    const Command run = add_run_command(app);
    const Command validate = add_validate_command(app);
    const Command sweep = add_sweep_command(app, mpi);
    const Command replay = add_replay_command(app);
    const Command safety_case = add_safety_case_command(app);
    const Command export_run = add_export_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Help and version are successes; every other parse failure is a usage error.
        const int code = app.exit(e);
        return code == 0 ? kOk : kBadInput;
    }
    if (app.got_subcommand("run")) {
        return run();
    }
    if (app.got_subcommand("sweep")) {
        return sweep();
    }
    if (app.got_subcommand("replay")) {
        return replay();
    }
    if (app.got_subcommand("safety-case")) {
        return safety_case();
    }
    if (app.got_subcommand("export")) {
        return export_run();
    }
    return validate();
}
