#include "recorded_run.hpp"

#include <iostream>

#include <lastmile/output/untrusted_run_file.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/input_error.hpp>

namespace lastmile::cli {

std::optional<RecordedRun> read_recorded_run(const std::string& file) {
    RecordedRun recorded;
    try {
        recorded.run = output::read_untrusted_run_file(file);
        recorded.spec = replay::load_embedded_scenario(recorded.run.provenance);
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return std::nullopt;
    } catch (const scenario::InputError& e) {
        std::cerr << "lastmile: " << file << ": "
                  << replay::embedded_dataset_of(e, recorded.run.provenance) << " does not load:\n"
                  << e.report() << '\n';
        return std::nullopt;
    } catch (const std::exception& e) {
        // Whatever else reading a file from elsewhere throws: still unreadable input.
        std::cerr << "lastmile: " << file << ": cannot be read: " << e.what() << '\n';
        return std::nullopt;
    }
    return recorded;
}

}  // namespace lastmile::cli
