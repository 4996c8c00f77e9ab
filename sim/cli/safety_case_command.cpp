// `lastmile safety-case RUN.h5 -o report.html`: the regulator's report of a recorded run,
// one self-contained HTML page (see lastmile/report/safety_case.hpp).

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include <lastmile/output/text_file.hpp>
#include <lastmile/report/safety_case.hpp>

#include "commands.hpp"
#include "output_guard.hpp"
#include "recorded_run.hpp"

namespace lastmile::cli {
namespace {

struct SafetyCaseArguments {
    std::string file;
    std::string output;
};

int safety_case(const SafetyCaseArguments& args) {
    const std::string output_path =
        args.output.empty() ? std::filesystem::path(args.file).stem().string() + "-safety-case.html"
                            : args.output;
    if (const auto refused = output_refusal(output_path, {args.file}); refused) {
        std::cerr << "lastmile: " << *refused << '\n';
        return kBadInput;
    }
    const auto recorded = read_recorded_run(args.file);
    if (!recorded) {
        return kBadInput;
    }
    const auto& [run, spec] = *recorded;
    const auto verdicts = report::safety_verdicts(spec, run.records);
    try {
        output::write_text_file(output_path, report::safety_case_html(spec, run));
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kRunFailed;
    }
    std::size_t targets = 0;
    std::size_t failed = 0;
    for (const auto& v : verdicts) {
        targets += v.target_per_1000_h ? 1 : 0;
        failed += v.verdict() == "fail" ? 1 : 0;
    }
    fmt::print("{}: {} incidents, {} of {} target levels of safety met\n", output_path,
               run.records.safety.size(), targets - failed, targets);
    return kOk;
}

}  // namespace

Command add_safety_case_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "safety-case", "Write the safety case of a recorded run as one self-contained HTML page");
    auto args = std::make_shared<SafetyCaseArguments>();
    cmd->add_option("RUN", args->file, "Results file (HDF5) written by `lastmile run`")->required();
    cmd->add_option("-o,--output", args->output,
                    "HTML file to write (default: RUN's name with -safety-case.html, here)");
    return [args] { return safety_case(*args); };
}

}  // namespace lastmile::cli
