#pragma once
// What every fuzz target shares: a located InputError is the expected outcome for bad input;
// any other exception is a finding, reported and turned into a crash that libFuzzer keeps.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <lastmile/scenario/input_error.hpp>

namespace lastmile::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::abort();
}

/// Runs `load`; returns normally when it succeeds or throws an InputError whose report is
/// well formed, and aborts on anything else.
template <typename Load>
void expect_success_or_input_error(Load&& load) {
    try {
        load();
    } catch (const scenario::InputError& e) {
        if (e.message().empty() || e.report().empty() || e.where().line < 0 ||
            e.where().column < 0) {
            finding("malformed InputError: '" + e.report() + "'");
        }
    } catch (const std::exception& e) {
        finding(std::string("exception other than InputError: ") + e.what());
    } catch (...) {
        finding("exception of unknown type");
    }
}

}  // namespace lastmile::fuzz
